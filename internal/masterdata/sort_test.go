package masterdata_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// walk reads every page of path (which has its query) at limit 2 and
// returns the codes in the order the pages gave them.
func walk(t *testing.T, c *caller, path string) []string {
	t.Helper()
	var codes []string
	cursor := ""
	for pages := 0; pages < 50; pages++ {
		p := path + "&limit=2"
		if cursor != "" {
			p += "&cursor=" + url.QueryEscape(cursor)
		}
		res := c.Do("GET", p, nil)
		if res.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", p, res.Status, res.Raw)
		}
		var page struct {
			Items      []customerJSON
			NextCursor *string
		}
		res.Decode(t, &page)
		for _, it := range page.Items {
			codes = append(codes, it.Code)
		}
		if page.NextCursor == nil {
			return codes
		}
		cursor = *page.NextCursor
	}
	t.Fatal("more than 50 pages")
	return nil
}

func TestListsSortByTheFieldAsked(t *testing.T) {
	e := newEnv(t)
	c := e.newCaller(tenant.New())
	// Names repeat, so the id must break ties across page boundaries; the
	// codes run against the names.
	type rec struct{ code, name, id string }
	var recs []rec
	for i, name := range []string{"Meghna Traders", "Akij Cement", "Meghna Traders", "Bashundhara Steel",
		"Akij Cement", "Zaman Sand", "Meghna Traders", "Karim Bricks"} {
		code := fmt.Sprintf("C-%02d", 20-i)
		var got customerJSON
		c.Do("POST", "/api/v1/masterdata/customers", with(customer(code), "name", name)).Want(t, http.StatusCreated).Decode(t, &got)
		recs = append(recs, rec{code, name, got.ID})
	}
	byName := slices.Clone(recs)
	slices.SortFunc(byName, func(a, b rec) int {
		if n := strings.Compare(a.name, b.name); n != 0 {
			return n
		}
		return strings.Compare(a.id, b.id)
	})
	codes := func(rs []rec) []string {
		out := make([]string, len(rs))
		for i, r := range rs {
			out[i] = r.code
		}
		return out
	}
	nameOrder := codes(byName)
	created := codes(recs)
	cases := []struct {
		query string
		want  []string
	}{
		{"sort=name", nameOrder},
		{"sort=-name", reversed(nameOrder)},
		{"sort=code", reversed(created)},
		{"sort=-code", created},
		{"sort=createdAt", created},
		{"sort=-createdAt", reversed(created)},
		{"sort=-updatedAt", reversed(created)},
		{"sort=name&q=meghna", []string{nameOrder[4], nameOrder[5], nameOrder[6]}},
		{"sort=-name&q=c&status=active", reversed(nameOrder)},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			if got := walk(t, c, "/api/v1/masterdata/customers?"+tc.query); !slices.Equal(got, tc.want) {
				t.Fatalf("got  %v\nwant %v", got, tc.want)
			}
		})
	}
	t.Run("an unknown sort field is refused by name", func(t *testing.T) {
		res := c.Do("GET", "/api/v1/masterdata/customers?sort=-colour", nil)
		if code, fields := res.Problem(t).Code, res.Fields(t); code != "INVALID_ARGUMENT" || !slices.Equal(fields, []string{"sort"}) ||
			!strings.Contains(string(res.Raw), "colour") {
			t.Fatalf("%s", res.Raw)
		}
	})
	t.Run("a cursor of another sort is refused", func(t *testing.T) {
		var page struct{ NextCursor *string }
		c.Do("GET", "/api/v1/masterdata/customers?sort=name&limit=2", nil).Want(t, http.StatusOK).Decode(t, &page)
		res := c.Do("GET", "/api/v1/masterdata/customers?sort=-name&limit=2&cursor="+url.QueryEscape(*page.NextCursor), nil)
		if fields := res.Fields(t); res.Status != http.StatusBadRequest || !slices.Equal(fields, []string{"cursor"}) {
			t.Fatalf("%d %s", res.Status, res.Raw)
		}
	})
	t.Run("GraphQL sorts and its edge cursors continue the sort", func(t *testing.T) {
		const q = `query($after: String) { customers(first: 3, after: $after, sort: "-name") {
			edges { cursor node { code } } pageInfo { hasNextPage } } }`
		a := c.gql(q, nil)
		var conn struct {
			Edges []struct {
				Cursor string
				Node   struct{ Code string }
			}
		}
		if err := json.Unmarshal(a.Data["customers"], &conn); err != nil || len(conn.Edges) != 3 {
			t.Fatalf("%v %+v", err, a)
		}
		want := reversed(nameOrder)
		if conn.Edges[0].Node.Code != want[0] {
			t.Fatalf("first %s, want %s", conn.Edges[0].Node.Code, want[0])
		}
		// Resume after the second edge: the third comes next.
		b := c.gql(q, map[string]any{"after": conn.Edges[1].Cursor})
		if err := json.Unmarshal(b.Data["customers"], &conn); err != nil || len(conn.Edges) == 0 || conn.Edges[0].Node.Code != want[2] {
			t.Fatalf("after the second edge: %v %+v", err, conn)
		}
		bad := c.gql(`{ customers(sort: "colour") { edges { cursor } } }`, nil)
		if codes := bad.Codes(); !slices.Equal(codes, []string{"INVALID_ARGUMENT"}) || !strings.Contains(bad.Errors[0].Message+fmt.Sprint(bad.Errors[0].Extensions), "colour") {
			t.Fatalf("unknown field: %+v", bad)
		}
	})
}

func reversed(s []string) []string {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}
