package money

import "strings"

// FormatOption adjusts FormatLakh.
type FormatOption func(*format)

type format struct {
	symbol  bool
	bengali bool
}

// WithSymbol prefixes the currency symbol: "৳12,34,567.89".
func WithSymbol() FormatOption { return func(f *format) { f.symbol = true } }

// WithBengaliDigits writes Bengali digits: "১২,৩৪,৫৬৭.৮৯".
func WithBengaliDigits() FormatOption { return func(f *format) { f.bengali = true } }

// FormatLakh formats a for people in South Asian (lakh/crore) grouping: the
// last three integer digits, then groups of two, so 1 crore 23 lakh reads
// "1,23,45,678.90". A minus sign leads, before any symbol: "-৳1,250.50".
// The result is for display only; APIs carry Decimal.
func FormatLakh(a Amount, opts ...FormatOption) string {
	var f format
	for _, o := range opts {
		o(&f)
	}
	dec := a.Decimal()
	var b strings.Builder
	if dec[0] == '-' {
		b.WriteByte('-')
		dec = dec[1:]
	}
	if f.symbol {
		b.WriteString(a.cur.Symbol())
	}
	intPart, frac, hasPoint := strings.Cut(dec, ".")
	b.WriteString(groupLakh(intPart))
	if hasPoint {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	if f.bengali {
		return bengali(b.String())
	}
	return b.String()
}

// groupLakh inserts commas into a run of ASCII digits: three digits at the
// right, then pairs.
func groupLakh(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	head, tail := digits[:len(digits)-3], digits[len(digits)-3:]
	var b strings.Builder
	lead := len(head) % 2
	if lead == 1 {
		b.WriteString(head[:1])
	}
	for i := lead; i < len(head); i += 2 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(head[i : i+2])
	}
	b.WriteByte(',')
	b.WriteString(tail)
	return b.String()
}

// bengali replaces ASCII digits with Bengali ones (U+09E6..U+09EF). The bd
// package has the same conversion; money keeps its own three lines rather
// than depend on the identifiers package for them.
func bengali(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '০' + (r - '0')
		}
		return r
	}, s)
}
