package orders_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/masterdata/mdclient"
	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/workflow/approvalclient"
)

func TestAQuotationIsNumberedAndCompletedFromMasterData(t *testing.T) {
	sf := newSalesFixture(t)
	q, err := sf.svc.CreateQuotation(sf.ctx, sf.quote(line(sf.cement, "40", 550), line(sf.rod, "12.5", 98)))
	if err != nil {
		t.Fatal(err)
	}
	if q.Status != orders.SalesQuotation || q.QuoteNumber == "" || q.Number != "" || q.Version != 1 {
		t.Fatalf("quotation %+v", q)
	}
	// 40 × 550.00 + 12.5 × 98.00 = 22,000.00 + 1,225.00
	if q.Amount != 2_322_500 || q.CustomerName != "Rahman Builders" || q.DeliveryAddress != "House 5, Road 2, Dhaka 1207" {
		t.Fatalf("amount %d, customer %q, address %q", q.Amount, q.CustomerName, q.DeliveryAddress)
	}
	if q.OrderDate != day("2026-12-04") || q.ValidUntil != day("2027-01-03") {
		t.Fatalf("dated %s valid until %s", q.OrderDate, q.ValidUntil)
	}
	l := q.Lines[1]
	if l.Line != 2 || l.ProductName != "MS rod 12 mm" || l.Unit != "kg" || l.VATCategory != "standard" || l.Amount != 122_500 {
		t.Fatalf("line %+v", l)
	}
	got, err := sf.svc.SalesOrder(sf.ctx, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.QuoteNumber != q.QuoteNumber || len(got.Lines) != 2 || got.Lines[1] != l {
		t.Fatalf("read back %+v", got)
	}
	evs := sf.outbox(t, sf.tenant, orders.EventSalesOrderCreated)
	if len(evs) != 1 || evs[0].Subject != q.ID.String() {
		t.Fatalf("created events %+v", evs)
	}
}

func TestAQuotationNamesEachFieldAtFault(t *testing.T) {
	sf := newSalesFixture(t)
	blocked := sf.catalog.customer(mdclient.Party{Name: "Gone Ltd", Blocked: "blacklisted"})
	archived := sf.catalog.product("Old tile", "piece")
	sf.catalog.mu.Lock()
	p := sf.catalog.products[archived]
	p.Archived = true
	sf.catalog.products[archived] = p
	sf.catalog.mu.Unlock()
	nowhere := uuid.New()
	for _, tc := range []struct {
		name  string
		in    orders.QuotationInput
		field string
	}{
		{"refuses a blocked customer", orders.QuotationInput{CustomerID: &blocked, LocationID: &sf.warehouse.ID,
			Lines: []orders.SalesLineInput{line(sf.cement, "1", 550)}}, "customerId"},
		{"refuses an unknown customer", orders.QuotationInput{CustomerID: &nowhere, LocationID: &sf.warehouse.ID,
			Lines: []orders.SalesLineInput{line(sf.cement, "1", 550)}}, "customerId"},
		{"refuses an unknown location", orders.QuotationInput{CustomerID: &sf.customer, LocationID: &nowhere,
			Lines: []orders.SalesLineInput{line(sf.cement, "1", 550)}}, "locationId"},
		{"refuses an unknown product", sf.quote(line(sf.cement, "1", 550), line(nowhere, "1", 5)), "lines[1].productId"},
		{"refuses an archived product", sf.quote(line(archived, "1", 550)), "lines[0].productId"},
		{"refuses a zero quantity", sf.quote(line(sf.cement, "0", 550)), "lines[0].quantity"},
		{"refuses a line without a price", sf.quote(orders.SalesLineInput{ProductID: sf.cement, Quantity: "1"}), "lines[0].unitPrice"},
		{"refuses a quotation without lines", sf.quote(), "lines"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := sf.svc.CreateQuotation(sf.ctx, tc.in)
			wantField(t, err, errs.InvalidArgument, tc.field)
		})
	}
	if list, _, err := sf.svc.SalesOrders(sf.ctx, orders.SalesFilter{}); err != nil || len(list) != 0 {
		t.Fatalf("stored %d quotations (%v)", len(list), err)
	}
}

