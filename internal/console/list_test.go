package console_test

import (
	"net/url"
	"testing"

	"github.com/vextrus/vextrus/internal/console"
)

func list(query string) console.List {
	v, _ := url.ParseQuery(query)
	return console.List{Path: "/console/customers", Values: v}
}

func TestAListsSortLivesInItsURL(t *testing.T) {
	cases := []struct {
		name, got, want string
	}{
		{"a new sort starts ascending at the first page",
			list("q=rahman&after=CUR&sort=code").SortBy("name"), "/console/customers?q=rahman&sort=name"},
		{"the sorted column's link turns it descending and drops the cursor",
			list("sort=name&after=CUR").SortBy("name"), "/console/customers?sort=-name"},
		{"a descending column's link turns it ascending",
			list("sort=-name").SortBy("name"), "/console/customers?sort=name"},
		{"the next page keeps the sort",
			list("sort=-name&status=active").With("after", "NEXT"), "/console/customers?after=NEXT&sort=-name&status=active"},
		{"a changed filter drops the cursor and keeps the sort",
			list("sort=-name&after=NEXT").With("status", "active"), "/console/customers?sort=-name&status=active"},
		{"the API gets the sort and the cursor made under it",
			list("sort=-name&after=NEXT&q=meg&colour=red").API("q"), "cursor=NEXT&limit=50&q=meg&sort=-name"},
		{"no sort asks the API's default order",
			list("q=meg").API("q"), "limit=50&q=meg"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Fatalf("got  %s\nwant %s", tc.got, tc.want)
			}
		})
	}
}
