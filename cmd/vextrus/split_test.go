package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/testwait"
	"github.com/vextrus/vextrus/internal/topology"
)

// The tenant the split test works in, created with `vextrus tenant create`.
const (
	splitTenant   = "demo"
	splitOwner    = "owner@demo.local"
	splitPassword = "Karnaphuli-bridge-1971"
)

// startSplit runs every public target as its own `vextrus serve` process
// (this test binary, as TestMain lets it be) on shared engines, with
// traces exported to otlp, and creates the tenant.
func startSplit(t *testing.T, otlp string) *topology.Topology {
	t.Helper()
	ctx := context.Background()
	top, err := topology.Start(ctx, topology.Options{Binary: os.Args[0], Dir: t.TempDir(), OTLPEndpoint: otlp,
		Env: []string{"VEXTRUS_TEST_RUN_MAIN=1"}, ReadyTimeout: 3 * time.Minute})
	if err != nil {
		t.Fatalf("start the split topology: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			for _, p := range top.Processes() {
				t.Logf("log of %s ends:\n%s", p.Name, p.Log())
			}
		}
		if err := top.Stop(); err != nil {
			t.Errorf("stop: %v", err)
		}
	})
	if err := top.CreateTenant(ctx, splitTenant, "Demo Trading Ltd", splitOwner, splitPassword); err != nil {
		t.Fatal(err)
	}
	return top
}

// invoice is what the test reads of an invoice.
type invoice struct {
	ID         string  `json:"id"`
	Status     string  `json:"status"`
	Number     *string `json:"number"`
	ApprovalID *string `json:"approvalId"`
	JournalID  *string `json:"journalId"`
}

