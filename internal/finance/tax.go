package finance

import (
	"strconv"
	"strings"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// The one rounding rule of every tax amount (docs/finance.md): each line's
// gross (quantity × unit price), supplementary duty, VAT and VDS is
// computed exactly and rounded once, to the poisha, half away from zero
// (money.VATRounding); an invoice's totals are the sums of its lines'
// rounded amounts, so they add up exactly and a line's tax is what the
// line shows. AIT, withheld on a bill's whole net value, is rounded the
// same way once per bill.
const taxRounding = money.VATRounding

// Percent is an exact percentage in ten-thousandths of a percent: 15 %
// is 150000, 7.5 % is 75000. Rates come from the rules engine as decimal
// strings; none is written in the code.
type Percent int64

// percentScale is the ten-thousandths of one percent; a Percent applied to
// an amount divides by 100 × percentScale.
const percentScale = 10_000

// ParsePercent reads a non-negative decimal percentage with at most four
// decimals ("15", "7.50", "0.25").
func ParsePercent(s string) (Percent, error) {
	v, err := parseScaled(s)
	if err != nil {
		return 0, err
	}
	return Percent(v), nil
}

// BasisPoints returns p in basis points (hundredths of a percent) and
// whether it is a whole number of them, as the VAT register keeps rates.
func (p Percent) BasisPoints() (int, bool) { return int(p / 100), p%100 == 0 }

// String returns p as a decimal without trailing zeros ("7.5").
func (p Percent) String() string { return formatScaled(int64(p)) }

// of returns amount × p rounded by the tax rule.
func (p Percent) of(amount int64) (int64, error) {
	a, err := money.New(amount, money.BDT).MulFrac(int64(p), 100*percentScale, taxRounding)
	return a.Minor(), err
}

// Quantity is an exact quantity in ten-thousandths: "2.5" is 25000.
type Quantity int64

// quantityScale is the ten-thousandths in one unit.
const quantityScale = 10_000

// ParseQuantity reads a positive decimal quantity with at most four
// decimals. Returns INVALID_ARGUMENT naming field.
func ParseQuantity(field, s string) (Quantity, error) {
	v, err := parseScaled(strings.TrimSpace(s))
	if err != nil || v <= 0 {
		return 0, errs.Field(field, `must be a positive decimal with at most 4 decimals, such as "2.5"`)
	}
	return Quantity(v), nil
}

// String returns q as a decimal without trailing zeros.
func (q Quantity) String() string { return formatScaled(int64(q)) }

// times returns q × perUnit poisha, rounded by the tax rule.
func (q Quantity) times(perUnit int64) (int64, error) {
	a, err := money.New(perUnit, money.BDT).MulFrac(int64(q), quantityScale, taxRounding)
	return a.Minor(), err
}

// parseScaled reads an unsigned decimal with at most four decimals as
// ten-thousandths.
func parseScaled(s string) (int64, error) {
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
	return w*10_000 + f, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func formatScaled(v int64) string {
	s := strconv.FormatInt(v/10_000, 10)
	if f := v % 10_000; f != 0 {
		s += "." + strings.TrimRight(strconv.FormatInt(10_000+f, 10)[1:], "0")
	}
	return s
}

// The VAT treatments the vat.rate table answers.
const (
	TreatmentStandard  = "standard"
	TreatmentReduced   = "reduced"
	TreatmentZeroRated = "zero_rated"
	TreatmentExempt    = "exempt"
	// TreatmentSpecific is a fixed VAT per unit (Specific) instead of a
	// rate.
	TreatmentSpecific = "specific"
)

// TaxRate is what applies to one line: the vat.rate table's answer for
// its category and supply type, and the vds.rate table's share of the
// VAT the buyer withholds.
type TaxRate struct {
	Treatment string
	VAT       Percent
	SD        Percent
	// Specific is the VAT per unit in poisha under TreatmentSpecific.
	Specific int64
	// VDS is the percentage of the line's VAT the buyer deducts at source.
	VDS Percent
}

// LineAmounts are one line's amounts in poisha.
type LineAmounts struct {
	Gross    int64 `json:"gross"`
	Discount int64 `json:"discount"`
	Net      int64 `json:"net"`
	SD       int64 `json:"sd"`
	VAT      int64 `json:"vat"`
	VDS      int64 `json:"vds"`
}

// ComputeLine computes a line of qty units at unitPrice poisha less
// discount poisha under r: gross = qty × unitPrice; net = gross −
// discount; SD = net × r.SD; VAT = (net + SD) × r.VAT, for VAT is charged
// on the SD-inclusive value (or qty × r.Specific under the specific
// treatment); VDS = VAT × r.VDS. Each is rounded once, to the poisha,
// half away from zero. Returns INVALID_ARGUMENT naming unitPrice or
// discount when they are negative, the discount exceeds the gross, or an
// amount is out of range.
func ComputeLine(qty Quantity, unitPrice, discount int64, r TaxRate) (LineAmounts, error) {
	c := &errs.Collector{}
	c.Check(unitPrice >= 0, "unitPrice", "must not be negative")
	c.Check(discount >= 0, "discount", "must not be negative")
	c.Check(qty > 0, "quantity", "must be positive")
	if err := c.Err(); err != nil {
		return LineAmounts{}, err
	}
	var l LineAmounts
	var err error
	if l.Gross, err = qty.times(unitPrice); err != nil || l.Gross > maxMinor {
		return LineAmounts{}, errs.Field("unitPrice", "quantity × unit price is out of range")
	}
	if discount > l.Gross {
		return LineAmounts{}, errs.Field("discount", "must not exceed the line's gross value (%s)", money.New(l.Gross, money.BDT))
	}
	l.Discount, l.Net = discount, l.Gross-discount
	if l.SD, err = r.SD.of(l.Net); err != nil {
		return LineAmounts{}, errs.Field("unitPrice", "the supplementary duty is out of range")
	}
	switch r.Treatment {
	case TreatmentExempt, TreatmentZeroRated:
		l.VAT = 0
	case TreatmentSpecific:
		l.VAT, err = qty.times(r.Specific)
	default:
		l.VAT, err = r.VAT.of(l.Net + l.SD)
	}
	if err != nil {
		return LineAmounts{}, errs.Field("unitPrice", "the VAT is out of range")
	}
	if l.VDS, err = r.VDS.of(l.VAT); err != nil {
		return LineAmounts{}, errs.Field("unitPrice", "the VAT deducted at source is out of range")
	}
	return l, nil
}

// Totals are a document's totals in poisha: sums of its lines, and the
// AIT withheld on the whole.
type Totals struct {
	Subtotal int64 `json:"subtotal"`
	Discount int64 `json:"discount"`
	Net      int64 `json:"net"`
	SD       int64 `json:"sd"`
	VAT      int64 `json:"vat"`
	VDS      int64 `json:"vds"`
	AIT      int64 `json:"ait"`
	// Total is net + SD + VAT; Payable is Total − VDS − AIT.
	Total   int64 `json:"total"`
	Payable int64 `json:"payable"`
}

// SumLines adds lines into totals, with ait withheld on the net (already
// computed by the caller from the ait.rate table). Returns
// INVALID_ARGUMENT when a total is out of range.
func SumLines(lines []LineAmounts, ait int64) (Totals, error) {
	var t Totals
	for _, l := range lines {
		t.Subtotal += l.Gross
		t.Discount += l.Discount
		t.Net += l.Net
		t.SD += l.SD
		t.VAT += l.VAT
		t.VDS += l.VDS
		if t.Subtotal > maxMinor || t.SD > maxMinor || t.VAT > maxMinor {
			return Totals{}, errs.Field("lines", "the total is out of range")
		}
	}
	t.AIT = ait
	t.Total = t.Net + t.SD + t.VAT
	t.Payable = t.Total - t.VDS - t.AIT
	if t.Total > maxMinor {
		return Totals{}, errs.Field("lines", "the total is out of range")
	}
	return t, nil
}

// AITOn returns the AIT at rate on net poisha, rounded by the tax rule.
func AITOn(net int64, rate Percent) (int64, error) { return rate.of(net) }
