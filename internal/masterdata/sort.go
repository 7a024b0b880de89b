package masterdata

import (
	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/keyset"
)

// sorts are the fields a list of kind k sorts by: the code (a product's
// sku), the English name, and when the record was created or last
// changed. Each has an index on (tenant_id, column, id) (migration 00003),
// the code its unique key. Without a sort a list is in id order, which is
// creation order.
func sorts[T Record](k *kind[T]) keyset.Sorts[T] {
	id := func(rec T) uuid.UUID { return rec.meta().ID }
	return keyset.Sorts[T]{IDColumn: "id", Fields: []keyset.Field[T]{
		{Name: k.codeField, Column: "code", Type: "text", Unique: true, ID: id,
			Value: func(rec T) string { return rec.project().code }},
		{Name: "name", Column: "name", Type: "text", ID: id,
			Value: func(rec T) string { return rec.project().name }},
		{Name: "createdAt", Column: "created_at", Type: "timestamptz", ID: id,
			Value: func(rec T) string { return keyset.Time(rec.meta().CreatedAt) }},
		{Name: "updatedAt", Column: "updated_at", Type: "timestamptz", ID: id,
			Value: func(rec T) string { return keyset.Time(rec.meta().UpdatedAt) }},
	}}
}

// searchSorts are sorts for a search: the same fields, the name on the
// search postings' copy of it (t0.sort_name, migration 00004), which
// search reads in that order.
func searchSorts[T Record](k *kind[T]) keyset.Sorts[T] {
	s := sorts(k)
	for i := range s.Fields {
		if s.Fields[i].Name == "name" {
			s.Fields[i].Column = "t0.sort_name"
		}
	}
	return s
}

// CursorOf is the cursor that continues a list read with q after rec, for
// the per-edge cursors of GraphQL connections. q's sort must be valid (the
// list that returned rec checked it).
func (r *Resource[T]) CursorOf(q ListQuery, rec T) string {
	if c, ok := r.store.sorts.CursorOf(q.Sort, rec); ok {
		return c
	}
	return encodeCursor(rec.meta().ID)
}
