package finance

import (
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/qty"
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
	v, err := qty.ParseScaled(s)
	if err != nil {
		return 0, err
	}
	return Percent(v), nil
}

// BasisPoints returns p in basis points (hundredths of a percent) and
// whether it is a whole number of them, as the VAT register keeps rates.
func (p Percent) BasisPoints() (int, bool) { return int(p / 100), p%100 == 0 }

// String returns p as a decimal without trailing zeros ("7.5").
func (p Percent) String() string { return qty.FormatScaled(int64(p)) }

// of returns amount × p rounded by the tax rule.
func (p Percent) of(amount int64) (int64, error) {
	a, err := money.New(amount, money.BDT).MulFrac(int64(p), 100*percentScale, taxRounding)
	return a.Minor(), err
}

// Quantity is an exact quantity in ten-thousandths: "2.5" is 25000.
type Quantity = qty.Qty

// ParseQuantity reads a positive decimal quantity with at most four
// decimals. Returns INVALID_ARGUMENT naming field.
func ParseQuantity(field, s string) (Quantity, error) { return qty.Parse(field, s) }

// times returns q × perUnit poisha, rounded by the tax rule.
func times(q Quantity, perUnit int64) (int64, error) {
	a, err := money.New(perUnit, money.BDT).MulFrac(int64(q), qty.Scale, taxRounding)
	return a.Minor(), err
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
	if l.Gross, err = times(qty, unitPrice); err != nil || l.Gross > maxMinor {
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
		l.VAT, err = times(qty, r.Specific)
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
