package masterdata

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/db"
)

// maxSearchTerms bounds the words (and tag) of one search: each is a join.
const maxSearchTerms = 8

// search reads a page of the records that have every one of terms, in
// primary key order. The terms table's primary key (tenant, term, id)
// lists each term's records in id order, so the planner intersects the
// terms with merge joins of index-only scans and stops as soon as the page
// is full: a page of a common two-word search reads a few hundred index
// entries, and the cursor condition on id starts the scans where the last
// page ended. The terms table exists because the planner may not use an
// index for a condition that is not leakproof before the tenant policy,
// and array containment is not. where and args are the list's conditions
// on the records, with the page size last.
func (s *store[T]) search(ctx context.Context, tx *db.Tx, where []string, args []any, terms []string, orderBy string) (pgx.Rows, error) {
	slices.Sort(terms)
	terms = slices.Compact(terms)
	limit := len(args)
	switch {
	case strings.HasPrefix(orderBy, "t0.sort_name"):
		return s.searchByName(ctx, tx, where, args, terms, orderBy)
	case orderBy != "id":
		return s.searchSorted(ctx, tx, where, args, terms, orderBy)
	}
	var hits strings.Builder
	for i, t := range terms {
		args = append(args, t)
		if i == 0 {
			fmt.Fprintf(&hits, "%s t0", s.terms)
			continue
		}
		fmt.Fprintf(&hits, " join %[1]s t%[2]d on t%[2]d.tenant_id = $1 and t%[2]d.term = $%[3]d and t%[2]d.id = t0.id",
			s.terms, i, len(args))
	}
	return tx.Query(ctx, fmt.Sprintf(`select %s
		from (select t0.id from %s where t0.tenant_id = $1 and t0.term = $%d) hits join %s using (id)
		where %s order by id limit $%d`,
		selectCols, hits.String(), limit+1, s.table, strings.Join(where, " and "), limit), args...)
}

// searchByName is search sorted by name: the first word's postings in
// (term, sort_name, id) order drive, from the cursor on, each joined to
// its record (by the primary key) and checked for the other words, so a
// page reads about a page of postings (more only when the other
// conditions leave rows out). The join is USING (tenant_id, id), so the
// list's conditions, which name those columns bare, read as they do on
// the records alone; the cursor's condition is on t0.sort_name.
func (s *store[T]) searchByName(ctx context.Context, tx *db.Tx, where []string, args []any, terms []string, orderBy string) (pgx.Rows, error) {
	limit := len(args)
	args = append(args, terms[0])
	where = append(where, fmt.Sprintf("t0.term = $%d", len(args)))
	for _, t := range terms[1:] {
		args = append(args, t)
		where = append(where, fmt.Sprintf("exists (select from %s t where t.tenant_id = $1 and t.term = $%d and t.id = r.id)",
			s.terms, len(args)))
	}
	return tx.Query(ctx, fmt.Sprintf("select %s from %s t0 join %s r using (tenant_id, id) where %s order by %s limit $%d",
		selectCols, s.terms, s.table, strings.Join(where, " and "), orderBy, limit), args...)
}

// searchSorted is search under another order than id's or name's. Each term is a
// semi-join, so the planner may either walk the sort's index and probe the
// terms (a common word: the page fills after a few rows) or gather the
// hits and sort them (a rare word: few hits to sort); its statistics on
// the terms table tell which.
func (s *store[T]) searchSorted(ctx context.Context, tx *db.Tx, where []string, args []any, terms []string, orderBy string) (pgx.Rows, error) {
	limit := len(args)
	for _, t := range terms {
		args = append(args, t)
		where = append(where, fmt.Sprintf("exists (select from %s t where t.tenant_id = $1 and t.term = $%d and t.id = r.id)",
			s.terms, len(args)))
	}
	return tx.Query(ctx, fmt.Sprintf("select %s from %s r where %s order by %s limit $%d",
		selectCols, s.table, strings.Join(where, " and "), orderBy, limit), args...)
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
