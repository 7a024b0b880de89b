package httpx

import (
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Page is the body of a REST list (DESIGN §11): the items of one page and
// the cursor of the next, null on the last page.
type Page[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"nextCursor"`
}

// PageOf converts items with conv into a Page whose nextCursor is next, or
// null when next is empty.
func PageOf[S, T any](items []S, conv func(S) T, next string) Page[T] {
	out := Page[T]{Items: make([]T, len(items))}
	for i, x := range items {
		out.Items[i] = conv(x)
	}
	if next != "" {
		out.NextCursor = &next
	}
	return out
}

// TimeCursor is the cursor of a list ordered by (at, id), newest first.
func TimeCursor(at time.Time, id uuid.UUID) string {
	return at.UTC().Format(time.RFC3339Nano) + "_" + id.String()
}

// ParseTimeCursor reads a TimeCursor. Returns INVALID_ARGUMENT naming
// cursor.
func ParseTimeCursor(s string) (time.Time, uuid.UUID, error) {
	a, b, ok := strings.Cut(s, "_")
	at, err1 := time.Parse(time.RFC3339Nano, a)
	id, err2 := uuid.Parse(b)
	if !ok || err1 != nil || err2 != nil {
		return time.Time{}, uuid.Nil, errs.Field("cursor", "is not a cursor this list gave")
	}
	return at, id, nil
}
