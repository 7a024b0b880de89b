package orders_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

func TestPartialDeliveriesThenTheRestDeliverTheOrder(t *testing.T) {
	sf := newSalesFixture(t)
	sf.putStock(t, sf.ctx, sf.cement, sf.warehouse.ID, units(100), 40_000)
	sf.putStock(t, sf.ctx, sf.rod, sf.warehouse.ID, units(10), 9_000)
	o := sf.confirmed(t, line(sf.cement, "40", 550), line(sf.rod, "10", 98))

	first, err := sf.deliver(sf.ctx, o.ID, map[int]string{1: "15"})
	if err != nil {
		t.Fatal(err)
	}
	if first.Number == "" || first.OrderNumber != o.Number || first.CustomerName != "Rahman Builders" ||
		first.DeliveryAddress != o.DeliveryAddress || first.Vehicle != "Dhaka Metro Ta 11-2345" || len(first.Lines) != 1 ||
		first.Lines[0].Quantity != units(15) || first.Lines[0].ProductName != "Cement, 50 kg bag" || first.InvoiceID != nil {
		t.Fatalf("first challan %+v", first)
	}
	got, err := sf.svc.SalesOrder(sf.ctx, o.ID)
	if err != nil || got.Status != orders.SalesPartiallyDelivered || got.Lines[0].Delivered != units(15) || got.Lines[1].Delivered != 0 {
		t.Fatalf("after the first delivery %+v, %v", got, err)
	}
	if lv := sf.level(t, sf.ctx, sf.cement, sf.warehouse.ID); lv.OnHand != units(85) || lv.Committed != units(25) {
		t.Fatalf("cement on hand %s committed %s, want 85 and 25", lv.OnHand, lv.Committed)
	}

	second, err := sf.deliver(sf.ctx, o.ID, map[int]string{1: "25", 2: "10"})
	if err != nil {
		t.Fatal(err)
	}
	if second.Number == first.Number || len(second.Lines) != 2 {
		t.Fatalf("second challan %+v", second)
	}
	got, err = sf.svc.SalesOrder(sf.ctx, o.ID)
	if err != nil || got.Status != orders.SalesDelivered {
		t.Fatalf("after the second delivery %+v, %v", got, err)
	}
	for _, c := range []struct {
		name             string
		lv               orders.StockLevel
		onHand, committd int64
	}{
		{"cement", sf.level(t, sf.ctx, sf.cement, sf.warehouse.ID), 60, 0},
		{"rod", sf.level(t, sf.ctx, sf.rod, sf.warehouse.ID), 0, 0},
	} {
		if c.lv.OnHand != units(c.onHand) || c.lv.Committed != units(c.committd) {
			t.Fatalf("%s on hand %s committed %s, want %d and %d", c.name, c.lv.OnHand, c.lv.Committed, c.onHand, c.committd)
		}
	}
	list, err := sf.svc.Deliveries(sf.ctx, o.ID)
	if err != nil || len(list) != 2 || list[0].ID != first.ID || list[1].ID != second.ID {
		t.Fatalf("deliveries %+v, %v", list, err)
	}
	challan, err := sf.svc.Delivery(sf.ctx, second.ID)
	if err != nil || challan.Number != second.Number || challan.Driver != "Karim" || len(challan.Lines) != 2 {
		t.Fatalf("challan %+v, %v", challan, err)
	}
	evs := sf.outbox(t, sf.tenant, orders.EventGoodsDelivered)
	var ev orders.GoodsDeliveredEvent
	if len(evs) != 2 || evs[1].Subject != o.ID.String() || json.Unmarshal(evs[1].Data, &ev) != nil ||
		ev.Number != second.Number || ev.DeliveredOn != "2026-12-04" || len(ev.Lines) != 2 || ev.Lines[0].Quantity != "25" {
		t.Fatalf("delivered events %+v", evs)
	}
	_, err = sf.deliver(sf.ctx, o.ID, map[int]string{1: "1"})
	wantField(t, err, errs.FailedPrecondition, "status")
}

