package masterdata

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/keyset"
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
	// Sort is the field the page is sorted by (code or sku, name,
	// createdAt, updatedAt), "-" first for descending; "" is id order.
	// A cursor continues only the sort it was made under.
	Sort string
}

// Page is one page of a list, in the shape every REST list answers.
type Page[T any] = httpx.Page[T]

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
	terms := queryTerms(q.Search)
	if q.Tag != "" {
		terms = append(terms, tagTerm(q.Tag))
	}
	// A search sorted by name reads the first word's postings in name
	// order (search.go), so its order and cursor are on the postings'
	// copy of the name.
	sorts := s.sorts
	if len(terms) > 0 {
		sorts = s.searchSorts
	}
	order, orderBy := keyset.Order[T]{}, "id"
	switch {
	case q.Sort != "":
		var err error
		if order, err = sorts.Parse("sort", q.Sort); err != nil {
			c.Merge("", err)
			break
		}
		orderBy = order.OrderBy()
		if q.Cursor != "" {
			cond, after, err := order.After(q.Cursor, len(args)+1)
			c.Merge("", err)
			if err == nil {
				args = append(args, after...)
				where = append(where, cond)
			}
		}
	case q.Cursor != "":
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
	for name, v := range map[string]string{"status": q.Status, "kind": q.Kind} {
		if v != "" {
			add(name+" = ?", strings.ToLower(v))
		}
	}
	c.Check(len(terms) <= maxSearchTerms, "q", "has more than %d words (a tag filter counts as one)", maxSearchTerms)
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
	var rows pgx.Rows
	var err error
	if len(terms) > 0 {
		rows, err = s.search(ctx, tx, where, args, terms, orderBy)
	} else {
		rows, err = tx.Query(ctx, fmt.Sprintf("select %s from %s where %s order by %s limit $%d",
			selectCols, s.table, strings.Join(where, " and "), orderBy, len(args)), args...)
	}
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
		if q.Sort != "" {
			next = order.Cursor(page.Items[limit-1])
		}
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

// CursorAfter is the cursor that continues a list after the record id, for
// the per-edge cursors of GraphQL connections.
func CursorAfter(id uuid.UUID) string { return encodeCursor(id) }

// fold is the case- and space-insensitive form of a search key.
func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
