package orders_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

const stockPath = orders.Base + "/stock"

type moneyAnswer struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

type levelAnswer struct {
	ProductID   string      `json:"productId"`
	LocationID  string      `json:"locationId"`
	OnHand      string      `json:"onHand"`
	Committed   string      `json:"committed"`
	Available   string      `json:"available"`
	AverageCost moneyAnswer `json:"averageCost"`
	Value       moneyAnswer `json:"value"`
}

type documentAnswer struct {
	ID             string `json:"id"`
	Number         string `json:"number"`
	Kind           string `json:"kind"`
	FromLocationID string `json:"fromLocationId"`
	ToLocationID   string `json:"toLocationId"`
	Date           string `json:"date"`
	Lines          []struct {
		Line     int         `json:"line"`
		Quantity string      `json:"quantity"`
		UnitCost moneyAnswer `json:"unitCost"`
		Value    moneyAnswer `json:"value"`
	} `json:"lines"`
}

// stockOf returns the levels the REST API lists for query.
func stockOf(tb testing.TB, f *fixture, t tenant.ID, query string) []levelAnswer {
	tb.Helper()
	var page struct {
		Items []levelAnswer `json:"items"`
	}
	f.rest(tb, t).Do("GET", stockPath+query, nil).Want(tb, http.StatusOK).Decode(tb, &page)
	return page.Items
}

func TestATransferMovesValueAtTheMovingAverageCost(t *testing.T) {
	f := newFixture(t)
	tid := newTenant(t)
	ctx := manager(tid)
	wh := f.location(t, ctx, "WH-1", orders.LocationWarehouse)
	site := f.location(t, ctx, "SITE-1", orders.LocationProjectSite)
	rod := f.catalog.product("MS rod 16mm", "kg")
	f.putStock(t, ctx, rod, wh.ID, units(10), 10000) // 1,000.00
	f.putStock(t, ctx, rod, wh.ID, units(5), 13000)  //   650.00: 15 at 110.00
	if err := orders.Commit(f.svc, ctx, rod, wh.ID, units(6)); err != nil {
		t.Fatal(err)
	}

	var doc documentAnswer
	res := f.rest(t, tid).Do("POST", stockPath+"/transfers", map[string]any{"fromLocationId": wh.ID, "toLocationId": site.ID,
		"date": "2026-12-03", "lines": []map[string]any{{"productId": rod, "quantity": "4"}, {"productId": rod, "quantity": "0.5"}}}).
		Want(t, http.StatusCreated)
	res.Decode(t, &doc)
	if doc.Kind != "transfer" || doc.Number == "" || doc.FromLocationID != wh.ID.String() || doc.ToLocationID != site.ID.String() ||
		doc.Date != "2026-12-03" || len(doc.Lines) != 2 || doc.Lines[0].Value.Amount != "440.00" || doc.Lines[0].UnitCost.Amount != "110.00" ||
		doc.Lines[1].Value.Amount != "55.00" || res.Header.Get("Location") != stockPath+"/transfers/"+doc.ID {
		t.Fatalf("transfer %+v", doc)
	}
	levels := stockOf(t, f, tid, "?product="+rod.String())
	want := map[string]levelAnswer{
		wh.ID.String(): {OnHand: "10.5", Committed: "6", Available: "4.5", AverageCost: moneyAnswer{"110.00", "BDT"},
			Value: moneyAnswer{"1155.00", "BDT"}},
		site.ID.String(): {OnHand: "4.5", Committed: "0", Available: "4.5", AverageCost: moneyAnswer{"110.00", "BDT"},
			Value: moneyAnswer{"495.00", "BDT"}},
	}
	if len(levels) != 2 {
		t.Fatalf("levels %+v", levels)
	}
	for _, l := range levels {
		w := want[l.LocationID]
		w.ProductID, w.LocationID = rod.String(), l.LocationID
		if l != w {
			t.Errorf("level at %s = %+v, want %+v", l.LocationID, l, w)
		}
	}
	var again documentAnswer
	f.rest(t, tid).Do("GET", stockPath+"/transfers/"+doc.ID, nil).Want(t, http.StatusOK).Decode(t, &again)
	if again.Number != doc.Number || len(again.Lines) != 2 || again.Lines[1].Value.Amount != "55.00" {
		t.Fatalf("read back %+v", again)
	}
	f.rest(t, tid).Do("GET", stockPath+"/issues/"+doc.ID, nil).WantProblem(t, http.StatusNotFound, errs.NotFound)

	var moves struct {
		Items []struct {
			Kind, Quantity, LocationID string
			Value                      moneyAnswer
		} `json:"items"`
		NextCursor *string `json:"nextCursor"`
	}
	f.rest(t, tid).Do("GET", stockPath+"/movements?location="+site.ID.String()+"&limit=1", nil).Want(t, http.StatusOK).Decode(t, &moves)
	if len(moves.Items) != 1 || moves.Items[0].Kind != "transfer_in" || moves.Items[0].Quantity != "0.5" || moves.NextCursor == nil {
		t.Fatalf("newest movement at the site %+v", moves)
	}
	f.rest(t, tid).Do("GET", stockPath+"/movements?location="+site.ID.String()+"&cursor="+*moves.NextCursor, nil).
		Want(t, http.StatusOK).Decode(t, &moves)
	if len(moves.Items) != 1 || moves.Items[0].Quantity != "4" || moves.Items[0].Value.Amount != "440.00" || moves.NextCursor != nil {
		t.Fatalf("older movements at the site %+v", moves)
	}
}