func TestDeliveringMoreThanOrderedIsRefusedNamingTheLineAndChangesNothing(t *testing.T) {
	sf := newSalesFixture(t)
	sf.putStock(t, sf.ctx, sf.cement, sf.warehouse.ID, units(100), 40_000)
	o := sf.confirmed(t, line(sf.cement, "40", 550), line(sf.rod, "10", 98))
	if _, err := sf.deliver(sf.ctx, o.ID, map[int]string{1: "30"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		lines map[int]string
		field string
	}{
		{"past the ordered quantity", map[int]string{1: "10.5"}, "lines[0].quantity"},
		{"a line the order does not have", map[int]string{3: "1"}, "lines[0].line"},
		{"a negative quantity", map[int]string{1: "-1"}, "lines[0].quantity"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := sf.deliver(sf.ctx, o.ID, tc.lines)
			wantField(t, err, errs.InvalidArgument, tc.field)
		})
	}
	got, err := sf.svc.SalesOrder(sf.ctx, o.ID)
	if err != nil || got.Lines[0].Delivered != units(30) || got.Version != o.Version+1 {
		t.Fatalf("order %+v, %v", got, err)
	}
	if lv := sf.level(t, sf.ctx, sf.cement, sf.warehouse.ID); lv.OnHand != units(70) || lv.Committed != units(10) {
		t.Fatalf("on hand %s committed %s", lv.OnHand, lv.Committed)
	}
	if list, _ := sf.svc.Deliveries(sf.ctx, o.ID); len(list) != 1 {
		t.Fatalf("%d deliveries", len(list))
	}
}

