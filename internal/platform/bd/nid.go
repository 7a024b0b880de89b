package bd

import (
	"strconv"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// NID is a Bangladeshi national ID number: 10 digits (smart card), 13 digits
// (older laminated card) or 17 digits (the 13-digit form prefixed with the
// holder's birth year).
type NID string

const nidFormat = "must be a national ID of 10, 13 or 17 digits"

// ParseNID reads a national ID and returns its digits. Beyond digits and
// length it checks only that a 17-digit NID starts with a plausible birth
// year, 1900 up to the current year in Dhaka; the other digits encode
// district and serial numbers that are not validated here. Returns
// INVALID_ARGUMENT on field "nid".
func ParseNID(s string) (NID, error) {
	d, ok := digitsOf(s, " -")
	if !ok {
		return "", errs.Field("nid", nidFormat)
	}
	switch len(d) {
	case 10, 13:
		return NID(d), nil
	case 17:
		year, _ := strconv.Atoi(d[:4])
		now := time.Now().In(Dhaka()).Year()
		if year < 1900 || year > now {
			return "", errs.Field("nid", "%s; a 17-digit NID starts with the birth year (1900-%d)", nidFormat, now)
		}
		return NID(d), nil
	}
	return "", errs.Field("nid", nidFormat)
}

// String returns the digits.
func (n NID) String() string { return string(n) }

// MarshalText returns the digits.
func (n NID) MarshalText() ([]byte, error) { return []byte(n), nil }

// UnmarshalText parses like ParseNID; empty text is the zero NID.
func (n *NID) UnmarshalText(text []byte) error { return parseText(n, text, ParseNID) }
