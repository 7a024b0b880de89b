package orders_test

import (
	"context"
	"runtime"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/masterdata/mdclient"
	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/workflow/approvalclient"
)

// fakeCredit is finance's position and credit.check in memory: every
// customer owes outstanding, and the decision follows the seeded rule
// (approve within the limit, review up to 10 % over, block beyond or
// past 90 days overdue).
type fakeCredit struct {
	mu          sync.Mutex
	outstanding money.Amount
	overdueDays int
	checks      int
}

func (c *fakeCredit) Position(_ context.Context, _ uuid.UUID) (orders.CreditPosition, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return orders.CreditPosition{Outstanding: c.outstanding, OverdueDays: c.overdueDays}, nil
}

func (c *fakeCredit) Check(_ context.Context, amount, outstanding, limit money.Amount, overdueDays int) (orders.CreditDecision, error) {
	c.mu.Lock()
	c.checks++
	c.mu.Unlock()
	owed := outstanding.Minor() + amount.Minor()
	d := orders.CreditDecision{Available: money.New(limit.Minor()-owed, amount.Currency())}
	switch {
	case overdueDays > 90:
		d.Decision, d.Reason = orders.CreditBlock, "invoices overdue more than 90 days"
	case owed <= limit.Minor():
		d.Decision, d.Reason = orders.CreditApprove, "within the credit limit"
	case owed*10 <= limit.Minor()*11:
		d.Decision, d.Reason = orders.CreditReview, "over the credit limit by up to 10%"
	default:
		d.Decision, d.Reason = orders.CreditBlock, "over the credit limit by more than 10%"
	}
	return d, nil
}

// fakeApprovals is the workflow service's approvals in memory: one
// approval per document, pending unless status says otherwise. It
// records every start and who asked. answer, when set, is the answer to
// every start instead; dies names documents whose start ends the
// submitting goroutine, as a process dying at that moment would.
type fakeApprovals struct {
	// runs counts the starts asked of each document, refused ones
	// included: each is the approval's next run.
	runs      map[uuid.UUID]int
	mu        sync.Mutex
	status    string
	started   []approvalclient.Request
	askedBy   []string
	ids       map[uuid.UUID]uuid.UUID
	withdrawn []uuid.UUID
	answer    error
	dies      map[uuid.UUID]bool
}

func newFakeApprovals() *fakeApprovals {
	return &fakeApprovals{status: approvalclient.Pending, ids: map[uuid.UUID]uuid.UUID{}, dies: map[uuid.UUID]bool{}}
}

func (a *fakeApprovals) Start(ctx context.Context, req approvalclient.Request) (approvalclient.Started, error) {
	a.mu.Lock()
	if a.dies[req.DocumentID] {
		a.mu.Unlock()
		runtime.Goexit()
	}
	defer a.mu.Unlock()
	if a.runs == nil {
		a.runs = map[uuid.UUID]int{}
	}
	a.runs[req.DocumentID]++
	if a.answer != nil {
		return approvalclient.Started{}, a.answer
	}
	a.started = append(a.started, req)
	a.askedBy = append(a.askedBy, authz.Actor(ctx))
	id, ok := a.ids[req.DocumentID]
	if !ok {
		id = uuid.New()
		a.ids[req.DocumentID] = id
	}
	return approvalclient.Started{ID: id, Status: a.status, Run: a.runs[req.DocumentID]}, nil
}

func (a *fakeApprovals) Withdraw(_ context.Context, id uuid.UUID, _ string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.withdrawn = append(a.withdrawn, id)
	return nil
}

// fakeInvoicer is finance's invoicing in memory: one invoice per
// delivery, failing while fail is set.
type fakeInvoicer struct {
	mu       sync.Mutex
	fail     error
	calls    []orders.DeliveryInvoice
	invoices map[uuid.UUID]uuid.UUID
}

func newFakeInvoicer() *fakeInvoicer { return &fakeInvoicer{invoices: map[uuid.UUID]uuid.UUID{}} }

func (f *fakeInvoicer) InvoiceDelivery(_ context.Context, inv orders.DeliveryInvoice) (uuid.UUID, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, inv)
	if f.fail != nil {
		return uuid.Nil, f.fail
	}
	id, ok := f.invoices[inv.DeliveryID]
	if !ok {
		id = uuid.New()
		f.invoices[inv.DeliveryID] = id
	}
	return id, nil
}

