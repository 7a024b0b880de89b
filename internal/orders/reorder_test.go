package orders_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

type lowAnswer struct {
	ProductID, LocationID, OnHand, ReorderLevel, Shortfall string
}

func TestLowStockIsWhatIsAtOrBelowItsReorderLevel(t *testing.T) {
	f := newFixture(t)
	tid := newTenant(t)
	ctx := manager(tid)
	wh := f.location(t, ctx, "WH-1", orders.LocationWarehouse)
	site := f.location(t, ctx, "SITE-1", orders.LocationProjectSite)
	cement := f.catalog.product("Cement, 50 kg bag", "bag")
	rod := f.catalog.product("MS rod 16mm", "kg")
	sand := f.catalog.product("Sylhet sand", "cft")
	f.putStock(t, ctx, cement, wh.ID, units(100), 500_00)
	f.putStock(t, ctx, cement, site.ID, units(20), 500_00)
	f.putStock(t, ctx, rod, wh.ID, units(40), 90_00)
	api := f.rest(t, tid)
	set := func(product, location uuid.UUID, level string) {
		t.Helper()
		api.Do(http.MethodPut, stockPath+"/reorder-levels/"+product.String()+"/"+location.String(),
			map[string]any{"reorderLevel": level}).Want(t, http.StatusOK)
	}
	for _, l := range []struct {
		p, loc uuid.UUID
		level  string
	}{
		{cement, wh.ID, "50"},    // 100 on hand: not low
		{cement, site.ID, "20"},  // 20 on hand: at the level is low
		{rod, wh.ID, "40.5"},     // 40 on hand: below
		{sand, site.ID, "12.25"}, // never received: zero on hand is low
	} {
		set(l.p, l.loc, l.level)
	}
	low := func(query string) []lowAnswer {
		t.Helper()
		var page struct{ Items []lowAnswer }
		api.Do(http.MethodGet, stockPath+"/low"+query, nil).Want(t, http.StatusOK).Decode(t, &page)
		return page.Items
	}
	key := func(p, loc uuid.UUID) string { return p.String() + "@" + loc.String() }
	got := map[string]lowAnswer{}
	for _, l := range low("") {
		got[l.ProductID+"@"+l.LocationID] = l
	}
	want := map[string]lowAnswer{
		key(cement, site.ID): {OnHand: "20", ReorderLevel: "20", Shortfall: "0"},
		key(rod, wh.ID):      {OnHand: "40", ReorderLevel: "40.5", Shortfall: "0.5"},
		key(sand, site.ID):   {OnHand: "0", ReorderLevel: "12.25", Shortfall: "12.25"},
	}
	if len(got) != len(want) {
		t.Fatalf("low stock %+v, want %d lines", got, len(want))
	}
	for k, w := range want {
		g := got[k]
		if g.OnHand != w.OnHand || g.ReorderLevel != w.ReorderLevel || g.Shortfall != w.Shortfall {
			t.Errorf("%s: %+v, want %+v", k, g, w)
		}
	}
	t.Run("a location narrows the list and pages follow the cursor", func(t *testing.T) {
		var page struct {
			Items      []lowAnswer
			NextCursor *string
		}
		api.Do(http.MethodGet, stockPath+"/low?limit=1&location="+site.ID.String(), nil).Want(t, http.StatusOK).Decode(t, &page)
		if len(page.Items) != 1 || page.NextCursor == nil {
			t.Fatalf("first page %+v", page)
		}
		first := page.Items[0].ProductID
		rest := low("?limit=1&location=" + site.ID.String() + "&cursor=" + *page.NextCursor)
		ids := []string{first, rest[0].ProductID}
		slices.Sort(ids)
		want := []string{cement.String(), sand.String()}
		slices.Sort(want)
		if len(rest) != 1 || !slices.Equal(ids, want) {
			t.Fatalf("pages %v %+v", first, rest)
		}
	})
	t.Run("stock received above the level is no longer low", func(t *testing.T) {
		f.putStock(t, ctx, rod, wh.ID, units(1), 90_00)
		for _, l := range low("") {
			if l.ProductID == rod.String() {
				t.Fatalf("rod still low at 41 on hand: %+v", l)
			}
		}
	})
	t.Run("a removed level is never low", func(t *testing.T) {
		api.Do(http.MethodDelete, stockPath+"/reorder-levels/"+sand.String()+"/"+site.ID.String(), nil).Want(t, http.StatusNoContent)
		for _, l := range low("") {
			if l.ProductID == sand.String() {
				t.Fatalf("sand still low: %+v", l)
			}
		}
		api.Do(http.MethodDelete, stockPath+"/reorder-levels/"+sand.String()+"/"+site.ID.String(), nil).
			WantProblem(t, http.StatusNotFound, errs.NotFound)
	})
}

func TestAReorderLevelIsValidatedAndNeedsTheLocationPermission(t *testing.T) {
	f := newFixture(t)
	tid := newTenant(t)
	ctx := manager(tid)
	wh := f.location(t, ctx, "WH-1", orders.LocationWarehouse)
	cement := f.catalog.product("Cement, 50 kg bag", "bag")
	path := func(p, loc string) string { return stockPath + "/reorder-levels/" + p + "/" + loc }
	cases := []struct {
		name, path, level string
		fields            []string
	}{
		{"zero", path(cement.String(), wh.ID.String()), "0", []string{"reorderLevel"}},
		{"negative", path(cement.String(), wh.ID.String()), "-5", []string{"reorderLevel"}},
		{"five decimals", path(cement.String(), wh.ID.String()), "1.00001", []string{"reorderLevel"}},
		{"unknown product", path(uuid.NewString(), wh.ID.String()), "5", []string{"productId"}},
		{"unknown location", path(cement.String(), uuid.NewString()), "5", []string{"locationId"}},
		{"not ids", path("cement", "wh"), "5", []string{"productId", "locationId"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := f.rest(t, tid).Do(http.MethodPut, tc.path, map[string]any{"reorderLevel": tc.level})
			res.WantProblem(t, http.StatusBadRequest, errs.InvalidArgument)
			if got := res.Fields(t); !slices.Equal(got, tc.fields) {
				t.Fatalf("fields %v, want %v", got, tc.fields)
			}
		})
	}
	f.rest(t, tid, orders.PermStockRead, orders.PermStockMove).Do(http.MethodPut, path(cement.String(), wh.ID.String()),
		map[string]any{"reorderLevel": "5"}).WantProblem(t, http.StatusForbidden, errs.PermissionDenied)
	f.rest(t, tid, orders.PermLocationWrite).Do(http.MethodGet, stockPath+"/low", nil).
		WantProblem(t, http.StatusForbidden, errs.PermissionDenied)
	f.rest(t, newTenant(t)).Do(http.MethodPut, path(cement.String(), wh.ID.String()), map[string]any{"reorderLevel": "5"}).
		WantProblem(t, http.StatusBadRequest, errs.InvalidArgument) // another tenant's location is unknown
}