// TestEveryTargetAsItsOwnProcessRunsAnApprovedInvoice starts the layout
// Compose describes, one process per target, and through the gateway
// alone takes an invoice above the approval threshold from draft to an
// approved Mushak number: finance prices it with rules, starts its
// approval in workflow, the worker runs it, a second user approves, and
// the audit log (fed over Kafka) records it. One trace follows the
// invoice across the processes.
func TestEveryTargetAsItsOwnProcessRunsAnApprovedInvoice(t *testing.T) {
	if testing.Short() {
		t.Skip("starts every target as a process")
	}
	traces := newTraceSink(t)
	top := startSplit(t, traces.Addr())
	if n, want := len(top.Processes()), len(topology.PublicTargets()); n != want || n < 10 {
		t.Fatalf("%d processes, want one per public target (%d)", n, want)
	}
	base := top.GatewayURL()
	owner := apitest.New(t, base, nil).Login(splitTenant, splitOwner, splitPassword)

	// A second user, the approver, invited and accepted through auth.
	var invite struct {
		InviteToken string `json:"inviteToken"`
	}
	owner.Do(http.MethodPost, "/api/v1/auth/invites", map[string]any{"email": "approver@demo.local", "name": "Approver",
		"roles": []string{"approver"}}).Want(t, http.StatusCreated).Decode(t, &invite)
	apitest.New(t, base, nil).Do(http.MethodPost, "/api/v1/auth/invites/accept",
		map[string]any{"token": invite.InviteToken, "password": "Meghna-river-1971"}).Want(t, http.StatusNoContent)
	approver := apitest.New(t, base, nil).Login(splitTenant, "approver@demo.local", "Meghna-river-1971")

	// The tenant's approval chain, in rules: an approver above 1 lakh. The
	// rules process seeds a new tenant's sets from auth's tenant.created
	// event, over Kafka: its chain exists once that arrived.
	testwait.For(t, time.Minute, "rules to seed the tenant's approval chain", func() bool {
		return owner.Do(http.MethodGet, "/api/v1/rules/rulesets/approval.chain.invoice", nil).Status == http.StatusOK
	})
	var draft struct {
		Number int `json:"number"`
	}
	owner.Do(http.MethodPost, "/api/v1/rules/rulesets/approval.chain.invoice/versions", map[string]any{
		"hitPolicy": "COLLECT", "collectAs": "levels", "effectiveFrom": "2026-01-01", "reference": "split: an approver above 1 lakh",
		"tests": []any{}, "rows": []map[string]any{{"description": "approver above 1 lakh", "condition": "amount > 100000",
			"outputs": map[string]string{"role": `"approver"`, "mode": `"any"`, "slaHours": "24"}}}}).Want(t, http.StatusCreated).Decode(t, &draft)
	owner.Do(http.MethodPost, fmt.Sprintf("/api/v1/rules/rulesets/approval.chain.invoice/versions/%d/publish", draft.Number), nil).
		Want(t, http.StatusOK)

	// The customer, in master data.
	var customer struct {
		ID string `json:"id"`
	}
	owner.Do(http.MethodPost, "/api/v1/masterdata/customers", map[string]any{"code": "CUST-PADMA", "name": "Padma Steel",
		"type": "company", "bin": "002345678-0202", "address": map[string]any{"line1": "7 Agrabad C/A", "district": "Chattogram", "postCode": "4100"}}).
		Want(t, http.StatusCreated).Decode(t, &customer)

	// The invoice, in finance: above 1 lakh it waits for the approver.
	var inv invoice
	owner.Do(http.MethodPost, "/api/v1/finance/invoices", map[string]any{"kind": "sales", "date": time.Now().Format(time.DateOnly),
		"party": map[string]any{"id": customer.ID}, "lines": []map[string]any{{"description": "Steel rods, tonne", "vatCategory": "standard",
			"quantity": "2", "unit": "tonne", "unitPrice": map[string]string{"amount": "95000.00", "currency": "BDT"}}}}).
		Want(t, http.StatusCreated).Decode(t, &inv)
	owner.Do(http.MethodPost, "/api/v1/finance/invoices/"+inv.ID+"/submit", nil).Want(t, http.StatusOK).Decode(t, &inv)
	if inv.Status != "submitted" || inv.Number != nil || inv.ApprovalID == nil {
		t.Fatalf("invoice after submit: %+v, want submitted with an approval and no number", inv)
	}
	// The worker puts the task in the approver's inbox; the approver's
	// decision goes back through the worker to finance.
	testwait.For(t, time.Minute, "the approver's task", func() bool {
		return approver.Do(http.MethodPost, "/api/v1/workflow/approvals/"+*inv.ApprovalID+"/approve",
			map[string]any{"comment": "checked against the delivery challan"}).Status == http.StatusOK
	})
	testwait.For(t, time.Minute, "the invoice approved", func() bool {
		owner.Do(http.MethodGet, "/api/v1/finance/invoices/"+inv.ID, nil).Want(t, http.StatusOK).Decode(t, &inv)
		return inv.Status == "approved"
	})
	if inv.Number == nil || !strings.HasSuffix(*inv.Number, "/000001") || inv.JournalID == nil {
		t.Fatalf("approved invoice: %+v, want the first Mushak number and a journal", inv)
	}

	// The audit log, fed over Kafka by the audit process, has the
	// invoice's submission and approval, through the gateway's GraphQL
	// and its REST proxy to the audit process.
	testwait.Until(t, time.Minute, "the invoice's audit entries", func() (bool, error) {
		var log struct {
			Edges []struct {
				Node struct{ Type string } `json:"node"`
			} `json:"edges"`
		}
		raw := owner.GraphQL("/graphql", `query($s: String) { auditEvents(subject: $s, first: 100) { edges { node { type } } } }`,
			map[string]any{"s": inv.ID}).Data(t)["auditEvents"]
		if err := json.Unmarshal(raw, &log); err != nil {
			return false, err
		}
		var approved bool
		for _, e := range log.Edges {
			approved = approved || e.Node.Type == "vextrus.finance.invoice.approved.v1"
		}
		return approved && len(log.Edges) >= 2, nil
	})
	var rest struct{ Items []struct{ Type string } }
	owner.Do(http.MethodGet, "/api/v1/audit/events?subject="+inv.ID, nil).Want(t, http.StatusOK).Decode(t, &rest)
	if !slices.ContainsFunc(rest.Items, func(e struct{ Type string }) bool { return e.Type == "vextrus.finance.invoice.approved.v1" }) {
		t.Fatalf("GET /api/v1/audit/events through the split gateway: %+v, want the invoice's approval", rest.Items)
	}

	// One trace follows the invoice from the client's submit at the
	// gateway to its approval in the audit log.
	traces.requireTrace(t, invoiceHops(inv.ID))
}
