package orders_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/qty"
)

func TestConcurrentIssuesNeverTakeStockBelowZero(t *testing.T) {
	f := newFixture(t)
	tid := newTenant(t)
	ctx := manager(tid)
	wh := f.location(t, ctx, "WH-1", orders.LocationWarehouse)
	cement := f.catalog.product("Portland cement", "bag")
	f.putStock(t, ctx, cement, wh.ID, units(100), 52000)

	const callers = 150
	start := make(chan struct{})
	errsOf := make([]error, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errsOf[i] = f.svc.IssueStock(ctx, orders.NewIssue{LocationID: wh.ID, Project: "Tower A", Date: day("2026-12-04"),
				Lines: []orders.StockLine{{ProductID: cement, Quantity: units(1)}}})
		}()
	}
	close(start)
	wg.Wait()

	issued := 0
	for _, err := range errsOf {
		switch {
		case err == nil:
			issued++
		case errs.Is(err, errs.FailedPrecondition):
			if msg := errs.As(err).Message; !strings.Contains(msg, "Portland cement") || !strings.Contains(msg, cement.String()) {
				t.Errorf("refusal %q does not name the product", msg)
			}
		default:
			t.Errorf("issue failed with %v", err)
		}
	}
	if issued != 100 {
		t.Fatalf("%d issues succeeded, want 100", issued)
	}
	if l := f.level(t, ctx, cement, wh.ID); l.OnHand != 0 || l.Value != 0 {
		t.Fatalf("on hand %s, value %d; want 0 and 0", l.OnHand, l.Value)
	}
	var movements, negative, documents int
	var lowest int64
	err := f.db.Admin.QueryRow(context.Background(), `SELECT count(*), count(*) FILTER (WHERE on_hand_after < 0), coalesce(min(on_hand_after), 0)
		FROM orders.stock_movements WHERE tenant_id = $1 AND kind = 'issue'`, tid.UUID()).Scan(&movements, &negative, &lowest)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.Admin.QueryRow(context.Background(), `SELECT count(DISTINCT number) FROM orders.stock_documents WHERE tenant_id = $1`,
		tid.UUID()).Scan(&documents); err != nil {
		t.Fatal(err)
	}
	if movements != 100 || negative != 0 || lowest != 0 || documents != 100 {
		t.Fatalf("%d issue movements (%d negative, lowest %s on hand after), %d numbered issues; want 100, 0, 0, 100",
			movements, negative, qty.Qty(lowest), documents)
	}
	if n := len(f.outbox(t, tid, orders.EventStockMoved)); n != 101 {
		t.Fatalf("%d stock moved events, want 101 (the receipt and 100 issues)", n)
	}
}
