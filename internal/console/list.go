package console

import (
	"net/http"
	"net/url"
	"strconv"
)

// List is a list page's state, all of it in the URL so a list can be
// shared, bookmarked and walked back with the browser: the filters, the
// sort and the keyset cursor ("after", the API's opaque cursor; no
// offsets, so page 500 costs what page 1 does).
type List struct {
	Path   string
	Values url.Values
}

// PageSize is the rows of one list page.
const PageSize = 50

// ListOf reads the list state of r.
func ListOf(r *http.Request) List { return List{Path: r.URL.Path, Values: r.URL.Query()} }

// Get is the value of parameter k.
func (l List) Get(k string) string { return l.Values.Get(k) }

// With returns the list's URL with k set to v ("" removes it). Changing
// anything but the cursor starts again at the first page.
func (l List) With(kv ...string) string {
	v := url.Values{}
	for k, vs := range l.Values {
		v[k] = vs
	}
	reset := false
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			v.Del(kv[i])
		} else {
			v.Set(kv[i], kv[i+1])
		}
		reset = reset || kv[i] != "after"
	}
	if reset {
		v.Del("after")
	}
	if len(v) == 0 {
		return l.Path
	}
	return l.Path + "?" + v.Encode()
}

// SortBy returns the URL sorted by key: ascending, or descending when the
// list is already ascending by key.
func (l List) SortBy(key string) string {
	if l.Get("sort") == key {
		return l.With("sort", "-"+key)
	}
	return l.With("sort", key)
}

// API returns the query string for the service's list endpoint: the
// parameters named in pass (the filters the API knows, under the same
// names), the sort as sort, the cursor as cursor and the page size as
// limit. The cursor is the API's own, made under the sort the URL names;
// With drops it whenever the sort or a filter changes, so a page never
// continues another sort's order.
func (l List) API(pass ...string) string {
	q := url.Values{}
	for _, k := range append(pass, "sort") {
		if v := l.Get(k); v != "" {
			q.Set(k, v)
		}
	}
	if a := l.Get("after"); a != "" {
		q.Set("cursor", a)
	}
	q.Set("limit", strconv.Itoa(PageSize))
	return q.Encode()
}
