package orders_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

const locationsPath = orders.Base + "/locations"

type locationAnswer struct {
	ID      string `json:"id"`
	Code    string `json:"code"`
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	Active  bool   `json:"active"`
	Version int    `json:"version"`
}

func TestLocationsAreCreatedReadAndChangedFromTheirVersion(t *testing.T) {
	f := newFixture(t)
	tid := newTenant(t)
	api := f.rest(t, tid)

	res := api.Do("POST", locationsPath, map[string]any{"code": "SITE-GULSHAN", "name": "Gulshan tower site", "kind": "project_site",
		"address": "Road 90, Gulshan 2, Dhaka"}).Want(t, http.StatusCreated)
	var site locationAnswer
	res.Decode(t, &site)
	if site.Code != "SITE-GULSHAN" || site.Kind != orders.LocationProjectSite || !site.Active || site.Version != 1 ||
		res.Header.Get("ETag") != `"1"` || res.Header.Get("Location") != locationsPath+"/"+site.ID {
		t.Fatalf("created %+v, headers %v", site, res.Header)
	}
	api.Do("POST", locationsPath, map[string]any{"code": "WH-TEJGAON", "name": "Tejgaon warehouse", "kind": "warehouse"}).
		Want(t, http.StatusCreated)

	t.Run("refuses a code the tenant has", func(t *testing.T) {
		p := api.Do("POST", locationsPath, map[string]any{"code": "SITE-GULSHAN", "name": "Again", "kind": "warehouse"}).
			WantProblem(t, http.StatusConflict, errs.Conflict)
		if len(p.Errors) != 1 || p.Errors[0].Field != "code" {
			t.Fatalf("problem %+v", p)
		}
	})
	t.Run("names every bad field", func(t *testing.T) {
		res := api.Do("POST", locationsPath, map[string]any{"code": "bad code!", "name": " ", "kind": "shop"})
		res.WantProblem(t, http.StatusBadRequest, errs.InvalidArgument)
		if got := res.Fields(t); !slices.Equal(got, []string{"code", "name", "kind"}) {
			t.Fatalf("fields %v", got)
		}
	})
	t.Run("lists by code, filtered and paged", func(t *testing.T) {
		var page struct {
			Items      []locationAnswer `json:"items"`
			NextCursor *string          `json:"nextCursor"`
		}
		api.Do("GET", locationsPath+"?limit=1", nil).Want(t, http.StatusOK).Decode(t, &page)
		if len(page.Items) != 1 || page.Items[0].Code != "SITE-GULSHAN" || page.NextCursor == nil {
			t.Fatalf("first page %+v", page)
		}
		api.Do("GET", locationsPath+"?limit=1&cursor="+*page.NextCursor, nil).Want(t, http.StatusOK).Decode(t, &page)
		if len(page.Items) != 1 || page.Items[0].Code != "WH-TEJGAON" || page.NextCursor != nil {
			t.Fatalf("second page %+v", page)
		}
		api.Do("GET", locationsPath+"?kind=warehouse", nil).Want(t, http.StatusOK).Decode(t, &page)
		if len(page.Items) != 1 || page.Items[0].Code != "WH-TEJGAON" {
			t.Fatalf("warehouses %+v", page)
		}
		api.Do("GET", locationsPath+"?kind=shop&colour=red", nil).WantProblem(t, http.StatusBadRequest, errs.InvalidArgument)
	})
	t.Run("a change needs If-Match", func(t *testing.T) {
		api.Do("PATCH", locationsPath+"/"+site.ID, map[string]any{"name": "Renamed"}).
			WantProblem(t, http.StatusPreconditionRequired, errs.FailedPrecondition)
		api.Do("PATCH", locationsPath+"/"+site.ID, map[string]any{"name": "Renamed"}, "If-Match", `"7"`).
			WantProblem(t, http.StatusPreconditionFailed, errs.FailedPrecondition)
		var got locationAnswer
		res := api.Do("PATCH", locationsPath+"/"+site.ID, map[string]any{"name": "Gulshan tower, phase 2"}, "If-Match", `"1"`).
			Want(t, http.StatusOK)
		res.Decode(t, &got)
		if got.Name != "Gulshan tower, phase 2" || got.Version != 2 || res.Header.Get("ETag") != `"2"` {
			t.Fatalf("changed %+v", got)
		}
		api.Do("GET", locationsPath+"/"+site.ID, nil, "If-None-Match", `"2"`).Want(t, http.StatusNotModified)
	})
	t.Run("deactivates, and an inactive location takes no new document", func(t *testing.T) {
		var got locationAnswer
		api.Do("PATCH", locationsPath+"/"+site.ID, map[string]any{"active": false}, "If-Match", `"2"`).Want(t, http.StatusOK).Decode(t, &got)
		if got.Active {
			t.Fatalf("still active: %+v", got)
		}
		_, err := orders.RequireLocation(f.svc, manager(tid), "locationId", uuid.MustParse(site.ID))
		if e := errs.As(err); e.Code != errs.InvalidArgument || len(e.Fields) != 1 || e.Fields[0].Field != "locationId" {
			t.Fatalf("requireLocation of an inactive location: %v", err)
		}
	})
	t.Run("needs the location permissions", func(t *testing.T) {
		reader := f.rest(t, tid, orders.PermLocationRead)
		reader.Do("GET", locationsPath+"/"+site.ID, nil).Want(t, http.StatusOK)
		reader.Do("PATCH", locationsPath+"/"+site.ID, map[string]any{"active": true}, "If-Match", `"3"`).
			WantProblem(t, http.StatusForbidden, errs.PermissionDenied)
		f.rest(t, tid, orders.PermStockRead).Do("GET", locationsPath, nil).WantProblem(t, http.StatusForbidden, errs.PermissionDenied)
	})
}

func TestALocationHoldingStockStaysActive(t *testing.T) {
	f := newFixture(t)
	tid := newTenant(t)
	ctx := manager(tid)
	wh := f.location(t, ctx, "WH-1", orders.LocationWarehouse)
	f.putStock(t, ctx, f.catalog.product("Cement", "bag"), wh.ID, units(3), 50000)
	no := false
	_, err := f.svc.UpdateLocation(ctx, wh.ID, orders.LocationPatch{Active: &no})
	wantCode(t, err, errs.FailedPrecondition)
	if l, _ := f.svc.Location(ctx, wh.ID); !l.Active || l.Version != 1 {
		t.Fatalf("location after a refused deactivation: %+v", l)
	}
}
