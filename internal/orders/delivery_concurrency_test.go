package orders_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// TestConcurrentDeliveriesOfTheLastUnitsNeverTakeStockBelowZero races
// 150 deliveries of one unit each, of 150 confirmed orders, for the last
// 100 units of one product at one location: exactly 100 deliver, the
// other 50 are refused naming the product, stock ends at 0 and no
// movement ever left it below zero; the challans are numbered 1 to 100.
func TestConcurrentDeliveriesOfTheLastUnitsNeverTakeStockBelowZero(t *testing.T) {
	sf := newSalesFixture(t)
	sf.putStock(t, sf.ctx, sf.cement, sf.warehouse.ID, units(100), 40_000)
	const attempts = 150
	ids := make([]orders.SalesOrder, attempts)
	for i := range ids {
		ids[i] = sf.confirmed(t, line(sf.cement, "1", 550))
	}
	if lv := sf.level(t, sf.ctx, sf.cement, sf.warehouse.ID); lv.Committed != units(attempts) {
		t.Fatalf("committed %s, want %d", lv.Committed, attempts)
	}
	start := make(chan struct{})
	errsOf := make([]error, attempts)
	var wg sync.WaitGroup
	for i, o := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errsOf[i] = sf.deliver(sf.ctx, o.ID, map[int]string{1: "1"})
		}()
	}
	close(start)
	wg.Wait()
	delivered := 0
	for i, err := range errsOf {
		switch {
		case err == nil:
			delivered++
		case !errs.Is(err, errs.FailedPrecondition) || !strings.Contains(err.Error(), "Cement, 50 kg bag"):
			t.Fatalf("delivery %d: %v", i, err)
		}
	}
	if delivered != 100 {
		t.Fatalf("%d of %d deliveries succeeded, want 100", delivered, attempts)
	}
	lv := sf.level(t, sf.ctx, sf.cement, sf.warehouse.ID)
	if lv.OnHand != 0 || lv.Value != 0 || lv.Committed != units(attempts-100) {
		t.Fatalf("on hand %s, value %d, committed %s", lv.OnHand, lv.Value, lv.Committed)
	}
	var moves, lowest, challans, last int64
	err := sf.db.Admin.QueryRow(context.Background(), `SELECT count(*), min(on_hand_after),
			(SELECT count(*) FROM orders.deliveries WHERE tenant_id = $1),
			(SELECT max(split_part(number, '/', 3)::bigint) FROM orders.deliveries WHERE tenant_id = $1)
		FROM orders.stock_movements WHERE tenant_id = $1 AND kind = 'delivery'`, sf.tenant.UUID()).
		Scan(&moves, &lowest, &challans, &last)
	if err != nil {
		t.Fatal(err)
	}
	if moves != 100 || lowest != 0 || challans != 100 || last != 100 {
		t.Fatalf("%d delivery movements (lowest on hand after %d), %d challans, last numbered %d", moves, lowest, challans, last)
	}
}
