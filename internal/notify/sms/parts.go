package sms

import "unicode/utf16"

// Encoding is how a text travels: GSM-7 when every character is in the
// GSM 03.38 default alphabet or its extension table, else UCS-2.
type Encoding string

// The two encodings of an SMS.
const (
	GSM7 Encoding = "GSM-7"
	UCS2 Encoding = "UCS-2"
)

// The part sizes: a single message holds 160 septets or 70 UCS-2 code
// units; a concatenated one loses room to its User Data Header, leaving
// 153 and 67 per part.
const (
	gsmSingle, gsmPart   = 160, 153
	ucs2Single, ucs2Part = 70, 67
)

// gsmBasic is the GSM 03.38 default alphabet, one septet each.
const gsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
	"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"

// gsmExtension is the extension table: each is an escape and a septet.
const gsmExtension = "\f^{}\\[~]|€"

var gsmCost = func() map[rune]int {
	m := map[rune]int{}
	for _, r := range gsmBasic {
		m[r] = 1
	}
	for _, r := range gsmExtension {
		m[r] = 2
	}
	return m
}()

// EncodingOf returns the encoding text needs: UCS-2 as soon as one
// character (any Bangla letter, an emoji, a curly quote) is outside GSM-7.
func EncodingOf(text string) Encoding {
	for _, r := range text {
		if gsmCost[r] == 0 {
			return UCS2
		}
	}
	return GSM7
}

// Parts counts the SMS parts text is sent (and billed) as: in GSM-7 up to
// 160 septets is one part, longer texts go in parts of 153, an extension
// character ({, €, ...) taking two septets; in UCS-2 up to 70 UTF-16 code
// units is one part, longer texts go in parts of 67, a character outside
// the Basic Multilingual Plane (an emoji) taking two units. A character's
// units are never split across parts, as handsets reassemble characters
// only within a part. The empty text is 0 parts.
func Parts(text string) int {
	enc := EncodingOf(text)
	single, part := gsmSingle, gsmPart
	cost := func(r rune) int { return gsmCost[r] }
	if enc == UCS2 {
		single, part = ucs2Single, ucs2Part
		cost = func(r rune) int {
			if utf16.RuneLen(r) == 2 {
				return 2
			}
			return 1
		}
	}
	total := 0
	for _, r := range text {
		total += cost(r)
	}
	switch {
	case total == 0:
		return 0
	case total <= single:
		return 1
	}
	parts, used := 1, 0
	for _, r := range text {
		c := cost(r)
		if used+c > part {
			parts++
			used = 0
		}
		used += c
	}
	return parts
}
