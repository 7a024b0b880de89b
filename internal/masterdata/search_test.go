package masterdata_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestSearchAndFilters(t *testing.T) {
	e := newEnv(t)
	c := e.newCaller(tenant.New())
	mk := func(body map[string]any) string {
		t.Helper()
		res := c.Do("POST", "/api/v1/masterdata/vendors", body)
		if res.Status != http.StatusCreated {
			t.Fatalf("create: %d %s", res.Status, res.Raw)
		}
		var rec customerJSON
		res.Decode(t, &rec)
		return rec.ID
	}
	rahman := mk(with(customer("V-100"), "name", "Rahman Steel Mills", "nameBn", "রহমান স্টিল মিলস",
		"mobileBanking", []any{map[string]any{"provider": "bKash", "number": "+880 1812-345678"}}, "aitCategory", "supplier"))
	karim := mk(with(customer("V-200"), "name", "Karim Sand Traders", "nameBn", "করিম বালু", "bin", "0009876543-210",
		"tin", "987654321098", "address", map[string]any{"district": "Cox's Bazar"}, "tags", []string{"sand"},
		"blacklisted", true, "blacklistReason", "Short supply on three orders"))

	cases := []struct {
		query string
		want  []string
	}{
		{"q=rahman", []string{rahman}},
		{"q=RAH", []string{rahman}},
		{"q=steel mil", []string{rahman}},
		{"q=রহমান", []string{rahman}},
		{"q=কর", []string{karim}},
		{"q=V-200", []string{karim}},
		{"q=0009876543210", []string{karim}},
		{"q=00098765", []string{karim}},
		{"q=9876 5432 1098", nil}, // words must each be prefixes: a spaced TIN is three words
		{"q=987654321098", []string{karim}},
		{"q=০০০৯৮৭৬৫", []string{karim}},
		{"q=traders", []string{karim}},
		{"q=nothing", nil},
		{"district=coxs-bazar", []string{karim}},
		{"division=chattogram", []string{karim}},
		{"blacklisted=true", []string{karim}},
		{"aitCategory=supplier", []string{rahman}},
		{"tag=sand", []string{karim}},
		{"tag=vip", []string{rahman}},
		{"kind=company", []string{rahman, karim}},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			u, _ := url.ParseQuery(tc.query)
			got := listIDs(t, c, "/api/v1/masterdata/vendors?"+u.Encode())
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
	// Both vendors match each query; a page of one leads to the other.
	for _, query := range []string{"", "&q=v"} {
		t.Run("pages follow the cursor"+query, func(t *testing.T) {
			res := c.Do("GET", "/api/v1/masterdata/vendors?limit=1"+query, nil)
			var page struct {
				Items      []customerJSON
				NextCursor *string
			}
			res.Decode(t, &page)
			if len(page.Items) != 1 || page.Items[0].ID != rahman || page.NextCursor == nil {
				t.Fatalf("first page: %s", res.Raw)
			}
			if got := listIDs(t, c, "/api/v1/masterdata/vendors?limit=1"+query+"&cursor="+*page.NextCursor); !slices.Equal(got, []string{karim}) {
				t.Fatalf("second page: %v", got)
			}
		})
	}
	t.Run("a search of more than eight words is refused", func(t *testing.T) {
		res := c.Do("GET", "/api/v1/masterdata/vendors?q=a+b+c+d+e+f+g+h&tag=sand", nil)
		if code, fields := res.Problem(t).Code, res.Fields(t); code != "INVALID_ARGUMENT" || !slices.Equal(fields, []string{"q"}) {
			t.Fatalf("%s", res.Raw)
		}
		if got := listIDs(t, c, "/api/v1/masterdata/vendors?q=v+1+r+s+m+ste+mil+rah"); !slices.Equal(got, []string{rahman}) {
			t.Fatalf("eight words: %v", got)
		}
	})
	t.Run("unknown filter is refused", func(t *testing.T) {
		res := c.Do("GET", "/api/v1/masterdata/vendors?colour=red", nil)
		if code, fields := res.Problem(t).Code, res.Fields(t); code != "INVALID_ARGUMENT" || !slices.Equal(fields, []string{"colour"}) {
			t.Fatalf("%s", res.Raw)
		}
	})
	t.Run("wallet numbers are stored in E.164", func(t *testing.T) {
		res := c.Do("GET", "/api/v1/masterdata/vendors/"+rahman, nil)
		var v struct {
			MobileBanking []struct{ Provider, Number string }
			Blacklisted   bool
		}
		res.Decode(t, &v)
		if len(v.MobileBanking) != 1 || v.MobileBanking[0].Provider != "bkash" || v.MobileBanking[0].Number != "+8801812345678" {
			t.Fatalf("wallets: %+v", v.MobileBanking)
		}
	})
}
