// Package keyset sorts lists by a field the client chooses and pages them
// by keyset: the cursor holds the last row's sort value and id, so the
// next page is an index range scan that costs the same wherever it
// starts, and stays correct when rows are inserted meanwhile. The cursor
// also names the sort it was made under, so a cursor of one sort is
// refused by a list asked for another rather than skipping rows.
package keyset

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Field is one field a list sorts by.
type Field[T any] struct {
	// Name is the field's API name ("name", "createdAt").
	Name string
	// Column is the SQL expression sorted on; it must not be null.
	Column string
	// Type is the SQL type the cursor's value is cast to (text,
	// timestamptz, date, numeric).
	Type string
	// Unique is set when the column alone orders the rows (a code unique
	// per tenant), so the id need not break ties.
	Unique bool
	// Value is the row's value of the field as PostgreSQL reads it back
	// from text (Time, Date or the text itself).
	Value func(T) string
	// ID is the row's id, the tie-break.
	ID func(T) uuid.UUID
}

// Sorts are the fields one list sorts by.
type Sorts[T any] struct {
	// Fields are the sortable fields, in the order error messages list
	// them.
	Fields []Field[T]
	// IDColumn is the SQL expression of the id (the tie-break).
	IDColumn string
}

// Order is one sort: a field and a direction.
type Order[T any] struct {
	Field Field[T]
	Desc  bool
	idCol string
}

// Key is the order as the API spells it: the field name, "-" first when
// descending.
func (o Order[T]) Key() string {
	if o.Desc {
		return "-" + o.Field.Name
	}
	return o.Field.Name
}

// Parse reads a sort parameter: a field name, "-" first for descending.
// Returns INVALID_ARGUMENT naming param, and the unknown field in its
// message, when v names no field.
func (s Sorts[T]) Parse(param, v string) (Order[T], error) {
	name, desc := strings.CutPrefix(v, "-")
	i := slices.IndexFunc(s.Fields, func(f Field[T]) bool { return f.Name == name })
	if i < 0 {
		names := make([]string, len(s.Fields))
		for j, f := range s.Fields {
			names[j] = f.Name
		}
		return Order[T]{}, errs.Field(param, "%q is not a sort field; sort by one of %s, with - first for descending",
			name, strings.Join(names, ", "))
	}
	return Order[T]{Field: s.Fields[i], Desc: desc, idCol: s.IDColumn}, nil
}

// OrderBy is the SQL ORDER BY list of the order (without the keywords).
func (o Order[T]) OrderBy() string {
	dir := " ASC"
	if o.Desc {
		dir = " DESC"
	}
	if o.Field.Unique {
		return o.Field.Column + dir
	}
	return o.Field.Column + dir + ", " + o.idCol + dir
}

// After is the SQL condition that continues the list after cursor, whose
// placeholders are numbered from first, and the arguments it takes.
// Returns INVALID_ARGUMENT naming "cursor" when the cursor is not one this
// order made (another sort's cursor included).
func (o Order[T]) After(cursor string, first int) (string, []any, error) {
	key, value, id, err := decode(cursor)
	if err != nil {
		return "", nil, errs.Field("cursor", "is not a cursor this list returned")
	}
	if key != o.Key() {
		return "", nil, errs.Field("cursor", "was made for sort %q, not %q; start again without it", key, o.Key())
	}
	op := ">"
	if o.Desc {
		op = "<"
	}
	cast := fmt.Sprintf("$%d::text", first)
	if o.Field.Type != "text" {
		cast += "::" + o.Field.Type
	}
	if o.Field.Unique {
		return fmt.Sprintf("%s %s %s", o.Field.Column, op, cast), []any{value}, nil
	}
	return fmt.Sprintf("(%s, %s) %s (%s, $%d::uuid)", o.Field.Column, o.idCol, op, cast, first+1),
		[]any{value, id}, nil
}

// Cursor is the cursor that continues the list after row.
func (o Order[T]) Cursor(row T) string {
	raw := o.Key() + "\x00" + o.Field.Value(row) + "\x00" + o.Field.ID(row).String()
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func decode(cursor string) (key, value string, id uuid.UUID, err error) {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return "", "", uuid.Nil, err
	}
	parts := strings.Split(string(raw), "\x00")
	if len(parts) != 3 {
		return "", "", uuid.Nil, fmt.Errorf("cursor has %d parts", len(parts))
	}
	id, err = uuid.Parse(parts[2])
	return parts[0], parts[1], id, err
}

// Time is t as a cursor value of a timestamptz column.
func Time(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// Date is t as a cursor value of a date column.
func Date(t time.Time) string { return t.Format(time.DateOnly) }

// Continue reads a list's sort parameter and, when cursor is set, the
// condition that continues the list after it (placeholders numbered from
// first) and its arguments: Parse then After, as every sorted list's
// query needs them. cond is "" without a cursor.
func (s Sorts[T]) Continue(sort, cursor string, first int) (o Order[T], cond string, args []any, err error) {
	if o, err = s.Parse("sort", sort); err != nil || cursor == "" {
		return o, "", nil, err
	}
	cond, args, err = o.After(cursor, first)
	return o, cond, args, err
}

// CursorOf is the cursor after row in a list sorted by sort, for the
// per-edge cursors of GraphQL connections; ok is false when sort is
// empty or names no field, and the list's default order makes the cursor.
func (s Sorts[T]) CursorOf(sort string, row T) (cursor string, ok bool) {
	if sort == "" {
		return "", false
	}
	o, err := s.Parse("sort", sort)
	if err != nil {
		return "", false
	}
	return o.Cursor(row), true
}
