// Package qty is an exact quantity of goods in ten-thousandths of a unit:
// "2.5" bags is 25000. Stock, orders and invoices count in it, so a
// quantity never passes through a float.
package qty

import (
	"strconv"
	"strings"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// Qty is a quantity in ten-thousandths of its unit.
type Qty int64

// Scale is the ten-thousandths in one unit.
const Scale = 10_000

// Parse reads a positive decimal with at most four decimals. Returns
// INVALID_ARGUMENT naming field.
func Parse(field, s string) (Qty, error) {
	v, err := ParseScaled(strings.TrimSpace(s))
	if err != nil || v <= 0 {
		return 0, errs.Field(field, `must be a positive decimal with at most 4 decimals, such as "2.5"`)
	}
	return Qty(v), nil
}

// ParseNonNegative is Parse that also takes zero.
func ParseNonNegative(field, s string) (Qty, error) {
	v, err := ParseScaled(strings.TrimSpace(s))
	if err != nil {
		return 0, errs.Field(field, `must be a decimal of zero or more with at most 4 decimals, such as "2.5"`)
	}
	return Qty(v), nil
}

// String returns q as a decimal without trailing zeros; a negative q
// has a leading minus.
func (q Qty) String() string {
	if q < 0 {
		return "-" + FormatScaled(-int64(q))
	}
	return FormatScaled(int64(q))
}

// Times returns q × perUnit minor units of cur, rounded half away from
// zero to the minor unit.
func (q Qty) Times(perUnit int64, cur money.Currency) (money.Amount, error) {
	return money.New(perUnit, cur).MulFrac(int64(q), Scale, money.VATRounding)
}

// ParseScaled reads an unsigned decimal with at most four decimals as
// ten-thousandths.
func ParseScaled(s string) (int64, error) {
	whole, raw, dot := strings.Cut(s, ".")
	frac := strings.TrimRight(raw, "0")
	bad := whole == "" || (dot && raw == "") || len(frac) > 4 || !digits(whole) || !digits(raw) || len(whole) > 12
	if bad {
		return 0, errs.Field("value", `must be a decimal with at most 4 decimals`)
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f := int64(0)
	if frac != "" {
		f, _ = strconv.ParseInt(frac+strings.Repeat("0", 4-len(frac)), 10, 64)
	}
	return w*Scale + f, nil
}

// FormatScaled writes a non-negative number of ten-thousandths as a
// decimal without trailing zeros.
func FormatScaled(v int64) string {
	s := strconv.FormatInt(v/Scale, 10)
	if f := v % Scale; f != 0 {
		s += "." + strings.TrimRight(strconv.FormatInt(Scale+f, 10)[1:], "0")
	}
	return s
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
