package gateway

import "strings"

// maxNesting is how deep the brackets of a document may nest: twice the
// depth limit (a selection set and an inline fragment per level) plus
// room for argument values, lists and introspection's ofType chain.
func (l Limits) maxNesting() int { return 2*l.MaxDepth + 32 }

// checkNesting refuses a document whose brackets nest deeper than
// maxNesting, from its text, before the parser reads it: the parser's
// time grows faster than the document with nesting (100,000 levels,
// 400 KB, took seconds where a flat document of that size takes a
// tenth of one), and the depth limit is only measured after parsing.
// Returns INVALID_ARGUMENT naming depth.
func (l Limits) checkNesting(doc string) error {
	if n, limit := nesting(doc, l.maxNesting()), l.maxNesting(); n > limit {
		return limitErr("depth", "the document's brackets nest more than %d levels deep, beyond what gateway.max_depth (%d) allows", limit, l.MaxDepth)
	}
	return nil
}

// nesting returns how deep the {, [ and ( of a GraphQL document nest,
// outside strings, block strings and comments, or stop+1 once past stop.
// A bracket without its match counts as the lexer would leave it; the
// parser reports the syntax error.
func nesting(doc string, stop int) int {
	depth, most := 0, 0
	for i := 0; i < len(doc); i++ {
		switch doc[i] {
		case '#':
			for i < len(doc) && doc[i] != '\n' && doc[i] != '\r' {
				i++
			}
		case '"':
			i = stringEnd(doc, i)
		case '{', '[', '(':
			depth++
			if depth > most {
				most = depth
				if most > stop {
					return most
				}
			}
		case '}', ']', ')':
			depth = max(0, depth-1)
		}
	}
	return most
}

// stringEnd returns the index of the last byte of the string or block
// string that starts at doc[i], or the last byte of doc when it is not
// closed.
func stringEnd(doc string, i int) int {
	if strings.HasPrefix(doc[i:], `"""`) {
		for j := i + 3; j < len(doc); j++ {
			switch {
			case strings.HasPrefix(doc[j:], `\"""`):
				j += 3
			case strings.HasPrefix(doc[j:], `"""`):
				return j + 2
			}
		}
		return len(doc) - 1
	}
	for j := i + 1; j < len(doc); j++ {
		switch doc[j] {
		case '\\':
			j++
		case '"', '\n', '\r':
			return j
		}
	}
	return len(doc) - 1
}