func TestAnIssueGoesToAProjectAtTheMovingAverageCost(t *testing.T) {
	f := newFixture(t)
	tid := newTenant(t)
	ctx := manager(tid)
	site := f.location(t, ctx, "SITE-1", orders.LocationProjectSite)
	brick := f.catalog.product("Brick", "piece")
	f.putStock(t, ctx, brick, site.ID, units(3), 1000) // 30.00 for 3: 10.00 each

	var doc documentAnswer
	f.rest(t, tid).Do("POST", stockPath+"/issues", map[string]any{"locationId": site.ID, "project": "Tower A, level 3",
		"lines": []map[string]any{{"productId": brick, "quantity": "1"}}}).Want(t, http.StatusCreated).Decode(t, &doc)
	// No date: the tenant's today, 4 December in Dhaka.
	if doc.Kind != "issue" || doc.Date != "2026-12-04" || doc.Lines[0].Value.Amount != "10.00" {
		t.Fatalf("issue %+v", doc)
	}
	page, err := f.svc.ListMovements(ctx, orders.StockFilter{ProductID: brick})
	if err != nil {
		t.Fatal(err)
	}
	if m := page.Items[0]; m.Kind != orders.MoveIssue || m.Project != "Tower A, level 3" || m.SourceID.String() != doc.ID {
		t.Fatalf("movement %+v", m)
	}
}

