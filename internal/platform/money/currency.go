// Package money holds exact monetary amounts: an int64 count of minor units
// (poisha for BDT) with an ISO 4217 currency code. Nothing here uses floating
// point; every operation that could lose a minor unit either states its
// rounding or refuses, and every operation that could overflow returns an
// error instead of wrapping.
package money

import (
	"strings"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Currency is an ISO 4217 alphabetic code such as "BDT".
type Currency string

// Currencies the platform knows. Bangladeshi businesses bill in BDT and
// import or export mostly in the others.
const (
	BDT Currency = "BDT"
	USD Currency = "USD"
	EUR Currency = "EUR"
	GBP Currency = "GBP"
	INR Currency = "INR"
	CNY Currency = "CNY"
	JPY Currency = "JPY"
	SGD Currency = "SGD"
	MYR Currency = "MYR"
	AED Currency = "AED"
	SAR Currency = "SAR"
	KWD Currency = "KWD"
)

type currencyInfo struct {
	exponent int    // minor-unit digits per ISO 4217
	symbol   string // used by FormatLakh WithSymbol
}

// currencies is the closed table of known currencies; an unknown code is
// refused at every edge, so the exponent lookup below never guesses.
var currencies = map[Currency]currencyInfo{
	BDT: {2, "৳"},
	USD: {2, "$"},
	EUR: {2, "€"},
	GBP: {2, "£"},
	INR: {2, "₹"},
	CNY: {2, "CN¥"},
	JPY: {0, "¥"},
	SGD: {2, "S$"},
	MYR: {2, "RM"},
	AED: {2, "AED "},
	SAR: {2, "SAR "},
	KWD: {3, "KD "},
}

// ParseCurrency reads a currency code, case-insensitively. Returns
// INVALID_ARGUMENT (field "currency") for an unknown code.
func ParseCurrency(s string) (Currency, error) {
	c := Currency(strings.ToUpper(strings.TrimSpace(s)))
	if !c.Valid() {
		return "", errs.Field("currency", "must be a known ISO 4217 code such as BDT, USD or EUR")
	}
	return c, nil
}

// Valid reports whether c is a known currency.
func (c Currency) Valid() bool {
	_, ok := currencies[c]
	return ok
}

// Exponent returns the number of minor-unit digits of c (2 for BDT: 100
// poisha to the taka). Unknown currencies report 0.
func (c Currency) Exponent() int { return currencies[c].exponent }

// Symbol returns the display symbol of c, or the code followed by a space
// when the currency has no symbol of its own.
func (c Currency) Symbol() string {
	if i, ok := currencies[c]; ok {
		return i.symbol
	}
	return string(c) + " "
}

// String returns the code.
func (c Currency) String() string { return string(c) }