// salesFixture is the fixture with the sales fakes wired in, a
// warehouse, a customer and two products of tenant tid.
type salesFixture struct {
	*fixture
	credit    *fakeCredit
	approvals *fakeApprovals
	invoicer  *fakeInvoicer
	tenant    tenant.ID
	ctx       context.Context
	warehouse orders.Location
	customer  uuid.UUID
	cement    uuid.UUID
	rod       uuid.UUID
}

// newSalesFixture builds a salesFixture whose customer has a credit
// limit of 1,00,000.00 and owes 50,000.00; with changes Deps after the
// fakes are wired.
func newSalesFixture(tb testing.TB, with ...func(*orders.Deps)) *salesFixture {
	tb.Helper()
	sf := &salesFixture{credit: &fakeCredit{outstanding: money.New(5_000_000, money.BDT)}, approvals: newFakeApprovals(),
		invoicer: newFakeInvoicer()}
	sf.fixture = newFixture(tb, append([]func(*orders.Deps){func(d *orders.Deps) {
		d.Credit, d.Approvals, d.Invoicer = sf.credit, sf.approvals, sf.invoicer
	}}, with...)...)
	sf.tenant = newTenant(tb)
	sf.ctx = manager(sf.tenant)
	sf.warehouse = sf.location(tb, sf.ctx, "WH-1", orders.LocationWarehouse)
	limit := money.New(10_000_000, money.BDT)
	sf.customer = sf.catalog.customer(mdclient.Party{Name: "Rahman Builders", Address: "House 5, Road 2, Dhaka 1207",
		CreditLimit: &limit})
	sf.cement = sf.catalog.product("Cement, 50 kg bag", "bag")
	sf.rod = sf.catalog.product("MS rod 12 mm", "kg")
	return sf
}

// taka is whole taka as a money amount.
func taka(n int64) money.Amount { return money.New(n*100, money.BDT) }

// quote is a quotation for sf's customer at the warehouse of lines.
func (sf *salesFixture) quote(lines ...orders.SalesLineInput) orders.QuotationInput {
	return orders.QuotationInput{CustomerID: &sf.customer, LocationID: &sf.warehouse.ID, Lines: lines}
}

// line is a quotation line of n units of product at price taka each.
func line(product uuid.UUID, n string, price int64) orders.SalesLineInput {
	return orders.SalesLineInput{ProductID: product, Quantity: n, UnitPrice: taka(price)}
}

// confirmed creates and confirms a quotation of lines, failing the test
// unless it is confirmed at once.
func (sf *salesFixture) confirmed(tb testing.TB, lines ...orders.SalesLineInput) orders.SalesOrder {
	tb.Helper()
	q, err := sf.svc.CreateQuotation(sf.ctx, sf.quote(lines...))
	if err != nil {
		tb.Fatalf("create quotation: %v", err)
	}
	o, err := sf.svc.ConfirmSales(sf.ctx, q.ID, q.Version)
	if err != nil {
		tb.Fatalf("confirm %s: %v", q.QuoteNumber, err)
	}
	if o.Status != orders.SalesConfirmed {
		tb.Fatalf("order %s is %s, want confirmed", o.Label(), o.Status)
	}
	return o
}

// deliver delivers the quantities of order lines (line number → units).
func (sf *salesFixture) deliver(ctx context.Context, orderID uuid.UUID, lines map[int]string) (orders.Delivery, error) {
	in := orders.DeliveryInput{Vehicle: "Dhaka Metro Ta 11-2345", Driver: "Karim"}
	for n := 1; n <= 10; n++ {
		if q, ok := lines[n]; ok {
			in.Lines = append(in.Lines, orders.DeliveryLineInput{Line: n, Quantity: q})
		}
	}
	return sf.svc.Deliver(ctx, orderID, in)
}

// wantField fails the test unless err is INVALID_ARGUMENT (or code)
// naming field.
func wantField(tb testing.TB, err error, code errs.Code, field string) {
	tb.Helper()
	wantCode(tb, err, code)
	for _, f := range errs.As(err).Fields {
		if f.Field == field {
			return
		}
	}
	tb.Fatalf("error %v names no %s", err, field)
}
