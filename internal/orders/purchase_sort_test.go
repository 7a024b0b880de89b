package orders_test

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/vextrus/vextrus/internal/masterdata/mdclient"
	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/money"
)

func TestPurchaseOrderListsSortByTheFieldAskedOverREST(t *testing.T) {
	f := newFixture(t)
	tid := newTenant(t)
	ctx := manager(tid)
	cement := f.catalog.product("Cement, 50 kg bag", "bag")
	site := f.location(t, ctx, "SITE-PADMA", orders.LocationProjectSite)
	var made []orders.PurchaseOrder
	// Vendors and amounts repeat, so ties cross page boundaries.
	for _, o := range []struct {
		vendor, delivery string
		qty              string
	}{{"Shah Cement", "2026-12-20", "10"}, {"Akij Steel", "2026-12-10", "30"}, {"Shah Cement", "2026-12-15", "30"},
		{"Meghna Sand", "2026-12-10", "5"}, {"Akij Steel", "2026-12-30", "10"}} {
		po, err := f.svc.CreatePurchaseOrder(ctx, orders.PurchaseInput{VendorID: f.catalog.vendor(mdclient.Party{Name: o.vendor}),
			LocationID: site.ID, DeliveryDate: day(o.delivery),
			Lines: []orders.LineInput{{ProductID: cement, Quantity: o.qty, UnitPrice: money.New(500_00, money.BDT)}}})
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, po)
	}
	sorted := func(c func(a, b orders.PurchaseOrder) int, desc bool) []string {
		rs := slices.Clone(made)
		slices.SortFunc(rs, func(a, b orders.PurchaseOrder) int { return cmp.Or(c(a, b), cmp.Compare(a.ID.String(), b.ID.String())) })
		if desc {
			slices.Reverse(rs)
		}
		var out []string
		for _, r := range rs {
			out = append(out, r.ID.String())
		}
		return out
	}
	byVendor := func(a, b orders.PurchaseOrder) int { return cmp.Compare(a.VendorName, b.VendorName) }
	byAmount := func(a, b orders.PurchaseOrder) int { return cmp.Compare(a.Amount, b.Amount) }
	byDelivery := func(a, b orders.PurchaseOrder) int { return a.DeliveryDate.Compare(b.DeliveryDate) }
	api := f.rest(t, tid)
	cases := map[string][]string{
		"vendor": sorted(byVendor, false), "-vendor": sorted(byVendor, true),
		"amount": sorted(byAmount, false), "-amount": sorted(byAmount, true),
		"deliveryDate": sorted(byDelivery, false),
	}
	for sort, want := range cases {
		t.Run(sort, func(t *testing.T) {
			var got []string
			cursor := ""
			for range 10 {
				var page struct {
					Items      []orders.PurchaseOrderJSON
					NextCursor *string
				}
				api.Do(http.MethodGet, orders.Base+"/purchase-orders?limit=2&sort="+sort+"&cursor="+url.QueryEscape(cursor), nil).
					Want(t, http.StatusOK).Decode(t, &page)
				for _, it := range page.Items {
					got = append(got, it.ID.String())
				}
				if page.NextCursor == nil {
					break
				}
				cursor = *page.NextCursor
			}
			if !slices.Equal(got, want) {
				t.Fatalf("got  %v\nwant %v", got, want)
			}
		})
	}
	t.Run("an unknown field is refused by name", func(t *testing.T) {
		res := api.Do(http.MethodGet, orders.Base+"/purchase-orders?sort=colour", nil)
		if fields := res.Fields(t); res.Status != http.StatusBadRequest || !slices.Equal(fields, []string{"sort"}) {
			t.Fatalf("%d %s", res.Status, res.Raw)
		}
	})
}
