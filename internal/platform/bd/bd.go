// Package bd holds Bangladesh identifiers and formats: the NBR Business
// Identification Number (BIN), the e-TIN, the national ID (NID), mobile
// numbers, HS codes, Bengali digits and the fiscal year.
//
// Each identifier is its own string type so a TIN cannot be passed where a
// BIN is expected. A value returned by its Parse function is valid and
// normalised; converting a plain string (bd.BIN(s)) is for trusted sources
// such as the database only. Parsers accept what people type: spaces, dashes
// and Bengali digits. They refuse everything else with INVALID_ARGUMENT naming
// the field and the expected format. The zero value of each type means
// "none": it marshals as "" and "" unmarshals to it, so optional fields work
// in JSON; whether a field is required is the caller's rule.
package bd

import "strings"

// digitsOf returns the ASCII digits of s after dropping the separator
// characters in seps and converting Bengali digits; ok is false when
// anything else is left.
func digitsOf(s, seps string) (digits string, ok bool) {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '০' && r <= '৯':
			b.WriteRune('0' + (r - '০'))
		case strings.ContainsRune(seps, r):
		default:
			return "", false
		}
	}
	return b.String(), true
}

// parseText is the shared body of every UnmarshalText: empty text is the
// zero value, anything else must parse.
func parseText[T ~string](dst *T, text []byte, parse func(string) (T, error)) error {
	if len(text) == 0 {
		*dst = ""
		return nil
	}
	v, err := parse(string(text))
	if err != nil {
		return err
	}
	*dst = v
	return nil
}

// ToBengaliDigits replaces the ASCII digits in s with Bengali digits
// (০১২৩৪৫৬৭৮৯) and leaves everything else as it is, for bn documents such as
// a Mushak 6.3 printed in Bengali.
func ToBengaliDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '০' + (r - '0')
		}
		return r
	}, s)
}

// FromBengaliDigits replaces Bengali digits in s with ASCII digits, for input
// typed on a Bengali keyboard.
func FromBengaliDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '০' && r <= '৯' {
			return '0' + (r - '০')
		}
		return r
	}, s)
}