func TestAQuotationChangesFromItsVersionUntilConfirmed(t *testing.T) {
	sf := newSalesFixture(t)
	q, err := sf.svc.CreateQuotation(sf.ctx, sf.quote(line(sf.cement, "10", 550)))
	if err != nil {
		t.Fatal(err)
	}
	memo := "Site 4, Mirpur"
	next, err := sf.svc.UpdateQuotation(sf.ctx, q.ID, q.Version, orders.QuotationInput{Memo: &memo,
		Lines: []orders.SalesLineInput{line(sf.rod, "100", 95)}})
	if err != nil {
		t.Fatal(err)
	}
	if next.Version != 2 || next.Memo != memo || len(next.Lines) != 1 || next.Lines[0].ProductID != sf.rod ||
		next.Amount != 950_000 || next.CustomerID != sf.customer {
		t.Fatalf("updated %+v", next)
	}
	_, err = sf.svc.UpdateQuotation(sf.ctx, q.ID, q.Version, orders.QuotationInput{Memo: &memo})
	wantCode(t, err, errs.Conflict)
	sf.confirmedFrom(t, next)
	_, err = sf.svc.UpdateQuotation(sf.ctx, q.ID, 0, orders.QuotationInput{Memo: &memo})
	wantField(t, err, errs.FailedPrecondition, "status")
}

// confirmedFrom confirms quotation q, which must confirm at once.
func (sf *salesFixture) confirmedFrom(tb testing.TB, q orders.SalesOrder) orders.SalesOrder {
	tb.Helper()
	o, err := sf.svc.ConfirmSales(sf.ctx, q.ID, q.Version)
	if err != nil || o.Status != orders.SalesConfirmed {
		tb.Fatalf("confirm: %+v, %v", o.Status, err)
	}
	return o
}

func TestConfirmingUnderTheCreditLimitCommitsTheStockAtOnce(t *testing.T) {
	sf := newSalesFixture(t)
	// Owes 50,000.00 of 1,00,000.00; this order is 22,000.00 + 980.00.
	o := sf.confirmed(t, line(sf.cement, "40", 550), line(sf.rod, "10", 98))
	if o.Number == "" || o.ConfirmedAt == nil || o.ApprovalID != nil || o.Credit == nil {
		t.Fatalf("confirmed %+v", o)
	}
	if c := o.Credit; c.Decision != orders.CreditApprove || c.Outstanding != 5_000_000 || *c.CreditLimit != 10_000_000 ||
		c.Available != 10_000_000-5_000_000-2_298_000 {
		t.Fatalf("credit %+v", c)
	}
	if lv := sf.level(t, sf.ctx, sf.cement, sf.warehouse.ID); lv.Committed != units(40) {
		t.Fatalf("cement committed %s, want 40", lv.Committed)
	}
	if lv := sf.level(t, sf.ctx, sf.rod, sf.warehouse.ID); lv.Committed != units(10) {
		t.Fatalf("rod committed %s, want 10", lv.Committed)
	}
	if len(sf.approvals.started) != 0 {
		t.Fatalf("started %d approvals", len(sf.approvals.started))
	}
	evs := sf.outbox(t, sf.tenant, orders.EventSalesOrderConfirmed)
	var ev orders.SalesOrderEvent
	if len(evs) != 1 || json.Unmarshal(evs[0].Data, &ev) != nil || ev.Number != o.Number || ev.Status != "confirmed" ||
		len(ev.Lines) != 2 || ev.Lines[0].Quantity != "40" {
		t.Fatalf("confirmed events %+v", evs)
	}
	stored, err := sf.svc.SalesOrder(sf.ctx, o.ID)
	if err != nil || !reflect.DeepEqual(stored.Credit, o.Credit) {
		t.Fatalf("stored credit %+v, %v", stored.Credit, err)
	}
}

