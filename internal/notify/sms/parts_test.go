package sms_test

import (
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/notify/sms"
)

func TestPartsCountsGSM7AndUCS2(t *testing.T) {
	cases := []struct {
		name  string
		text  string
		enc   sms.Encoding
		parts int
	}{
		{"empty text is no part", "", sms.GSM7, 0},
		{"160 GSM characters fit one part", strings.Repeat("a", 160), sms.GSM7, 1},
		{"161 GSM characters need two parts of 153", strings.Repeat("a", 161), sms.GSM7, 2},
		{"306 GSM characters fit two parts", strings.Repeat("a", 306), sms.GSM7, 2},
		{"307 GSM characters need three parts", strings.Repeat("a", 307), sms.GSM7, 3},
		{"extension characters count double", strings.Repeat("€", 80), sms.GSM7, 1},
		{"81 euro signs are 162 septets", strings.Repeat("€", 81), sms.GSM7, 2},
		{"an escape pair is not split across parts", strings.Repeat("a", 152) + "{" + strings.Repeat("a", 10), sms.GSM7, 2},
		{"an escape pair at a part's end moves to the next", strings.Repeat("a", 152) + "{" + strings.Repeat("a", 152), sms.GSM7, 3},
		{"GSM accents stay GSM-7", "Café à Dhaka, Ñandu Ø", sms.GSM7, 1},
		{"70 Bangla characters fit one part", strings.Repeat("ক", 70), sms.UCS2, 1},
		{"71 Bangla characters need two parts of 67", strings.Repeat("ক", 71), sms.UCS2, 2},
		{"134 Bangla characters fit two parts", strings.Repeat("ক", 134), sms.UCS2, 2},
		{"135 Bangla characters need three", strings.Repeat("ক", 135), sms.UCS2, 3},
		{"one Bangla letter turns a Latin text to UCS-2", strings.Repeat("a", 69) + "ক", sms.UCS2, 1},
		{"a Latin text of 71 with one Bangla letter is two parts", strings.Repeat("a", 70) + "ক", sms.UCS2, 2},
		{"an emoji counts two UTF-16 units", strings.Repeat("😀", 35), sms.UCS2, 1},
		{"36 emoji are 72 units", strings.Repeat("😀", 36), sms.UCS2, 2},
		{"a surrogate pair is not split across parts", strings.Repeat("ক", 66) + "😀" + strings.Repeat("ক", 10), sms.UCS2, 2},
		{"a surrogate pair at a part's end moves to the next", strings.Repeat("ক", 66) + "😀" + strings.Repeat("ক", 66), sms.UCS2, 3},
		{"a curly quote is not GSM", "it’s", sms.UCS2, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := sms.EncodingOf(c.text); got != c.enc {
				t.Errorf("EncodingOf = %s, want %s", got, c.enc)
			}
			if got := sms.Parts(c.text); got != c.parts {
				t.Errorf("Parts = %d, want %d", got, c.parts)
			}
		})
	}
}

func TestPartsOfABanglaNotice(t *testing.T) {
	// A typical Bangla payment notice: 2 parts, not the 1 a character
	// count against 160 would suggest.
	text := "প্রিয় গ্রাহক, আপনার চালান INV-2026-0042 এর ১২,৫০০.০০ টাকা পরিশোধ গৃহীত হয়েছে। ধন্যবাদ।"
	if n := len([]rune(text)); n <= 70 || n > 134 {
		t.Fatalf("fixture has %d characters; want 71..134", n)
	}
	if got := sms.Parts(text); got != 2 {
		t.Fatalf("Parts = %d, want 2", got)
	}
}