func TestBadStockInputIsRefusedNamingFieldsAndChangesNothing(t *testing.T) {
	f := newFixture(t)
	tid := newTenant(t)
	ctx := manager(tid)
	wh := f.location(t, ctx, "WH-1", orders.LocationWarehouse)
	old := f.location(t, ctx, "WH-OLD", orders.LocationWarehouse)
	no := false
	if _, err := f.svc.UpdateLocation(ctx, old.ID, orders.LocationPatch{Active: &no}); err != nil {
		t.Fatal(err)
	}
	sand := f.catalog.product("Sand", "cft")
	f.putStock(t, ctx, sand, wh.ID, units(10), 4500)
	line := func(product any, q string) []map[string]any {
		return []map[string]any{{"productId": product, "quantity": q}}
	}

	cases := []struct {
		name, path string
		body       map[string]any
		fields     []string
	}{
		{"issue without a location or project", "/issues", map[string]any{"lines": line(sand, "1")}, []string{"locationId", "project"}},
		{"issue of no lines", "/issues", map[string]any{"locationId": wh.ID, "project": "P", "lines": []any{}}, []string{"lines"}},
		{"a quantity that is a JSON number", "/issues", map[string]any{"locationId": wh.ID, "project": "P",
			"lines": []map[string]any{{"productId": sand, "quantity": 2}}}, []string{"lines.quantity"}},
		{"a zero and a long quantity", "/issues", map[string]any{"locationId": wh.ID, "project": "P",
			"lines": []map[string]any{{"productId": sand, "quantity": "0"}, {"productId": sand, "quantity": "1.23456"}}},
			[]string{"lines[0].quantity", "lines[1].quantity"}},
		{"a product master data does not know", "/issues", map[string]any{"locationId": wh.ID, "project": "P",
			"lines": line(uuid.New(), "1")}, []string{"lines[0].productId"}},
		{"a malformed product id and date", "/issues", map[string]any{"locationId": wh.ID, "project": "P", "date": "4/12/2026",
			"lines": line("cement", "1")}, []string{"date", "lines[0].productId"}},
		{"an inactive location", "/issues", map[string]any{"locationId": old.ID, "project": "P", "lines": line(sand, "1")},
			[]string{"locationId"}},
		{"another tenant's location", "/issues", map[string]any{"locationId": uuid.New(), "project": "P", "lines": line(sand, "1")},
			[]string{"locationId"}},
		{"an unknown field", "/issues", map[string]any{"locationId": wh.ID, "project": "P", "lines": line(sand, "1"), "priority": "high"},
			[]string{"priority"}},
		{"a transfer to where it is", "/transfers", map[string]any{"fromLocationId": wh.ID, "toLocationId": wh.ID, "lines": line(sand, "1")},
			[]string{"toLocationId"}},
		{"a transfer to an inactive location", "/transfers", map[string]any{"fromLocationId": wh.ID, "toLocationId": old.ID,
			"lines": line(sand, "1")}, []string{"toLocationId"}},
		{"a transfer without locations", "/transfers", map[string]any{"lines": line(sand, "1")}, []string{"fromLocationId", "toLocationId"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := f.rest(t, tid).Do("POST", stockPath+c.path, c.body)
			res.WantProblem(t, http.StatusBadRequest, errs.InvalidArgument)
			if got := res.Fields(t); !slices.Equal(got, c.fields) {
				t.Fatalf("fields %v, want %v: %s", got, c.fields, res.Raw)
			}
		})
	}
	t.Run("more than is on hand", func(t *testing.T) {
		res := f.rest(t, tid).Do("POST", stockPath+"/issues", map[string]any{"locationId": wh.ID, "project": "P",
			"lines": []map[string]any{{"productId": sand, "quantity": "6"}, {"productId": sand, "quantity": "5"}}})
		res.WantProblem(t, http.StatusPreconditionFailed, errs.FailedPrecondition)
		if d := res.Detail(); !strings.Contains(d, "Sand") || !strings.Contains(d, sand.String()) {
			t.Fatalf("detail %q does not name the product", d)
		}
	})
	t.Run("bad filters of the stock lists", func(t *testing.T) {
		res := f.rest(t, tid).Do("GET", stockPath+"?product=cement", nil)
		res.WantProblem(t, http.StatusBadRequest, errs.InvalidArgument)
		if got := res.Fields(t); !slices.Equal(got, []string{"product"}) {
			t.Fatalf("fields %v", got)
		}
		res = f.rest(t, tid).Do("GET", stockPath+"/movements?location=x&colour=red&cursor=zz", nil)
		res.WantProblem(t, http.StatusBadRequest, errs.InvalidArgument)
		if got := res.Fields(t); !slices.Equal(got, []string{"location", "colour"}) {
			t.Fatalf("fields %v", got)
		}
		f.rest(t, tid).Do("GET", stockPath+"/movements?cursor=zz", nil).WantProblem(t, http.StatusBadRequest, errs.InvalidArgument)
	})
	t.Run("without the permission to move stock", func(t *testing.T) {
		f.rest(t, tid, orders.PermStockRead).Do("POST", stockPath+"/issues", map[string]any{"locationId": wh.ID, "project": "P",
			"lines": line(sand, "1")}).WantProblem(t, http.StatusForbidden, errs.PermissionDenied)
	})

	if l := f.level(t, ctx, sand, wh.ID); l.OnHand != units(10) || l.Value != 45000 {
		t.Fatalf("on hand %s, value %d after refusals; want 10 and 45000", l.OnHand, l.Value)
	}
	var docs, seqs int
	if err := f.db.Admin.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM orders.stock_documents),
		(SELECT count(*) FROM orders.number_sequences)`).Scan(&docs, &seqs); err != nil {
		t.Fatal(err)
	}
	if docs != 0 || seqs != 0 {
		t.Fatalf("%d stock documents and %d number sequences after refusals, want none", docs, seqs)
	}
	if n := len(f.outbox(t, tid, orders.EventStockMoved)); n != 1 {
		t.Fatalf("%d stock moved events, want the receipt's only", n)
	}
}

func TestATenantNeverSeesAnotherTenantsStockOrLocations(t *testing.T) {
	f := newFixture(t)
	a, b := newTenant(t), newTenant(t)
	ctxA, ctxB := manager(a), manager(b)
	wh := f.location(t, ctxA, "WH-1", orders.LocationWarehouse)
	cement := f.catalog.product("Cement", "bag")
	f.putStock(t, ctxA, cement, wh.ID, units(10), 50000)

	if page, err := f.svc.ListLocations(ctxB, orders.LocationFilter{}); err != nil || len(page.Items) != 0 {
		t.Fatalf("B's locations: %+v, %v", page.Items, err)
	}
	_, err := f.svc.Location(ctxB, wh.ID)
	wantCode(t, err, errs.NotFound)
	f.rest(t, b).Do("GET", locationsPath+"/"+wh.ID.String(), nil).WantProblem(t, http.StatusNotFound, errs.NotFound)
	f.rest(t, b).Do("PATCH", locationsPath+"/"+wh.ID.String(), map[string]any{"name": "Mine"}, "If-Match", `"1"`).
		WantProblem(t, http.StatusNotFound, errs.NotFound)
	if levels := stockOf(t, f, b, "?product="+cement.String()); len(levels) != 0 {
		t.Fatalf("B sees stock %+v", levels)
	}
	if page, err := f.svc.ListMovements(ctxB, orders.StockFilter{}); err != nil || len(page.Items) != 0 {
		t.Fatalf("B's movements: %+v, %v", page.Items, err)
	}
	// B cannot move stock at A's location, nor out of it.
	if err := orders.Move(f.svc, ctxB, receipt(cement, wh.ID, units(1), 100)); err == nil {
		t.Fatal("B received stock into A's location")
	}
	_, err = f.svc.IssueStock(ctxB, orders.NewIssue{LocationID: wh.ID, Project: "P", Lines: []orders.StockLine{{ProductID: cement, Quantity: units(1)}}})
	wantCode(t, err, errs.InvalidArgument)
	// B's location of the same code is B's own.
	whB := f.location(t, ctxB, "WH-1", orders.LocationWarehouse)
	f.putStock(t, ctxB, cement, whB.ID, units(2), 60000)
	if l := f.level(t, ctxA, cement, wh.ID); l.OnHand != units(10) || l.Value != 500000 {
		t.Fatalf("A's stock changed: %+v", l)
	}
	if levels := stockOf(t, f, a, ""); len(levels) != 1 || levels[0].LocationID != wh.ID.String() {
		t.Fatalf("A sees %+v", levels)
	}
}
