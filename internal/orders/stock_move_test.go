package orders_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/qty"
)

// units is n whole units.
func units(n int64) qty.Qty { return qty.Qty(n * qty.Scale) }

// receipt is a goods receipt line of q units of product at loc costing
// unitCost poisha each.
func receipt(product, loc uuid.UUID, q qty.Qty, unitCost int64) orders.Movement {
	return orders.Movement{ProductID: product, LocationID: loc, Kind: orders.MoveReceipt, Quantity: q, UnitCost: unitCost,
		SourceType: orders.SourceGoodsReceipt, SourceID: uuid.New(), SourceLine: 1, OccurredOn: day("2026-12-04")}
}

// putStock receives q units of product at loc at unitCost.
func (f *fixture) putStock(tb testing.TB, ctx context.Context, product, loc uuid.UUID, q qty.Qty, unitCost int64) {
	tb.Helper()
	if err := orders.Move(f.svc, ctx, receipt(product, loc, q, unitCost)); err != nil {
		tb.Fatalf("receive stock: %v", err)
	}
}

// level returns the stock level of product at loc, zero when none.
func (f *fixture) level(tb testing.TB, ctx context.Context, product, loc uuid.UUID) orders.StockLevel {
	tb.Helper()
	page, err := f.svc.ListStock(ctx, orders.StockFilter{ProductID: product, LocationID: loc})
	if err != nil {
		tb.Fatalf("list stock: %v", err)
	}
	if len(page.Items) == 0 {
		return orders.StockLevel{ProductID: product, LocationID: loc}
	}
	return page.Items[0]
}

func TestMovingAverageCostIsExactToThePoisha(t *testing.T) {
	f := newFixture(t)
	tid := newTenant(t)
	ctx := manager(tid)
	wh := f.location(t, ctx, "WH-1", orders.LocationWarehouse)
	rod := f.catalog.product("MS rod 12mm", "kg")

	f.putStock(t, ctx, rod, wh.ID, units(10), 10000)     // 10 at 100.00: 1,000.00
	f.putStock(t, ctx, rod, wh.ID, units(20), 11550)     // 20 at 115.50: 2,310.00
	f.putStock(t, ctx, rod, wh.ID, qty.Qty(25_000), 333) // 2.5 at 3.33: 8.325, rounds to 8.33
	l := f.level(t, ctx, rod, wh.ID)
	if l.OnHand != qty.Qty(325_000) || l.Value != 331833 {
		t.Fatalf("after receipts: on hand %s, value %d; want 32.5 and 331833", l.OnHand, l.Value)
	}
	if got := l.AverageCost(); got != 10210 { // 331833 / 32.5 = 10210.246...
		t.Fatalf("average cost = %d, want 10210", got)
	}

	issue := orders.Movement{ProductID: rod, LocationID: wh.ID, ProductName: "MS rod 12mm", Kind: orders.MoveIssue, Quantity: units(7),
		SourceType: orders.SourceIssue, SourceID: uuid.New(), SourceLine: 1, Project: "Tower A", OccurredOn: day("2026-12-04")}
	if err := orders.Move(f.svc, ctx, issue); err != nil {
		t.Fatalf("issue: %v", err)
	}
	// 331833 × 7 / 32.5 = 71471.723..., rounds to 71472.
	if l = f.level(t, ctx, rod, wh.ID); l.OnHand != qty.Qty(255_000) || l.Value != 331833-71472 {
		t.Fatalf("after issue: on hand %s, value %d; want 25.5 and %d", l.OnHand, l.Value, 331833-71472)
	}
	page, err := f.svc.ListMovements(ctx, orders.StockFilter{ProductID: rod})
	if err != nil {
		t.Fatal(err)
	}
	m := page.Items[0]
	if m.Kind != orders.MoveIssue || m.Quantity != -units(7) || m.Value != -71472 || m.UnitCost != 10210 || m.OnHandAfter != qty.Qty(255_000) ||
		m.Project != "Tower A" {
		t.Fatalf("newest movement = %+v", m)
	}

	rest := issue
	rest.SourceID, rest.Quantity = uuid.New(), qty.Qty(255_000)
	if err := orders.Move(f.svc, ctx, rest); err != nil {
		t.Fatalf("issue the rest: %v", err)
	}
	if l = f.level(t, ctx, rod, wh.ID); l.OnHand != 0 || l.Value != 0 {
		t.Fatalf("after the last unit: on hand %s, value %d; want 0 and 0", l.OnHand, l.Value)
	}

	evs := f.outbox(t, tid, orders.EventStockMoved)
	if len(evs) != 5 {
		t.Fatalf("%d stock moved events, want 5", len(evs))
	}
	var last orders.StockMovedEvent
	if err := json.Unmarshal(evs[4].Data, &last); err != nil {
		t.Fatal(err)
	}
	if evs[4].Subject != rod.String() || last.Kind != "issue" || last.Quantity != "-25.5" || last.OnHandAfter != "0" ||
		last.Value.Minor() != -(331833-71472) {
		t.Fatalf("last event = %s %+v", evs[4].Subject, last)
	}
}

