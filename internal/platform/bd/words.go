package bd

import "strings"

// AmountInWords spells an amount of poisha in lakh/crore, as cheques and
// invoices in Bangladesh write it:
//
//	en: "Taka One Lakh Twenty-Three Thousand Four Hundred Fifty-Six and Seventy Poisha Only"
//	bn: "এক লক্ষ তেইশ হাজার চারশত ছাপ্পান্ন টাকা সত্তর পয়সা মাত্র"
//
// Any lang but "bn" gives English. Amounts of a hundred crore and more
// count the crores in words too ("Twelve Hundred Crore"). A negative
// amount is spelt with "Minus" ("ঋণাত্মক").
func AmountInWords(poisha int64, lang string) string {
	neg := poisha < 0
	var taka, paisa uint64
	if neg {
		taka, paisa = uint64(-(poisha / 100)), uint64(-(poisha % 100))
	} else {
		taka, paisa = uint64(poisha/100), uint64(poisha%100)
	}
	if lang == "bn" {
		s := lakhWords(taka, bnWords) + " টাকা"
		if paisa > 0 {
			s += " " + bnWords.small[paisa] + " পয়সা"
		}
		s += " মাত্র"
		if neg {
			s = "ঋণাত্মক " + s
		}
		return s
	}
	s := "Taka " + lakhWords(taka, enWords)
	if paisa > 0 {
		s += " and " + enWords.small[paisa] + " Poisha"
	}
	s += " Only"
	if neg {
		s = "Minus " + s
	}
	return s
}

// words is one language's vocabulary for numbers.
type words struct {
	small                 [100]string
	hundred               func(d uint64) string // 1..9 hundreds
	thousand, lakh, crore string
}

// lakhWords spells n with crore (10^7), lakh (10^5), thousand and
// hundred; a count of crores of 100 or more is spelt the same way.
func lakhWords(n uint64, w words) string {
	if n == 0 {
		return w.small[0]
	}
	var parts []string
	if c := n / 10_000_000; c > 0 {
		parts = append(parts, lakhWords(c, w), w.crore)
		n %= 10_000_000
	}
	if l := n / 100_000; l > 0 {
		parts = append(parts, w.small[l], w.lakh)
		n %= 100_000
	}
	if t := n / 1000; t > 0 {
		parts = append(parts, w.small[t], w.thousand)
		n %= 1000
	}
	if h := n / 100; h > 0 {
		parts = append(parts, w.hundred(h))
		n %= 100
	}
	if n > 0 {
		parts = append(parts, w.small[n])
	}
	return strings.Join(parts, " ")
}

var enWords = func() words {
	ones := []string{"Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine",
		"Ten", "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"}
	tens := []string{"", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"}
	w := words{thousand: "Thousand", lakh: "Lakh", crore: "Crore"}
	for i := range w.small {
		switch {
		case i < 20:
			w.small[i] = ones[i]
		case i%10 == 0:
			w.small[i] = tens[i/10]
		default:
			w.small[i] = tens[i/10] + "-" + ones[i%10]
		}
	}
	w.hundred = func(d uint64) string { return ones[d] + " Hundred" }
	return w
}()

// bnWords: the Bangla numbers below a hundred are each their own word
// (তেইশ is not "twenty-three" put together), so all hundred are listed.
var bnWords = words{
	small: [100]string{
		"শূন্য", "এক", "দুই", "তিন", "চার", "পাঁচ", "ছয়", "সাত", "আট", "নয়",
		"দশ", "এগারো", "বারো", "তেরো", "চৌদ্দ", "পনেরো", "ষোলো", "সতেরো", "আঠারো", "উনিশ",
		"বিশ", "একুশ", "বাইশ", "তেইশ", "চব্বিশ", "পঁচিশ", "ছাব্বিশ", "সাতাশ", "আটাশ", "ঊনত্রিশ",
		"ত্রিশ", "একত্রিশ", "বত্রিশ", "তেত্রিশ", "চৌত্রিশ", "পঁয়ত্রিশ", "ছত্রিশ", "সাঁইত্রিশ", "আটত্রিশ", "ঊনচল্লিশ",
		"চল্লিশ", "একচল্লিশ", "বিয়াল্লিশ", "তেতাল্লিশ", "চুয়াল্লিশ", "পঁয়তাল্লিশ", "ছেচল্লিশ", "সাতচল্লিশ", "আটচল্লিশ", "ঊনপঞ্চাশ",
		"পঞ্চাশ", "একান্ন", "বায়ান্ন", "তিপ্পান্ন", "চুয়ান্ন", "পঞ্চান্ন", "ছাপ্পান্ন", "সাতান্ন", "আটান্ন", "ঊনষাট",
		"ষাট", "একষট্টি", "বাষট্টি", "তেষট্টি", "চৌষট্টি", "পঁয়ষট্টি", "ছেষট্টি", "সাতষট্টি", "আটষট্টি", "ঊনসত্তর",
		"সত্তর", "একাত্তর", "বাহাত্তর", "তিয়াত্তর", "চুয়াত্তর", "পঁচাত্তর", "ছিয়াত্তর", "সাতাত্তর", "আটাত্তর", "ঊনআশি",
		"আশি", "একাশি", "বিরাশি", "তিরাশি", "চুরাশি", "পঁচাশি", "ছিয়াশি", "সাতাশি", "অষ্টাশি", "ঊননব্বই",
		"নব্বই", "একানব্বই", "বিরানব্বই", "তিরানব্বই", "চুরানব্বই", "পঁচানব্বই", "ছিয়ানব্বই", "সাতানব্বই", "আটানব্বই", "নিরানব্বই",
	},
	// Hundreds join the digit word: একশত, চারশত.
	hundred:  func(d uint64) string { return bnOnes[d] + "শত" },
	thousand: "হাজার", lakh: "লক্ষ", crore: "কোটি",
}

var bnOnes = [10]string{"", "এক", "দুই", "তিন", "চার", "পাঁচ", "ছয়", "সাত", "আট", "নয়"}
