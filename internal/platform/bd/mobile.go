package bd

import (
	"strings"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Mobile is a Bangladeshi mobile number in E.164 form, "+8801XXXXXXXXX".
type Mobile string

const mobileFormat = "must be a Bangladeshi mobile number 01[3-9] followed by 8 digits, optionally with +880 in front, e.g. +8801712345678 (spaces and dashes allowed)"

// ParseMobile reads a mobile number written nationally ("01712-345678"),
// with the country code ("+880 1712 345678", "8801712345678") or with the
// international prefix ("008801712345678"), and returns it in E.164 form.
// Returns INVALID_ARGUMENT on field "mobile".
func ParseMobile(s string) (Mobile, error) {
	s = strings.TrimSpace(s)
	plus := strings.HasPrefix(s, "+")
	d, ok := digitsOf(strings.TrimPrefix(s, "+"), " -")
	if !ok {
		return "", errs.Field("mobile", mobileFormat)
	}
	// Reduce every accepted form to the national one: a national number
	// starts with 0, so a leading 880 is always the country code.
	switch {
	case !plus && strings.HasPrefix(d, "00880"):
		d = "0" + d[5:]
	case strings.HasPrefix(d, "880"):
		d = "0" + d[3:]
	case plus:
		return "", errs.Field("mobile", mobileFormat)
	}
	if len(d) != 11 || d[0] != '0' || d[1] != '1' || d[2] < '3' {
		return "", errs.Field("mobile", mobileFormat)
	}
	return Mobile("+88" + d), nil
}

// String returns the E.164 form, "+8801712345678".
func (m Mobile) String() string { return string(m) }

// National returns the number as written inside Bangladesh, "01712345678".
func (m Mobile) National() string { return strings.TrimPrefix(string(m), "+88") }

// MarshalText returns the E.164 form.
func (m Mobile) MarshalText() ([]byte, error) { return []byte(m), nil }

// UnmarshalText parses like ParseMobile; empty text is the zero Mobile.
func (m *Mobile) UnmarshalText(text []byte) error { return parseText(m, text, ParseMobile) }

// Operator is a mobile network operator in Bangladesh.
type Operator string

// Operators by the prefixes they were allotted.
const (
	Grameenphone Operator = "Grameenphone" // 013, 017
	Banglalink   Operator = "Banglalink"   // 014, 019
	Teletalk     Operator = "Teletalk"     // 015
	Robi         Operator = "Robi"         // 016 (formerly Airtel), 018
)

// Operator returns the operator that owns the number's prefix, or "" for
// the zero Mobile. Since mobile number portability (2018) a subscriber may
// have moved to another operator, so use it for display and routing hints,
// never for billing.
func (m Mobile) Operator() Operator {
	n := m.National()
	if len(n) != 11 {
		return ""
	}
	switch n[2] {
	case '3', '7':
		return Grameenphone
	case '4', '9':
		return Banglalink
	case '5':
		return Teletalk
	case '6', '8':
		return Robi
	}
	return ""
}
