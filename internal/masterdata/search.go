package masterdata

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/db"
)

// search reads a page of the records that have every one of terms: their
// ids from the terms table (one index range per term), the other filters
// on those records only, then the page by primary key. The terms table
// exists because the planner may not use an index for a condition that
// is not leakproof before the tenant policy, and array containment is not.
func (s *store[T]) search(ctx context.Context, tx *db.Tx, where []string, args []any, terms []string) (pgx.Rows, error) {
	slices.Sort(terms)
	terms = slices.Compact(terms)
	args = append(args, terms, len(terms))
	n := len(args)
	idRows, err := tx.Query(ctx, fmt.Sprintf(`with hits as materialized (
			select id from %[1]s where tenant_id = $1 and term = any($%[4]d) group by id having count(*) = $%[5]d)
		select id from %[2]s join hits using (id) where %[3]s order by id limit $%[6]d`,
		s.terms, s.table, strings.Join(where, " and "), n-1, n, n-2), args...)
	if err != nil {
		return nil, err
	}
	ids, err := pgx.CollectRows(idRows, pgx.RowTo[uuid.UUID])
	if err != nil {
		return nil, err
	}
	return tx.Query(ctx, `select `+selectCols+` from `+s.table+` where tenant_id = $1 and id = any($2) order by id`,
		tx.Tenant().UUID(), ids)
}

// tagTerm is the search term of a tag.
func tagTerm(tag string) string { return "#" + strings.ToLower(strings.TrimSpace(tag)) }

// maxPrefix bounds the prefixes kept per word; a longer query word is cut
// to it, so it still matches.
const maxPrefix = 16

// searchTerms are every prefix of every word of what a record is searched
// by, lowercased. GIN answers "contains all these terms" from them.
func searchTerms(p projection) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range p.tags {
		out = append(out, tagTerm(t))
	}
	values := append([]string{p.code, p.name, p.nameBn, p.bin, p.tin}, p.words...)
	for _, v := range values {
		for _, w := range words(v) {
			r := []rune(w)
			for n := minPrefix(w); n <= len(r) && n <= maxPrefix; n++ {
				if t := string(r[:n]); !seen[t] {
					seen[t] = true
					out = append(out, t)
				}
			}
		}
	}
	return out
}

// minPrefix is the shortest prefix kept of a word. Identifiers (long digit
// strings: BIN, TIN, NID, mobile) are searched by at least their first
// four digits, which keeps the index a third smaller; names and codes by
// any prefix.
func minPrefix(w string) int {
	if len(w) >= 8 && strings.Trim(w, "0123456789") == "" {
		return 4
	}
	return 1
}

// queryTerms are the words of a search, cut like the stored prefixes.
func queryTerms(q string) []string {
	var out []string
	for _, w := range words(q) {
		if r := []rune(w); len(r) > maxPrefix {
			w = string(r[:maxPrefix])
		}
		out = append(out, w)
	}
	return out
}

// words splits s at spaces and punctuation, lowercased, with Bengali
// digits made ASCII. Dashes inside digit groups are dropped first, so a BIN
// typed "000123456-0101" is one word; combining marks of Bangla script are
// kept, since they are part of the letters.
func words(s string) []string {
	s = strings.ToLower(bd.FromBengaliDigits(s))
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if r == '-' && i > 0 && i+1 < len(rs) && unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1]) {
			continue
		}
		b.WriteRune(r)
	}
	return strings.FieldsFunc(b.String(), func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)
	})
}
