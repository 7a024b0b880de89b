package httpx

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Query reads the query parameters of a list or action, the same way for
// every service: each reader names its parameter in the INVALID_ARGUMENT
// it collects, a parameter given twice is refused, and Err reports every
// problem at once, including parameters nothing read (a misspelt filter
// is an error, not a silently unfiltered list).
type Query struct {
	values url.Values
	read   map[string]bool
	errs   errs.Collector
}

// ReadQuery returns the query parameters of r.
func ReadQuery(r *http.Request) *Query {
	return &Query{values: r.URL.Query(), read: map[string]bool{}}
}

// value returns the single value of name, and whether it was given.
func (q *Query) value(name string) (string, bool) {
	q.read[name] = true
	vs, ok := q.values[name]
	if !ok {
		return "", false
	}
	if len(vs) > 1 {
		q.errs.Add(name, "is given %d times; give it once", len(vs))
	}
	return vs[0], true
}

// String returns the value of name, or "".
func (q *Query) String(name string) string {
	v, _ := q.value(name)
	return v
}

// Bool returns the value of name as true or false, and nil when it is
// absent.
func (q *Query) Bool(name string) *bool {
	v, ok := q.value(name)
	if !ok {
		return nil
	}
	if v != "true" && v != "false" {
		q.errs.Add(name, "must be true or false")
		return nil
	}
	b := v == "true"
	return &b
}

// Int returns the value of name as an integer within [min, max], and def
// when it is absent.
func (q *Query) Int(name string, def, min, max int) int {
	v, ok := q.value(name)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		q.errs.Add(name, "must be an integer from %d to %d", min, max)
		return def
	}
	return n
}

// Limit reads the page size "limit": 1 to max, def when absent.
func (q *Query) Limit(def, max int) int { return q.Int("limit", def, 1, max) }

// Cursor reads "cursor", a page's nextCursor, which the list checks.
func (q *Query) Cursor() string { return q.String("cursor") }

// Enum returns the value of name, which must be one of allowed; def when
// absent.
func (q *Query) Enum(name, def string, allowed ...string) string {
	v, ok := q.value(name)
	if !ok {
		return def
	}
	if !slices.Contains(allowed, v) {
		q.errs.Add(name, "must be one of %s", strings.Join(allowed, ", "))
		return def
	}
	return v
}

// Time returns the value of name as an RFC 3339 instant in UTC, and the
// zero time when it is absent.
func (q *Query) Time(name string) time.Time {
	v, ok := q.value(name)
	if !ok {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		q.errs.Add(name, "must be an RFC 3339 time, e.g. 2026-07-01T00:00:00Z")
		return time.Time{}
	}
	return t.UTC()
}

// Rest returns the parameters nothing has read yet, by name, and marks
// them read: a list passes them on as its resource's own filters, which
// it checks.
func (q *Query) Rest() map[string]string {
	rest := map[string]string{}
	for name := range q.values {
		if !q.read[name] {
			rest[name], _ = q.value(name)
		}
	}
	return rest
}

// Err returns nil when every parameter was read and valid, else
// INVALID_ARGUMENT naming each one at fault.
func (q *Query) Err() error {
	names := make([]string, 0, len(q.values))
	for name := range q.values {
		if !q.read[name] {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		q.errs.Add(name, "is not a parameter of this request")
	}
	return q.errs.Err()
}

// ParseDate reads a business date (YYYY-MM-DD) in field's name; empty
// gives the zero time. Returns INVALID_ARGUMENT naming field.
func ParseDate(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, errs.Field(field, "must be a date such as 2026-07-31")
	}
	return d, nil
}