func TestConfirmingOverTheLimitWaitsInCreditReviewForOneApproval(t *testing.T) {
	sf := newSalesFixture(t)
	// 50,000.00 owed + 55,000.00 is 5 % over the limit: review.
	q, err := sf.svc.CreateQuotation(sf.ctx, sf.quote(line(sf.cement, "100", 550)))
	if err != nil {
		t.Fatal(err)
	}
	o, err := sf.svc.ConfirmSales(sf.ctx, q.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != orders.SalesCreditReview || o.ApprovalID == nil || o.Credit.Decision != orders.CreditReview || o.Number == "" {
		t.Fatalf("order %+v", o)
	}
	if len(sf.approvals.started) != 1 {
		t.Fatalf("started %d approvals", len(sf.approvals.started))
	}
	req := sf.approvals.started[0]
	if req.Type != orders.ApprovalSalesOrder || req.DocumentID != o.ID || req.Amount != taka(55_000) {
		t.Fatalf("approval request %+v", req)
	}
	if lv := sf.level(t, sf.ctx, sf.cement, sf.warehouse.ID); lv.Committed != 0 {
		t.Fatalf("committed %s before approval", lv.Committed)
	}
	if evs := sf.outbox(t, sf.tenant, orders.EventSalesOrderConfirmed); len(evs) != 0 {
		t.Fatalf("confirmed before approval: %+v", evs)
	}
	// The approval is granted; the workflow's activity runs twice.
	for range 2 {
		if err := orders.ConfirmSalesForTest(sf.svc, sf.ctx, o.ID, 0); err != nil {
			t.Fatal(err)
		}
	}
	got, err := sf.svc.SalesOrder(sf.ctx, o.ID)
	if err != nil || got.Status != orders.SalesConfirmed || got.Number != o.Number {
		t.Fatalf("after approval %+v, %v", got, err)
	}
	if lv := sf.level(t, sf.ctx, sf.cement, sf.warehouse.ID); lv.Committed != units(100) {
		t.Fatalf("committed %s, want 100", lv.Committed)
	}
	if evs := sf.outbox(t, sf.tenant, orders.EventSalesOrderConfirmed); len(evs) != 1 {
		t.Fatalf("%d confirmed events", len(evs))
	}
}

func TestACreditApprovalGrantedAtOnceConfirmsAtOnce(t *testing.T) {
	sf := newSalesFixture(t)
	sf.approvals.status = approvalclient.Approved
	q, err := sf.svc.CreateQuotation(sf.ctx, sf.quote(line(sf.cement, "100", 550)))
	if err != nil {
		t.Fatal(err)
	}
	o := sf.confirmedFrom(t, q)
	if o.ApprovalID == nil || *o.ApprovalID != sf.approvals.ids[q.ID] || o.Credit.Decision != orders.CreditReview {
		t.Fatalf("order %+v", o)
	}
	if lv := sf.level(t, sf.ctx, sf.cement, sf.warehouse.ID); lv.Committed != units(100) {
		t.Fatalf("committed %s, want 100", lv.Committed)
	}
}

// inCreditReview quotes 100 bags at 550.00, which the fixture's credit
// check sends to review, and confirms the quotation: the order waits on
// its credit approval.
func (sf *salesFixture) inCreditReview(tb testing.TB) orders.SalesOrder {
	tb.Helper()
	q, err := sf.svc.CreateQuotation(sf.ctx, sf.quote(line(sf.cement, "100", 550)))
	if err != nil {
		tb.Fatal(err)
	}
	o, err := sf.svc.ConfirmSales(sf.ctx, q.ID, 0)
	if err != nil || o.Status != orders.SalesCreditReview {
		tb.Fatalf("confirm: %+v, %v", o.Status, err)
	}
	return o
}

func TestARefusedCreditApprovalReturnsTheOrderToQuotation(t *testing.T) {
	sf := newSalesFixture(t)
	o := sf.inCreditReview(t)
	for range 2 {
		if err := orders.ReturnSalesToQuotationForTest(sf.svc, sf.ctx, o.ID, "the approval was rejected", 0); err != nil {
			t.Fatal(err)
		}
	}
	got, err := sf.svc.SalesOrder(sf.ctx, o.ID)
	if err != nil || got.Status != orders.SalesQuotation || got.ApprovalID != nil || got.Reason != "the approval was rejected" {
		t.Fatalf("returned %+v, %v", got, err)
	}
	err = orders.ConfirmSalesForTest(sf.svc, sf.ctx, o.ID, 0)
	wantField(t, err, errs.FailedPrecondition, "status")
}

// TestAnEarlierRunsCreditOutcomeLeavesTheResubmittedOrderAlone: an order
// whose credit approval's first run was refused, confirmed again, waits
// on the approval's second run: the first run's refusal arriving late
// leaves it in credit review, and the second run's grant confirms it.
func TestAnEarlierRunsCreditOutcomeLeavesTheResubmittedOrderAlone(t *testing.T) {
	sf := newSalesFixture(t)
	o := sf.inCreditReview(t)
	if err := orders.ReturnSalesToQuotationForTest(sf.svc, sf.ctx, o.ID, "the approval was rejected", 1); err != nil {
		t.Fatal(err)
	}
	o, err := sf.svc.ConfirmSales(sf.ctx, o.ID, 0)
	if err != nil || o.Status != orders.SalesCreditReview {
		t.Fatalf("confirm again: %+v, %v", o.Status, err)
	}
	if err := orders.ReturnSalesToQuotationForTest(sf.svc, sf.ctx, o.ID, "the approval was rejected", 1); err != nil {
		t.Fatal(err)
	}
	if got, err := sf.svc.SalesOrder(sf.ctx, o.ID); err != nil || got.Status != orders.SalesCreditReview || got.Version != o.Version {
		t.Fatalf("after the first run's late refusal: %s at version %d (was %d), %v", got.Status, got.Version, o.Version, err)
	}
	if err := orders.ConfirmSalesForTest(sf.svc, sf.ctx, o.ID, 2); err != nil {
		t.Fatal(err)
	}
	if got, err := sf.svc.SalesOrder(sf.ctx, o.ID); err != nil || got.Status != orders.SalesConfirmed {
		t.Fatalf("after the second run's grant: %s, %v", got.Status, err)
	}
}

func TestABlockedCreditCheckRefusesAndChangesNothing(t *testing.T) {
	sf := newSalesFixture(t)
	// 50,000.00 owed + 80,000.00 is 30 % over the limit.
	q, err := sf.svc.CreateQuotation(sf.ctx, sf.quote(line(sf.cement, "100", 800)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = sf.svc.ConfirmSales(sf.ctx, q.ID, q.Version)
	wantField(t, err, errs.FailedPrecondition, "customerId")
	if !strings.Contains(err.Error(), "over the credit limit by more than 10%") {
		t.Fatalf("error %v does not give the rule's reason", err)
	}
	got, err := sf.svc.SalesOrder(sf.ctx, q.ID)
	if err != nil || got.Status != orders.SalesQuotation || got.Version != q.Version || got.Number != "" || got.Credit != nil {
		t.Fatalf("after refusal %+v, %v", got, err)
	}
	if lv := sf.level(t, sf.ctx, sf.cement, sf.warehouse.ID); lv.Committed != 0 {
		t.Fatalf("committed %s", lv.Committed)
	}
	if len(sf.approvals.started) != 0 || len(sf.outbox(t, sf.tenant, orders.EventSalesOrderConfirmed)) != 0 {
		t.Fatal("a refused confirmation started an approval or emitted an event")
	}
}

func TestACustomerWithoutACreditLimitIsNotChecked(t *testing.T) {
	sf := newSalesFixture(t)
	cash := sf.catalog.customer(mdclient.Party{Name: "Walk-in"})
	q, err := sf.svc.CreateQuotation(sf.ctx, orders.QuotationInput{CustomerID: &cash, LocationID: &sf.warehouse.ID,
		Lines: []orders.SalesLineInput{line(sf.cement, "1000", 550)}})
	if err != nil {
		t.Fatal(err)
	}
	o := sf.confirmedFrom(t, q)
	if sf.credit.checks != 0 || o.Credit.CreditLimit != nil || o.Credit.Decision != orders.CreditApprove {
		t.Fatalf("checked %d times; credit %+v", sf.credit.checks, o.Credit)
	}
}

func TestAnExpiredQuotationIsNotConfirmed(t *testing.T) {
	sf := newSalesFixture(t)
	until := day("2026-12-03")
	from := day("2026-12-01")
	in := sf.quote(line(sf.cement, "1", 550))
	in.OrderDate, in.ValidUntil = &from, &until
	q, err := sf.svc.CreateQuotation(sf.ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	_, err = sf.svc.ConfirmSales(sf.ctx, q.ID, 0)
	wantField(t, err, errs.FailedPrecondition, "validUntil")
}

func TestCancellingReleasesTheCommitmentAndWithdrawsTheApproval(t *testing.T) {
	sf := newSalesFixture(t)
	o := sf.confirmed(t, line(sf.cement, "30", 550))
	got, err := sf.svc.CancelSales(sf.ctx, o.ID, o.Version, "customer changed the site")
	if err != nil || got.Status != orders.SalesCancelled || got.Reason != "customer changed the site" {
		t.Fatalf("cancel: %+v, %v", got, err)
	}
	if lv := sf.level(t, sf.ctx, sf.cement, sf.warehouse.ID); lv.Committed != 0 {
		t.Fatalf("committed %s after cancel", lv.Committed)
	}
	// The workflow's compensation after the user's cancel changes nothing.
	if err := orders.CancelSalesForTest(sf.svc, sf.ctx, o.ID, "compensation", "service:orders"); err != nil {
		t.Fatal(err)
	}
	if evs := sf.outbox(t, sf.tenant, orders.EventSalesOrderCancelled); len(evs) != 1 {
		t.Fatalf("%d cancelled events", len(evs))
	}

	q, err := sf.svc.CreateQuotation(sf.ctx, sf.quote(line(sf.cement, "100", 550)))
	if err != nil {
		t.Fatal(err)
	}
	review, err := sf.svc.ConfirmSales(sf.ctx, q.ID, 0)
	if err != nil || review.ApprovalID == nil {
		t.Fatalf("confirm: %+v, %v", review, err)
	}
	if _, err := sf.svc.CancelSales(sf.ctx, q.ID, 0, "no longer needed"); err != nil {
		t.Fatal(err)
	}
	if len(sf.approvals.withdrawn) != 1 || sf.approvals.withdrawn[0] != *review.ApprovalID {
		t.Fatalf("withdrawn %v, want %v", sf.approvals.withdrawn, *review.ApprovalID)
	}
	// The withdrawal's outcome arrives later and leaves it cancelled.
	if err := orders.ReturnSalesToQuotationForTest(sf.svc, sf.ctx, q.ID, "withdrawn", 0); err != nil {
		t.Fatal(err)
	}
	_, err = sf.svc.CancelSales(sf.ctx, q.ID, 0, "")
	wantField(t, err, errs.InvalidArgument, "reason")
}

func TestSalesOrdersListByStatusAndCustomer(t *testing.T) {
	sf := newSalesFixture(t)
	other := sf.catalog.customer(mdclient.Party{Name: "Karim Traders"})
	first := sf.confirmed(t, line(sf.cement, "1", 550))
	in := sf.quote(line(sf.cement, "2", 550))
	in.CustomerID = &other
	second, err := sf.svc.CreateQuotation(sf.ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		f    orders.SalesFilter
		want []uuid.UUID
	}{
		{"all, newest first", orders.SalesFilter{}, []uuid.UUID{second.ID, first.ID}},
		{"by status", orders.SalesFilter{Status: orders.SalesConfirmed}, []uuid.UUID{first.ID}},
		{"by customer", orders.SalesFilter{CustomerID: &other}, []uuid.UUID{second.ID}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			list, _, err := sf.svc.SalesOrders(sf.ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []uuid.UUID
			for _, o := range list {
				got = append(got, o.ID)
			}
			if len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
				t.Fatalf("listed %v, want %v", got, tc.want)
			}
		})
	}
	page, next, err := sf.svc.SalesOrders(sf.ctx, orders.SalesFilter{Limit: 1})
	if err != nil || len(page) != 1 || next == "" {
		t.Fatalf("first page %d, next %q, %v", len(page), next, err)
	}
	page, next, err = sf.svc.SalesOrders(sf.ctx, orders.SalesFilter{Limit: 1, Cursor: next})
	if err != nil || len(page) != 1 || page[0].ID != first.ID || next != "" {
		t.Fatalf("second page %+v, next %q, %v", page, next, err)
	}
}

func TestAnotherTenantSeesNoneOfTheSalesOrders(t *testing.T) {
	sf := newSalesFixture(t)
	o := sf.confirmed(t, line(sf.cement, "5", 550))
	sf.putStock(t, sf.ctx, sf.cement, sf.warehouse.ID, units(5), 40_000)
	d, err := sf.deliver(sf.ctx, o.ID, map[int]string{1: "2"})
	if err != nil {
		t.Fatal(err)
	}
	stranger := manager(newTenant(t))
	_, err = sf.svc.SalesOrder(stranger, o.ID)
	wantCode(t, err, errs.NotFound)
	_, err = sf.svc.ConfirmSales(stranger, o.ID, 0)
	wantCode(t, err, errs.NotFound)
	_, err = sf.svc.CancelSales(stranger, o.ID, 0, "mine now")
	wantCode(t, err, errs.NotFound)
	_, err = sf.deliver(stranger, o.ID, map[int]string{1: "1"})
	wantCode(t, err, errs.NotFound)
	_, err = sf.svc.Delivery(stranger, d.ID)
	wantCode(t, err, errs.NotFound)
	_, err = sf.svc.Deliveries(stranger, o.ID)
	wantCode(t, err, errs.NotFound)
	if list, _, err := sf.svc.SalesOrders(stranger, orders.SalesFilter{}); err != nil || len(list) != 0 {
		t.Fatalf("stranger lists %d orders (%v)", len(list), err)
	}
	got, err := sf.svc.SalesOrder(sf.ctx, o.ID)
	if err != nil || got.Status != orders.SalesPartiallyDelivered || got.Lines[0].Delivered != units(2) {
		t.Fatalf("owner's order %+v, %v", got, err)
	}
}