func TestDeliveringMoreThanOnHandIsRefusedNamingTheProductAndChangesNothing(t *testing.T) {
	sf := newSalesFixture(t)
	sf.putStock(t, sf.ctx, sf.cement, sf.warehouse.ID, units(100), 40_000)
	sf.putStock(t, sf.ctx, sf.rod, sf.warehouse.ID, units(4), 9_000)
	o := sf.confirmed(t, line(sf.cement, "10", 550), line(sf.rod, "10", 98))
	_, err := sf.deliver(sf.ctx, o.ID, map[int]string{1: "10", 2: "5"})
	wantCode(t, err, errs.FailedPrecondition)
	if !strings.Contains(err.Error(), "MS rod 12 mm") {
		t.Fatalf("error %v does not name the product", err)
	}
	got, err := sf.svc.SalesOrder(sf.ctx, o.ID)
	if err != nil || got.Status != orders.SalesConfirmed || got.Version != o.Version || got.Lines[0].Delivered != 0 {
		t.Fatalf("order %+v, %v", got, err)
	}
	if lv := sf.level(t, sf.ctx, sf.cement, sf.warehouse.ID); lv.OnHand != units(100) || lv.Committed != units(10) {
		t.Fatalf("cement on hand %s committed %s", lv.OnHand, lv.Committed)
	}
	if evs := sf.outbox(t, sf.tenant, orders.EventGoodsDelivered); len(evs) != 0 {
		t.Fatalf("%d delivered events", len(evs))
	}
	// The refused delivery took no challan number: the next is the first.
	d, err := sf.deliver(sf.ctx, o.ID, map[int]string{1: "10", 2: "4"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(d.Number, "DC/") || !strings.HasSuffix(d.Number, "/000001") {
		t.Fatalf("first challan is numbered %s", d.Number)
	}
}

func TestOnlyAConfirmedOrderIsDelivered(t *testing.T) {
	sf := newSalesFixture(t)
	sf.putStock(t, sf.ctx, sf.cement, sf.warehouse.ID, units(10), 40_000)
	q, err := sf.svc.CreateQuotation(sf.ctx, sf.quote(line(sf.cement, "1", 550)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = sf.deliver(sf.ctx, q.ID, map[int]string{1: "1"})
	wantField(t, err, errs.FailedPrecondition, "status")
	_, err = sf.deliver(as(sf.tenant, "clerk", orders.PermSalesRead), q.ID, map[int]string{1: "1"})
	wantCode(t, err, errs.PermissionDenied)
	o := sf.confirmedFrom(t, q)
	tomorrow := day("2026-12-05")
	_, err = sf.svc.Deliver(sf.ctx, o.ID, orders.DeliveryInput{DeliveredOn: &tomorrow,
		Lines: []orders.DeliveryLineInput{{Line: 1, Quantity: "1"}}})
	wantField(t, err, errs.InvalidArgument, "deliveredOn")
}

func TestDeliveriesAreInvoicedOnceAndTheOrderClosesWhenAllAre(t *testing.T) {
	sf := newSalesFixture(t)
	sf.putStock(t, sf.ctx, sf.cement, sf.warehouse.ID, units(100), 40_000)
	o := sf.confirmed(t, line(sf.cement, "40", 550))
	first, err := sf.deliver(sf.ctx, o.ID, map[int]string{1: "15"})
	if err != nil {
		t.Fatal(err)
	}
	if closed, err := orders.SettleSalesForTest(sf.svc, sf.ctx, o.ID); err != nil || closed {
		t.Fatalf("settled a partly delivered order: %v, %v", closed, err)
	}
	second, err := sf.deliver(sf.ctx, o.ID, map[int]string{1: "25"})
	if err != nil {
		t.Fatal(err)
	}
	sf.invoicer.fail = errs.E(errs.Unavailable, "finance is down")
	err = orders.InvoiceDeliveryForTest(sf.svc, sf.ctx, first.ID)
	if !errors.Is(err, sf.invoicer.fail) {
		t.Fatalf("error %v", err)
	}
	sf.invoicer.fail = nil
	for range 2 {
		if err := orders.InvoiceDeliveryForTest(sf.svc, sf.ctx, first.ID); err != nil {
			t.Fatal(err)
		}
	}
	// The failed call and one success: a recorded invoice is not asked for again.
	if len(sf.invoicer.calls) != 2 {
		t.Fatalf("invoicer called %d times", len(sf.invoicer.calls))
	}
	inv := sf.invoicer.calls[1]
	if inv.DeliveryID != first.ID || inv.Customer != sf.customer || inv.Date != "2026-12-04" || len(inv.Lines) != 1 ||
		inv.Lines[0].Quantity != "15" || inv.Lines[0].UnitPrice != taka(550) || inv.Lines[0].Unit != "bag" ||
		inv.Lines[0].VATCategory != "standard" || !strings.Contains(inv.Memo, first.Number) {
		t.Fatalf("invoice asked %+v", inv)
	}
	if closed, err := orders.SettleSalesForTest(sf.svc, sf.ctx, o.ID); err != nil || closed {
		t.Fatalf("settled with a delivery not invoiced: %v, %v", closed, err)
	}
	if left, err := orders.UninvoicedDeliveriesForTest(sf.svc, sf.ctx, o.ID); err != nil || len(left) != 1 || left[0] != second.ID {
		t.Fatalf("uninvoiced %v, %v; want only %s", left, err, second.ID)
	}
	if err := orders.InvoiceDeliveryForTest(sf.svc, sf.ctx, second.ID); err != nil {
		t.Fatal(err)
	}
	d, err := sf.svc.Delivery(sf.ctx, first.ID)
	if err != nil || d.InvoiceID == nil || *d.InvoiceID != sf.invoicer.invoices[first.ID] {
		t.Fatalf("first delivery's invoice %v, %v", d.InvoiceID, err)
	}
	for range 2 {
		if closed, err := orders.SettleSalesForTest(sf.svc, sf.ctx, o.ID); err != nil || !closed {
			t.Fatalf("settle: %v, %v", closed, err)
		}
	}
	got, err := sf.svc.SalesOrder(sf.ctx, o.ID)
	if err != nil || got.Status != orders.SalesClosed || got.ClosedAt == nil {
		t.Fatalf("order %+v, %v", got, err)
	}
	if evs := sf.outbox(t, sf.tenant, orders.EventSalesOrderClosed); len(evs) != 1 {
		t.Fatalf("%d closed events", len(evs))
	}
	_, err = sf.svc.CancelSales(sf.ctx, o.ID, 0, "too late")
	wantField(t, err, errs.FailedPrecondition, "status")
}
