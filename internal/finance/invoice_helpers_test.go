package finance_test

import (
	"context"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// rateTable answers the tax rule sets from a small decision table keyed by
// category, as a tenant's published tables would: the rates are this
// test's data. It counts the evaluations of each set.
type rateTable struct {
	mu    sync.Mutex
	calls map[string]int
}

func (r *rateTable) Evaluate(_ context.Context, key string, _ time.Time, in map[string]any) (map[string]any, error) {
	r.mu.Lock()
	r.calls[key]++
	r.mu.Unlock()
	switch key {
	case finance.RuleVAT:
		if in["supplyType"] == "export" {
			return map[string]any{"rate": "0.00", "treatment": "zero_rated", "sdRate": "0.00"}, nil
		}
		switch in["category"] {
		case "rice":
			return map[string]any{"rate": "0.00", "treatment": "exempt", "sdRate": "0.00"}, nil
		case "construction_firm":
			return map[string]any{"rate": "7.50", "treatment": "reduced", "sdRate": "0.00"}, nil
		case "cosmetics":
			return map[string]any{"rate": "15.00", "treatment": "standard", "sdRate": "10.00"}, nil
		case "cement_specific":
			return map[string]any{"rate": "0.00", "treatment": "specific", "sdRate": "0.00", "specificAmount": "3.50"}, nil
		}
		return map[string]any{"rate": "15.00", "treatment": "standard", "sdRate": "0.00"}, nil
	case finance.RuleVDS:
		switch {
		case in["withholdingEntity"] != true:
			return map[string]any{"deductPercent": "0.00"}, nil
		case in["treatment"] == "standard" || in["treatment"] == "reduced":
			return map[string]any{"deductPercent": "100.00"}, nil
		}
		return map[string]any{"deductPercent": "0.00"}, nil
	case finance.RuleAIT:
		proof := in["hasReturnProof"] == true
		switch in["category"] {
		case "contractor":
			if proof {
				return map[string]any{"rate": "7.00"}, nil
			}
			return map[string]any{"rate": "10.50"}, nil
		case "supplier":
			if proof {
				return map[string]any{"rate": "5.00"}, nil
			}
			return map[string]any{"rate": "7.50"}, nil
		}
		return nil, errs.E(errs.FailedPrecondition, "no row of ait.rate matches")
	case finance.RuleMatchTolerance:
		// 2 % of the order's price, at most BDT 1,000 a line.
		return map[string]any{"pricePercent": "2.00", "amountCap": "1000.00"}, nil
	}
	return nil, errs.E(errs.NotFound, "no rule set %s", key)
}

func (r *rateTable) count(key string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls[key]
}

// approvals stands in for the workflow: a document below autoBelow poisha
// is approved at once (a chain without levels), others wait. It records
// every start and who asked. answer, when set, is the answer to every
// start instead; dies names documents whose start ends the submitting
// goroutine, as a process dying at that moment would.
type approvals struct {
	mu        sync.Mutex
	autoBelow int64
	started   []finance.ApprovalRequest
	askedBy   []string
	withdrawn []uuid.UUID
	answer    error
	dies      map[uuid.UUID]bool
	// runs counts the starts asked of each document, refused ones
	// included: each is the approval's next run, as when the workflow
	// recorded the run and then could not start it.
	runs map[uuid.UUID]int
}

func (a *approvals) Withdraw(_ context.Context, id uuid.UUID, _ string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.withdrawn = append(a.withdrawn, id)
	return nil
}

// withdrawals returns the approvals withdrawn so far.
func (a *approvals) withdrawals() []uuid.UUID {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.withdrawn)
}

func (a *approvals) Start(ctx context.Context, req finance.ApprovalRequest) (finance.ApprovalStarted, error) {
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
	run := a.runs[req.DocumentID]
	if a.answer != nil {
		return finance.ApprovalStarted{}, a.answer
	}
	a.started = append(a.started, req)
	a.askedBy = append(a.askedBy, authz.Actor(ctx))
	id := approvalID(req.DocumentID)
	if req.Amount.Minor() < a.autoBelow {
		return finance.ApprovalStarted{ID: id, Status: finance.ApprovalApproved, Run: run}, nil
	}
	return finance.ApprovalStarted{ID: id, Status: finance.ApprovalPending, Run: run}, nil
}

// approvalID is the approval of a document, derived from it as the
// workflow does.
func approvalID(doc uuid.UUID) uuid.UUID { return uuid.NewSHA1(uuid.NameSpaceOID, doc[:]) }

// invoiceFixture is the fixture with a rate table and approvals that
// approve below 1 lakh taka.
type invoiceFixture struct {
	*fixture
	rates     *rateTable
	approvals *approvals
}

func newInvoiceFixture(tb testing.TB, with ...func(*finance.Deps)) *invoiceFixture {
	tb.Helper()
	f := &invoiceFixture{rates: &rateTable{calls: map[string]int{}}, approvals: &approvals{autoBelow: 100_000_00}}
	f.fixture = newFixture(tb, append([]func(*finance.Deps){func(d *finance.Deps) {
		d.Rules, d.Approvals = f.rates, f.approvals
	}}, with...)...)
	return f
}

func bdt(minor int64) money.Amount { return money.New(minor, money.BDT) }

var customer = finance.Party{ID: uuid.MustParse("0190a0b0-1111-7000-8000-000000000001"), Name: "Rahman Traders Ltd",
	BIN: "0012345670101", Address: "12 Motijheel C/A, Dhaka 1000"}

// threeRateSale is the invoice: 15 % with 10 % SD, 7.5 % and
// exempt (TestThreeRateInvoiceAddsUpByHand works it out).
func threeRateSale(date string) finance.InvoiceInput {
	return finance.InvoiceInput{Kind: finance.KindSales, Party: customer, Date: day(date), Lines: []finance.LineInput{
		{Description: "Face cream, 50 ml", VATCategory: "cosmetics", Quantity: "12", Unit: "pcs", UnitPrice: bdt(125075), Discount: bdt(10000)},
		{Description: "Site supervision", VATCategory: "construction_firm", Quantity: "3.5", Unit: "day", UnitPrice: bdt(99999)},
		{Description: "Miniket rice", VATCategory: "rice", Quantity: "50", Unit: "kg", UnitPrice: bdt(6240)},
	}}
}

// smallSale is a one-line 15 % sale of amount poisha on date.
func smallSale(date string, amount int64) finance.InvoiceInput {
	return finance.InvoiceInput{Kind: finance.KindSales, Party: customer, Date: day(date), Lines: []finance.LineInput{
		{Description: "Cement, 50 kg bag", Quantity: "1", Unit: "bag", UnitPrice: bdt(amount)}}}
}

// mustCreate creates in and fails the test on error.
func (f *invoiceFixture) mustCreate(tb testing.TB, ctx context.Context, in finance.InvoiceInput) finance.Invoice {
	tb.Helper()
	inv, err := f.svc.CreateInvoice(ctx, in)
	if err != nil {
		tb.Fatalf("create invoice: %v", err)
	}
	return inv
}

// mustSubmit submits id and fails the test on error.
func (f *invoiceFixture) mustSubmit(tb testing.TB, ctx context.Context, id uuid.UUID) finance.Invoice {
	tb.Helper()
	inv, err := f.svc.SubmitInvoice(ctx, id, 0)
	if err != nil {
		tb.Fatalf("submit invoice: %v", err)
	}
	return inv
}

// newTenantCtx is a fresh tenant and its accountant.
func newTenantCtx(tb testing.TB) (tenant.ID, context.Context) {
	tb.Helper()
	t := newTenant(tb)
	return t, accountant(t)
}
