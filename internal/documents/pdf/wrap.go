package pdf

import (
	"strings"
	"unicode"
)

// Wrap breaks s into lines no wider than w points in st, at spaces (Bangla
// separates words with spaces too) and at newlines. A word wider than w
// on its own is broken between grapheme clusters, never inside a conjunct
// or between a letter and its vowel sign.
func Wrap(s string, w float64, st Style) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			if line != "" && Measure(line+" "+word, st) <= w {
				line += " " + word
				continue
			}
			if line != "" {
				lines = append(lines, line)
				line = ""
			}
			for Measure(word, st) > w {
				head, tail := breakWord(word, w, st)
				if tail == "" {
					break
				}
				lines = append(lines, head)
				word = tail
			}
			line = word
		}
		lines = append(lines, line)
	}
	return lines
}

// breakWord returns the longest head of word (at least one cluster) that
// fits in w, and the rest.
func breakWord(word string, w float64, st Style) (head, tail string) {
	runes := []rune(word)
	best := 0
	for i := 1; i <= len(runes); i++ {
		if i < len(runes) && !clusterBoundary(runes[i-1], runes[i]) {
			continue
		}
		if best > 0 && Measure(string(runes[:i]), st) > w {
			break
		}
		best = i
	}
	return string(runes[:best]), string(runes[best:])
}

// clusterBoundary says whether a line may break between a and b: not
// before a combining mark (vowel signs, candrabindu, nukta), not after a
// virama (it joins the next consonant into a conjunct) nor around joiners.
func clusterBoundary(a, b rune) bool {
	switch {
	case unicode.In(b, unicode.Mn, unicode.Mc, unicode.Me):
		return false
	case a == 0x09CD, a == 0x200D, a == 0x200C, b == 0x200D, b == 0x200C:
		return false
	}
	return true
}
