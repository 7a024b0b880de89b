package bd

import "github.com/vextrus/vextrus/internal/platform/errs"

// HSCode is an 8-digit Harmonized System code of the Bangladesh customs
// tariff, which decides the VAT, SD and import duty of a product. It is
// stored as 8 plain digits.
type HSCode string

const hsFormat = "must be an 8-digit HS code, e.g. 0101.21.00 (dots, spaces and dashes allowed)"

// ParseHSCode reads an HS code written "0101.21.00", "0101 21 00" or
// "01012100" and returns its 8 digits. Returns INVALID_ARGUMENT on field
// "hsCode".
func ParseHSCode(s string) (HSCode, error) {
	d, ok := digitsOf(s, " .-")
	if !ok || len(d) != 8 {
		return "", errs.Field("hsCode", hsFormat)
	}
	return HSCode(d), nil
}

// String returns the 8 digits.
func (h HSCode) String() string { return string(h) }

// Formatted returns the code as the tariff prints it, "0101.21.00", or ""
// for the zero HSCode.
func (h HSCode) Formatted() string {
	if len(h) != 8 {
		return string(h)
	}
	return string(h[:4]) + "." + string(h[4:6]) + "." + string(h[6:])
}

// Chapter returns the first two digits, the tariff chapter ("01" for live
// animals).
func (h HSCode) Chapter() string { return string(h[:min(2, len(h))]) }

// Heading returns the first four digits, the tariff heading.
func (h HSCode) Heading() string { return string(h[:min(4, len(h))]) }

// MarshalText returns the 8 digits.
func (h HSCode) MarshalText() ([]byte, error) { return []byte(h), nil }

// UnmarshalText parses like ParseHSCode; empty text is the zero HSCode.
func (h *HSCode) UnmarshalText(text []byte) error { return parseText(h, text, ParseHSCode) }
