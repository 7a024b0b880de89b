package bd

import "github.com/vextrus/vextrus/internal/platform/errs"

// BIN is the 13-digit Business Identification Number NBR has issued for VAT
// registration since the VAT and SD Act 2012 took effect in July 2019. It
// appears on every Mushak 6.3 invoice.
type BIN string

const binFormat = "must be the 13-digit NBR Business Identification Number, e.g. 000123456-0101 (spaces and dashes allowed)"

// ParseBIN reads a BIN such as "000123456-0101" or "0001 2345 60101" and
// returns its 13 digits. Returns INVALID_ARGUMENT on field "bin"; an old
// 11-digit BIN gets a message saying it was replaced.
func ParseBIN(s string) (BIN, error) {
	d, ok := digitsOf(s, " -")
	switch {
	case ok && len(d) == 13:
		return BIN(d), nil
	case ok && len(d) == 11:
		return "", errs.Field("bin", "%s; 11-digit BINs were replaced by 13-digit ones in 2019", binFormat)
	}
	return "", errs.Field("bin", binFormat)
}

// String returns the 13 digits.
func (b BIN) String() string { return string(b) }

// MarshalText returns the 13 digits.
func (b BIN) MarshalText() ([]byte, error) { return []byte(b), nil }

// UnmarshalText parses like ParseBIN; empty text is the zero BIN.
func (b *BIN) UnmarshalText(text []byte) error { return parseText(b, text, ParseBIN) }

// TIN is the 12-digit electronic Taxpayer Identification Number (e-TIN)
// issued by NBR for income tax, which AIT and TDS certificates cite.
type TIN string

const tinFormat = "must be the 12-digit e-TIN, e.g. 123456789012 (spaces and dashes allowed)"

// ParseTIN reads an e-TIN and returns its 12 digits. Returns
// INVALID_ARGUMENT on field "tin"; an old 10-digit TIN gets a message saying
// it was replaced.
func ParseTIN(s string) (TIN, error) {
	d, ok := digitsOf(s, " -")
	switch {
	case ok && len(d) == 12:
		return TIN(d), nil
	case ok && len(d) == 10:
		return "", errs.Field("tin", "%s; 10-digit TINs were replaced by 12-digit e-TINs", tinFormat)
	}
	return "", errs.Field("tin", tinFormat)
}

// String returns the 12 digits.
func (t TIN) String() string { return string(t) }

// MarshalText returns the 12 digits.
func (t TIN) MarshalText() ([]byte, error) { return []byte(t), nil }

// UnmarshalText parses like ParseTIN; empty text is the zero TIN.
func (t *TIN) UnmarshalText(text []byte) error { return parseText(t, text, ParseTIN) }
