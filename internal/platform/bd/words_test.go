package bd_test

import (
	"testing"

	"github.com/vextrus/vextrus/internal/platform/bd"
)

func TestAmountInWords(t *testing.T) {
	cases := []struct {
		name   string
		poisha int64
		en, bn string
	}{
		{"zero", 0, "Taka Zero Only", "শূন্য টাকা মাত্র"},
		{"one poisha", 1, "Taka Zero and One Poisha Only", "শূন্য টাকা এক পয়সা মাত্র"},
		{"one hundred taka", 100_00, "Taka One Hundred Only", "একশত টাকা মাত্র"},
		{"one hundred poisha is one taka", 100, "Taka One Only", "এক টাকা মাত্র"},
		{"one lakh", 1_00_000_00, "Taka One Lakh Only", "এক লক্ষ টাকা মাত্র"},
		{"the contract's example", 1_23_456_70,
			"Taka One Lakh Twenty-Three Thousand Four Hundred Fifty-Six and Seventy Poisha Only",
			"এক লক্ষ তেইশ হাজার চারশত ছাপ্পান্ন টাকা সত্তর পয়সা মাত্র"},
		{"crore with every group", 1_23_45_678_90,
			"Taka One Crore Twenty-Three Lakh Forty-Five Thousand Six Hundred Seventy-Eight and Ninety Poisha Only",
			"এক কোটি তেইশ লক্ষ পঁয়তাল্লিশ হাজার ছয়শত আটাত্তর টাকা নব্বই পয়সা মাত্র"},
		{"nines in every group", 99_99_99_999_00,
			"Taka Ninety-Nine Crore Ninety-Nine Lakh Ninety-Nine Thousand Nine Hundred Ninety-Nine Only",
			"নিরানব্বই কোটি নিরানব্বই লক্ষ নিরানব্বই হাজার নয়শত নিরানব্বই টাকা মাত্র"},
		{"nines as poisha", 99_99_99_999,
			"Taka Ninety-Nine Lakh Ninety-Nine Thousand Nine Hundred Ninety-Nine and Ninety-Nine Poisha Only",
			"নিরানব্বই লক্ষ নিরানব্বই হাজার নয়শত নিরানব্বই টাকা নিরানব্বই পয়সা মাত্র"},
		{"hundreds of crores count crores in words", 1_234_00_00_000_00,
			"Taka One Thousand Two Hundred Thirty-Four Crore Only",
			"এক হাজার দুইশত চৌত্রিশ কোটি টাকা মাত্র"},
		{"gaps are skipped", 1_00_00_005_05,
			"Taka One Crore Five and Five Poisha Only",
			"এক কোটি পাঁচ টাকা পাঁচ পয়সা মাত্র"},
		{"irregular teens and tens", 29_39_049_89,
			"Taka Twenty-Nine Lakh Thirty-Nine Thousand Forty-Nine and Eighty-Nine Poisha Only",
			"ঊনত্রিশ লক্ষ ঊনচল্লিশ হাজার ঊনপঞ্চাশ টাকা ঊননব্বই পয়সা মাত্র"},
		{"negative", -150, "Minus Taka One and Fifty Poisha Only", "ঋণাত্মক এক টাকা পঞ্চাশ পয়সা মাত্র"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := bd.AmountInWords(c.poisha, "en"); got != c.en {
				t.Errorf("en: got %q, want %q", got, c.en)
			}
			if got := bd.AmountInWords(c.poisha, "bn"); got != c.bn {
				t.Errorf("bn: got %q, want %q", got, c.bn)
			}
		})
	}
}

func TestAmountInWordsOtherLanguagesAreEnglish(t *testing.T) {
	if got := bd.AmountInWords(5_00, ""); got != "Taka Five Only" {
		t.Errorf("got %q", got)
	}
}