func TestARepeatedMovementOfASourceLineChangesNothing(t *testing.T) {
	f := newFixture(t)
	tid := newTenant(t)
	ctx := manager(tid)
	wh := f.location(t, ctx, "WH-1", orders.LocationWarehouse)
	cement := f.catalog.product("Cement", "bag")
	r := receipt(cement, wh.ID, units(40), 52000)
	for range 3 {
		if err := orders.Move(f.svc, ctx, r); err != nil {
			t.Fatalf("receive: %v", err)
		}
	}
	// The same line again beside a new one: only the new one moves.
	second := r
	second.SourceLine = 2
	if err := orders.Move(f.svc, ctx, r, second); err != nil {
		t.Fatalf("receive again: %v", err)
	}
	if l := f.level(t, ctx, cement, wh.ID); l.OnHand != units(80) || l.Value != 80*52000 {
		t.Fatalf("on hand %s, value %d; want 80 and %d", l.OnHand, l.Value, 80*52000)
	}
	page, err := f.svc.ListMovements(ctx, orders.StockFilter{ProductID: cement})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || len(f.outbox(t, tid, orders.EventStockMoved)) != 2 {
		t.Fatalf("%d movements, %d events; want 2 and 2", len(page.Items), len(f.outbox(t, tid, orders.EventStockMoved)))
	}
}

func TestAMovementBelowZeroIsRefusedNamingTheProductAndMovesNothing(t *testing.T) {
	f := newFixture(t)
	tid := newTenant(t)
	ctx := manager(tid)
	wh := f.location(t, ctx, "WH-1", orders.LocationWarehouse)
	brick, sand := f.catalog.product("Brick", "piece"), f.catalog.product("Sand", "cft")
	f.putStock(t, ctx, brick, wh.ID, units(1000), 1200)
	f.putStock(t, ctx, sand, wh.ID, units(5), 4500)
	src := uuid.New()
	err := orders.Move(f.svc, ctx,
		orders.Movement{ProductID: brick, LocationID: wh.ID, ProductName: "Brick", Kind: orders.MoveDelivery, Quantity: units(500),
			SourceType: orders.SourceDelivery, SourceID: src, SourceLine: 1, OccurredOn: day("2026-12-04")},
		orders.Movement{ProductID: sand, LocationID: wh.ID, ProductName: "Sand", Kind: orders.MoveDelivery, Quantity: units(6),
			SourceType: orders.SourceDelivery, SourceID: src, SourceLine: 2, OccurredOn: day("2026-12-04")})
	wantCode(t, err, errs.FailedPrecondition)
	if msg := errs.As(err).Message; !strings.Contains(msg, "Sand") || !strings.Contains(msg, sand.String()) {
		t.Fatalf("message %q does not name the product", msg)
	}
	if l := f.level(t, ctx, brick, wh.ID); l.OnHand != units(1000) {
		t.Fatalf("brick on hand %s after a refused delivery, want 1000", l.OnHand)
	}
	if l := f.level(t, ctx, sand, wh.ID); l.OnHand != units(5) {
		t.Fatalf("sand on hand %s after a refused delivery, want 5", l.OnHand)
	}
}

func TestStockLevelsMoveOnlyWithAMovementRow(t *testing.T) {
	f := newFixture(t)
	tid := newTenant(t)
	ctx := manager(tid)
	wh := f.location(t, ctx, "WH-1", orders.LocationWarehouse)
	steel := f.catalog.product("Steel", "kg")
	f.putStock(t, ctx, steel, wh.ID, units(10), 9000)
	for _, stmt := range []string{
		`UPDATE orders.stock_levels SET on_hand = on_hand + 10000`,
		`UPDATE orders.stock_levels SET value = 0`,
		`DELETE FROM orders.stock_levels`,
		`INSERT INTO orders.stock_levels (tenant_id, product_id, location_id, on_hand, value)
			VALUES (current_setting('app.tenant_id')::uuid, gen_random_uuid(), '` + wh.ID.String() + `', 10000, 5)`,
		`UPDATE orders.stock_movements SET quantity = 1`,
		`DELETE FROM orders.stock_movements`,
	} {
		err := f.db.App.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
			_, err := tx.Exec(ctx, stmt)
			return err
		})
		if err == nil {
			t.Errorf("%s: allowed", stmt)
		}
	}
	if l := f.level(t, ctx, steel, wh.ID); l.OnHand != units(10) || l.Value != 90000 {
		t.Fatalf("on hand %s, value %d; want 10 and 90000", l.OnHand, l.Value)
	}
}

