package money

import (
	"math"
	"strconv"
	"strings"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Parse reads a decimal amount of currency c: an optional sign, digits with
// optional grouping commas (Western "1,250,000.75" or lakh "12,50,000.75"),
// and at most c.Exponent() decimals ("1250.5" is 1250.50; "1250.505" is
// refused rather than rounded, because a price the client did not send must
// not be invented). Surrounding spaces are ignored.
//
// Returns INVALID_ARGUMENT with field "amount" for a malformed or
// out-of-range number and field "currency" for an unknown currency.
func Parse(s string, c Currency) (Amount, error) {
	if !c.Valid() {
		return Amount{}, errs.Field("currency", "must be a known ISO 4217 code such as BDT, USD or EUR")
	}
	s = strings.TrimSpace(s)
	negative := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		negative = s[0] == '-'
		s = s[1:]
	}
	intPart, frac, hasPoint := strings.Cut(s, ".")
	if intPart == "" || hasPoint && frac == "" {
		return Amount{}, badAmount()
	}
	digits, ok := ungroup(intPart)
	if !ok || !allDigits(frac) {
		return Amount{}, badAmount()
	}
	exp := c.Exponent()
	if len(frac) > exp {
		if exp == 0 {
			return Amount{}, errs.Field("amount", "%s amounts take no decimals", c)
		}
		return Amount{}, errs.Field("amount", "%s amounts take at most %d decimals", c, exp)
	}
	digits += frac + strings.Repeat("0", exp-len(frac))

	limit := uint64(math.MaxInt64)
	if negative {
		limit++ // math.MinInt64 has one more unit of magnitude
	}
	var m uint64
	for i := 0; i < len(digits); i++ {
		d := uint64(digits[i] - '0')
		if m > (limit-d)/10 {
			return Amount{}, errs.Field("amount", "is out of range")
		}
		m = m*10 + d
	}
	v, _ := signed(m, negative)
	return Amount{minor: v, cur: c}, nil
}

// ungroup removes grouping commas from the integer part, accepting only
// consistent groups: the last of three digits, the middle ones all of three
// (Western) or all of two (lakh), the first no longer than the middle ones.
func ungroup(s string) (string, bool) {
	if !strings.Contains(s, ",") {
		return s, allDigits(s)
	}
	groups := strings.Split(s, ",")
	last := groups[len(groups)-1]
	middle := groups[1 : len(groups)-1]
	size := 3
	if len(middle) > 0 {
		size = len(middle[0])
	}
	if len(last) != 3 || size != 2 && size != 3 {
		return "", false
	}
	for _, g := range middle {
		if len(g) != size {
			return "", false
		}
	}
	if first := groups[0]; first == "" || len(first) > size {
		return "", false
	}
	joined := strings.Join(groups, "")
	return joined, allDigits(joined)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func badAmount() error {
	return errs.Field("amount", `must be a decimal number such as "1250.50" or "-1,25,000.75"`)
}

// Decimal returns the plain decimal string of a, as APIs carry it: no
// grouping, no symbol, exactly the currency's decimals ("1250.50", "-0.05",
// "1250" for JPY). It round-trips through Parse.
func (a Amount) Decimal() string {
	digits := strconv.FormatUint(magnitude(a.minor), 10)
	exp := a.cur.Exponent()
	if len(digits) <= exp {
		digits = strings.Repeat("0", exp-len(digits)+1) + digits
	}
	var b strings.Builder
	if a.minor < 0 {
		b.WriteByte('-')
	}
	b.WriteString(digits[:len(digits)-exp])
	if exp > 0 {
		b.WriteByte('.')
		b.WriteString(digits[len(digits)-exp:])
	}
	return b.String()
}

// String returns Decimal, so an amount prints as its API form.
func (a Amount) String() string { return a.Decimal() }
