package app_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// money is an amount as the finance API carries it.
type money struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// invoiceAnswer is what the test reads of an invoice.
type invoiceAnswer struct {
	ID         string  `json:"id"`
	Status     string  `json:"status"`
	Number     *string `json:"number"`
	ApprovalID *string `json:"approvalId"`
	JournalID  *string `json:"journalId"`
	Net        money   `json:"net"`
	SD         money   `json:"sd"`
	VAT        money   `json:"vat"`
	Total      money   `json:"total"`
	Party      struct {
		ID      string `json:"id"`
		Name    string `json:"name"`
		BIN     string `json:"bin"`
		Address string `json:"address"`
	} `json:"party"`
	Lines []struct {
		ProductID   *string `json:"productId"`
		Description string  `json:"description"`
		Unit        string  `json:"unit"`
		VATCategory string  `json:"vatCategory"`
		Treatment   string  `json:"treatment"`
	} `json:"lines"`
}

// TestAnInvoiceReachesTheLedgerThroughRulesAndWorkflow runs the whole
// platform on embedded engines: the tax comes from the seeded vat.rate
// table, the approval from the workflow service with the tenant's own
// chain (none below 1 lakh, an approver above), and approval gives the
// Mushak number and a balanced journal that the trial balance shows.
// The customer and a product are master data's, made through its API:
// the invoice takes the customer's name, BIN and address and a line the
// product's name, unit and VAT category.
func TestAnInvoiceReachesTheLedgerThroughRulesAndWorkflow(t *testing.T) {
	m, err := app.NewMain(context.Background(), app.Options{Dir: dataDir(t)})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	owner := newClient(t, m.URL(), devLogin(t, m.URL()))

	var invite struct {
		InviteToken string `json:"inviteToken"`
	}
	owner.Do(http.MethodPost, "/api/v1/auth/invites", map[string]any{"email": "approver@demo.local", "name": "Approver",
		"roles": []string{"approver"}}).Want(t, http.StatusCreated).Decode(t, &invite)
	apitest.New(t, m.URL(), nil).Do(http.MethodPost, "/api/v1/auth/invites/accept",
		map[string]any{"token": invite.InviteToken, "password": "Meghna-river-1971"}).Want(t, http.StatusNoContent)
	approver := apitest.New(t, m.URL(), nil).Login(app.DevTenant, "approver@demo.local", "Meghna-river-1971")

	var draft struct {
		Number int `json:"number"`
	}
	owner.Do(http.MethodPost, "/api/v1/rules/rulesets/approval.chain.invoice/versions", map[string]any{
		"hitPolicy": "COLLECT", "collectAs": "levels", "effectiveFrom": "2026-01-01", "reference": "test: an approver above 1 lakh",
		"tests": []any{}, "rows": []map[string]any{{"description": "approver above 1 lakh", "condition": "amount > 100000",
			"outputs": map[string]string{"role": `"approver"`, "mode": `"any"`, "slaHours": "24"}}}}).Want(t, http.StatusCreated).Decode(t, &draft)
	owner.Do(http.MethodPost, fmt.Sprintf("/api/v1/rules/rulesets/approval.chain.invoice/versions/%d/publish", draft.Number), nil).Want(t, http.StatusOK)

	var customer, rice struct {
		ID string `json:"id"`
	}
	owner.Do(http.MethodPost, "/api/v1/masterdata/customers", map[string]any{"code": "CUST-MEGHNA", "name": "Meghna Traders",
		"type": "company", "bin": "002345678-0202", "address": map[string]any{"line1": "12 Motijheel C/A", "district": "Dhaka", "postCode": "1000"}}).
		Want(t, http.StatusCreated).Decode(t, &customer)
	owner.Do(http.MethodPost, "/api/v1/masterdata/products", map[string]any{"sku": "RICE-5KG", "name": "Rice, 5 kg bag", "unit": "bag",
		"vatCategory": "exempt", "vatRateKey": "rice"}).Want(t, http.StatusCreated).Decode(t, &rice)

	today := time.Now().Format(time.DateOnly)
	invoice := func(lines ...map[string]any) map[string]any {
		return map[string]any{"kind": "sales", "date": today, "party": map[string]any{"id": customer.ID}, "lines": lines}
	}
	line := func(desc, category, qty, price string) map[string]any {
		return map[string]any{"description": desc, "vatCategory": category, "quantity": qty, "unit": "pcs",
			"unitPrice": money{Amount: price, Currency: "BDT"}}
	}

	// Below 1 lakh the chain has no level: submitting approves it at once.
	riceLine := map[string]any{"productId": rice.ID, "quantity": "3", "unitPrice": money{Amount: "70.33", Currency: "BDT"}}
	var small invoiceAnswer
	owner.Do(http.MethodPost, "/api/v1/finance/invoices", invoice(
		line("Soft drinks, carton", "soft_drink", "2", "500.00"), // 1,000.00; SD 25% 250.00; VAT 15% of 1,250.00 = 187.50
		line("Site works", "construction_firm", "1", "10000.00"), // 10,000.00; VAT 7.5% = 750.00
		riceLine, // 210.99, exempt
	)).Want(t, http.StatusCreated).Decode(t, &small)
	if p := small.Party; p.Name != "Meghna Traders" || p.BIN != "0023456780202" || p.Address != "12 Motijheel C/A, Dhaka 1000" {
		t.Fatalf("the invoice's party %+v, want master data's customer", p)
	}
	if l := small.Lines[2]; l.Description != "Rice, 5 kg bag" || l.Unit != "bag" || l.VATCategory != "rice" || l.Treatment != "exempt" {
		t.Fatalf("the product line %+v, want the product's name, unit and VAT category", l)
	}
	// An id that is no customer of the tenant is refused, naming it.
	bad := owner.Do(http.MethodPost, "/api/v1/finance/invoices", map[string]any{"kind": "sales", "date": today,
		"party": map[string]any{"id": rice.ID}, "lines": []any{line("Soft drinks, carton", "soft_drink", "1", "500.00")}}).
		WantProblem(t, http.StatusBadRequest, errs.InvalidArgument)
	if len(bad.Errors) != 1 || bad.Errors[0].Field != "party.id" {
		t.Fatalf("a product's id as the party: %+v, want party.id named", bad.Errors)
	}
	owner.Do(http.MethodPost, "/api/v1/finance/invoices/"+small.ID+"/submit", nil).Want(t, http.StatusOK).Decode(t, &small)
	want := invoiceAnswer{Net: money{"11210.99", "BDT"}, SD: money{"250.00", "BDT"}, VAT: money{"937.50", "BDT"}, Total: money{"12398.49", "BDT"}}
	if small.Status != "approved" || small.Number == nil || !strings.HasSuffix(*small.Number, "/000001") || small.JournalID == nil ||
		small.Net != want.Net || small.SD != want.SD || small.VAT != want.VAT || small.Total != want.Total {
		t.Fatalf("small invoice after submit: %+v, want approved with the first number and net %v sd %v vat %v total %v",
			small, want.Net, want.SD, want.VAT, want.Total)
	}
	var journal struct {
		Status string `json:"status"`
		Total  string `json:"total"`
		Lines  []struct{ Debit, Credit string }
	}
	owner.Do(http.MethodGet, "/api/v1/finance/journals/"+*small.JournalID, nil).Want(t, http.StatusOK).Decode(t, &journal)
	if journal.Status != "posted" || journal.Total != "12398.49" {
		t.Fatalf("the invoice's journal: %+v, want posted for 12398.49", journal)
	}

	// Above 1 lakh it waits for the approver, whose decision the workflow
	// worker hands back to finance.
	var large invoiceAnswer
	owner.Do(http.MethodPost, "/api/v1/finance/invoices", invoice(line("Steel rods, tonne", "standard", "2", "95000.00"))).
		Want(t, http.StatusCreated).Decode(t, &large)
	owner.Do(http.MethodPost, "/api/v1/finance/invoices/"+large.ID+"/submit", nil).Want(t, http.StatusOK).Decode(t, &large)
	if large.Status != "submitted" || large.Number != nil || large.ApprovalID == nil {
		t.Fatalf("large invoice after submit: %+v, want submitted without a number", large)
	}
	testwait.For(t, 30*time.Second, "the approver's task", func() bool {
		return approver.Do(http.MethodPost, "/api/v1/workflow/approvals/"+*large.ApprovalID+"/approve",
			map[string]any{"comment": "checked against the delivery challan"}).Status == http.StatusOK
	})
	testwait.For(t, 30*time.Second, "the large invoice approved", func() bool {
		owner.Do(http.MethodGet, "/api/v1/finance/invoices/"+large.ID, nil).Want(t, http.StatusOK).Decode(t, &large)
		return large.Status == "approved"
	})
	if large.Number == nil || !strings.HasSuffix(*large.Number, "/000002") || large.Total != (money{"218500.00", "BDT"}) {
		t.Fatalf("large invoice: %+v, want the second number and total 2,18,500.00 (1,90,000.00 + 15%% VAT)", large)
	}

	// Cancelling a submitted invoice withdraws its approval: the approver's
	// task goes with it.
	var dropped invoiceAnswer
	owner.Do(http.MethodPost, "/api/v1/finance/invoices", invoice(line("Cement, bag", "standard", "300", "520.00"))).
		Want(t, http.StatusCreated).Decode(t, &dropped)
	owner.Do(http.MethodPost, "/api/v1/finance/invoices/"+dropped.ID+"/submit", nil).Want(t, http.StatusOK).Decode(t, &dropped)
	if dropped.ApprovalID == nil {
		t.Fatalf("the third invoice has no approval: %+v", dropped)
	}
	owner.Do(http.MethodPost, "/api/v1/finance/invoices/"+dropped.ID+"/cancel", map[string]any{"reason": "order withdrawn"}).
		Want(t, http.StatusOK)
	testwait.For(t, 30*time.Second, "the cancelled invoice's approval withdrawn", func() bool {
		var a struct{ Status string }
		owner.Do(http.MethodGet, "/api/v1/workflow/approvals/"+*dropped.ApprovalID, nil).Want(t, http.StatusOK).Decode(t, &a)
		return a.Status == "withdrawn"
	})

	// A submit a crash cut between its commit and its approval's start
	// (submitted a while ago, no approval recorded) is asked again by
	// finance's resumer: with finance's service credential, through the
	// rules' chain, in the name of whoever submitted it.
	var cut invoiceAnswer
	owner.Do(http.MethodPost, "/api/v1/finance/invoices", invoice(line("Steel rods, tonne", "standard", "1", "150000.00"))).
		Want(t, http.StatusCreated).Decode(t, &cut)
	cutBySubmit(t, m, owner, cut.ID)
	testwait.For(t, 60*time.Second, "the resumer to ask for the cut submit's approval", func() bool {
		owner.Do(http.MethodGet, "/api/v1/finance/invoices/"+cut.ID, nil).Want(t, http.StatusOK).Decode(t, &cut)
		return cut.ApprovalID != nil
	})
	var resumed, submitted struct{ Submitter, Status string }
	owner.Do(http.MethodGet, "/api/v1/workflow/approvals/"+*cut.ApprovalID, nil).Want(t, http.StatusOK).Decode(t, &resumed)
	owner.Do(http.MethodGet, "/api/v1/workflow/approvals/"+*large.ApprovalID, nil).Want(t, http.StatusOK).Decode(t, &submitted)
	if cut.Status != "submitted" || resumed.Status != "pending" || resumed.Submitter != submitted.Submitter {
		t.Fatalf("the resumed submit: invoice %s, approval %+v; want submitted, pending and the owner's (%s)", cut.Status,
			resumed, submitted.Submitter)
	}

	var tb struct {
		TotalDebit  money `json:"totalDebit"`
		TotalCredit money `json:"totalCredit"`
	}
	owner.Do(http.MethodGet, "/api/v1/finance/trial-balance?asOf="+today, nil).Want(t, http.StatusOK).Decode(t, &tb)
	if tb.TotalDebit != tb.TotalCredit || tb.TotalDebit.Amount != "230898.49" {
		t.Fatalf("trial balance: %+v, want debits = credits = 230898.49 (the two invoices' receivables)", tb)
	}

	// The audit log records the finance events: both approvals, and the
	// large invoice's submission and approval under its id.
	if got := waitAudit(t, owner, "type=vextrus.finance.invoice.approved.v1", 2); len(got) != 2 {
		t.Fatalf("%d invoice.approved entries in the audit log, want 2", len(got))
	}
	waitAudit(t, owner, "subject="+large.ID, 2)
}

// cutBySubmit leaves the owner's draft invoice id as a crash between its
// submit's commit and its approval's start would, two minutes ago:
// submitted by the owner, no approval recorded.
func cutBySubmit(t *testing.T, m *app.Main, owner *apitest.Client, id string) {
	t.Helper()
	var me struct{ ID, TenantID string }
	owner.Do(http.MethodGet, "/api/v1/auth/me", nil).Want(t, http.StatusOK).Decode(t, &me)
	ctx := tenant.With(context.Background(), tenant.MustParse(me.TenantID))
	err := m.App.DB.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE finance.invoices SET status = 'submitted', submitted_by = $2,
			submitted_at = now() - interval '2 minutes' WHERE id = $1 AND status = 'draft'`, id, me.ID)
		if err == nil && tag.RowsAffected() != 1 {
			err = fmt.Errorf("invoice %s is no draft", id)
		}
		return err
	})
	if err != nil {
		t.Fatalf("cut the submit: %v", err)
	}
}
