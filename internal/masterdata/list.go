package masterdata

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// ListQuery selects a page of records.
type ListQuery struct {
	// Limit is the page size, 1-200; 0 means 50.
	Limit int
	// Cursor is a page's NextCursor, to continue after it.
	Cursor string
	// Search matches word prefixes of code, English and Bangla names, BIN,
	// TIN and the other identifiers: "rahman const" finds "Rahman
	// Construction Ltd".
	Search string
	Status string
	// Kind is the customer or vendor type, the product kind or the unit
	// dimension.
	Kind string
	Tag  string
	// Archived is "false" (the default: live records only), "true" or "any".
	Archived string
	// Filters are the kind's own filters, by name (division, category...).
	Filters map[string]string
}

// Page is one page of a list.
type Page[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"nextCursor"`
}

const (
	defaultLimit = 50
	maxLimit     = 200
)

// list reads a page in id order (creation order, ids being UUIDv7), with
// keyset pagination so a page costs the same wherever it starts.
func (s *store[T]) list(ctx context.Context, tx *db.Tx, q ListQuery) (Page[T], error) {
	limit := q.Limit
	if limit == 0 {
		limit = defaultLimit
	}
	if limit < 1 || limit > maxLimit {
		return Page[T]{}, errs.Field("limit", "must be between 1 and %d", maxLimit)
	}
	return s.listN(ctx, tx, q, limit)
}

// listN reads a page of up to limit records.
func (s *store[T]) listN(ctx context.Context, tx *db.Tx, q ListQuery, limit int) (Page[T], error) {
	var c errs.Collector
	args := []any{tx.Tenant().UUID()}
	where := []string{"tenant_id = $1"}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if q.Cursor != "" {
		after, err := decodeCursor(q.Cursor)
		c.Check(err == nil, "cursor", "is not a cursor this list returned")
		add("id > ?", after)
	}
	switch q.Archived {
	case "", "false":
		where = append(where, "archived_at is null")
	case "true":
		where = append(where, "archived_at is not null")
	case "any":
	default:
		c.Add("archived", "must be true, false or any")
	}
	if terms := queryTerms(q.Search); len(terms) > 0 {
		add("search_terms @> ?", terms)
	}
	for name, v := range map[string]string{"status": q.Status, "kind": q.Kind} {
		if v != "" {
			add(name+" = ?", strings.ToLower(v))
		}
	}
	if q.Tag != "" {
		add("tags @> array[?::text]", strings.ToLower(q.Tag))
	}
	for name, v := range q.Filters {
		expr, ok := s.k.filters[name]
		if !ok {
			c.Add(name, "is not a filter of %s", s.k.plural)
			continue
		}
		add(expr+" = ?", normalizeFilter(name, v))
	}
	if err := c.Err(); err != nil {
		return Page[T]{}, err
	}
	args = append(args, limit+1)
	sql := fmt.Sprintf("select %s from %s where %s order by id limit $%d",
		selectCols, s.table, strings.Join(where, " and "), len(args))
	if len(queryTerms(q.Search)) > 0 {
		// Left to itself the planner walks the primary key in id order and
		// tests every row's terms, which reads the whole tenant when the
		// match is rare. Materialising the matches makes it ask the GIN
		// index first; only ids are sorted, then one page is read.
		//
		// Its row estimates are good; what it cannot see is that testing a
		// row's terms means decompressing the array, so for a common prefix
		// it prefers a sequential scan that costs 20 times the bitmap one.
		// The setting lasts until this transaction ends.
		if _, err := tx.Exec(ctx, "set local enable_seqscan = off"); err != nil {
			return Page[T]{}, err
		}
		sql = fmt.Sprintf(`with hits as materialized (select id from %[2]s where %[3]s)
			select %[1]s from %[2]s where tenant_id = $1 and id in (select id from hits order by id limit $%[4]d)
			order by id`, selectCols, s.table, strings.Join(where, " and "), len(args))
	}
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return Page[T]{}, err
	}
	items, err := s.scan(rows)
	if err != nil {
		return Page[T]{}, err
	}
	page := Page[T]{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		next := encodeCursor(page.Items[limit-1].meta().ID)
		page.NextCursor = &next
	}
	if page.Items == nil {
		page.Items = []T{}
	}
	return page, nil
}

func normalizeFilter(name, v string) string {
	switch name {
	case "bin", "tin", "hsCode":
		return strings.NewReplacer("-", "", " ", "", ".", "").Replace(bd.FromBengaliDigits(v))
	case "blacklisted":
		return strings.ToLower(v)
	}
	return fold(v)
}

func encodeCursor(id uuid.UUID) string { return base64.RawURLEncoding.EncodeToString(id[:]) }

func decodeCursor(s string) (uuid.UUID, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return uuid.Nil, err
	}
	return uuid.FromBytes(b)
}

// maxPrefix bounds the prefixes kept per word; a longer query word is cut
// to it, so it still matches.
const maxPrefix = 16

// searchTerms are every prefix of every word of what a record is searched
// by, lowercased. GIN answers "contains all these terms" from them.
func searchTerms(p projection) []string {
	seen := map[string]bool{}
	var out []string
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

// CursorAfter is the cursor that continues a list after the record id, for
// the per-edge cursors of GraphQL connections.
func CursorAfter(id uuid.UUID) string { return encodeCursor(id) }