func TestConcurrentRepeatsOfOneSourceLineMoveItOnce(t *testing.T) {
	f := newFixture(t)
	tid := newTenant(t)
	ctx := manager(tid)
	wh := f.location(t, ctx, "WH-1", orders.LocationWarehouse)
	tiles := f.catalog.product("Floor tiles", "box")
	r := receipt(tiles, wh.ID, units(12), 150000)
	start := make(chan struct{})
	failures := make(chan error, 10)
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if err := orders.Move(f.svc, ctx, r); err != nil {
				failures <- err
			}
		}()
	}
	close(start)
	wg.Wait()
	close(failures)
	for err := range failures {
		t.Errorf("a repeat failed: %v", err)
	}
	if l := f.level(t, ctx, tiles, wh.ID); l.OnHand != units(12) || l.Value != 12*150000 {
		t.Fatalf("on hand %s, value %d; want 12 and %d", l.OnHand, l.Value, 12*150000)
	}
	if n := len(f.outbox(t, tid, orders.EventStockMoved)); n != 1 {
		t.Fatalf("%d stock moved events, want 1", n)
	}
}

func TestCommittedStockIsHeldAndReleasedButNeverBelowZero(t *testing.T) {
	f := newFixture(t)
	tid := newTenant(t)
	ctx := manager(tid)
	wh := f.location(t, ctx, "WH-1", orders.LocationWarehouse)
	paint := f.catalog.product("Paint", "litre")
	if err := orders.Commit(f.svc, ctx, paint, wh.ID, units(3)); err != nil {
		t.Fatal(err)
	}
	if l := f.level(t, ctx, paint, wh.ID); l.OnHand != 0 || l.Committed != units(3) || l.Available() != -units(3) {
		t.Fatalf("held before any stock: %+v", l)
	}
	f.putStock(t, ctx, paint, wh.ID, units(10), 30000)
	if err := orders.Commit(f.svc, ctx, paint, wh.ID, units(2)); err != nil {
		t.Fatal(err)
	}
	if l := f.level(t, ctx, paint, wh.ID); l.Committed != units(5) || l.Available() != units(5) {
		t.Fatalf("held 5 of 10: %+v", l)
	}
	for range 2 { // a compensation that runs twice
		if err := orders.Commit(f.svc, ctx, paint, wh.ID, -units(5)); err != nil {
			t.Fatal(err)
		}
	}
	if l := f.level(t, ctx, paint, wh.ID); l.Committed != 0 || l.OnHand != units(10) {
		t.Fatalf("after releasing twice: %+v", l)
	}
}

func TestTransfersKeepTheTotalValueToThePoisha(t *testing.T) {
	f := newFixture(t)
	tid := newTenant(t)
	ctx := manager(tid)
	wh := f.location(t, ctx, "WH-1", orders.LocationWarehouse)
	site := f.location(t, ctx, "SITE-1", orders.LocationProjectSite)
	bolt := f.catalog.product("Anchor bolt", "piece")
	f.putStock(t, ctx, bolt, wh.ID, units(1), 34)
	f.putStock(t, ctx, bolt, wh.ID, units(2), 33) // 3 pieces worth 1.00
	transfer := func(q qty.Qty) {
		t.Helper()
		_, err := f.svc.TransferStock(ctx, orders.NewTransfer{FromLocationID: wh.ID, ToLocationID: site.ID,
			Lines: []orders.StockLine{{ProductID: bolt, Quantity: q}}})
		if err != nil {
			t.Fatalf("transfer %s: %v", q, err)
		}
	}
	transfer(units(1)) // 100 × 1/3 = 33.33: 33 poisha leave
	a, b := f.level(t, ctx, bolt, wh.ID), f.level(t, ctx, bolt, site.ID)
	if a.Value != 67 || b.Value != 33 || a.OnHand != units(2) || b.OnHand != units(1) {
		t.Fatalf("after one: warehouse %+v, site %+v", a, b)
	}
	transfer(units(2)) // the last units take the rest
	a, b = f.level(t, ctx, bolt, wh.ID), f.level(t, ctx, bolt, site.ID)
	if a.Value != 0 || a.OnHand != 0 || b.Value != 100 || b.OnHand != units(3) {
		t.Fatalf("after all: warehouse %+v, site %+v", a, b)
	}
}
