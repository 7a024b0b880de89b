package finance_test

import (
	"context"
	"log/slog"
	"net/http"
	"testing"

	"go.temporal.io/sdk/client"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
	"github.com/vextrus/vextrus/internal/workflow"
	"github.com/vextrus/vextrus/internal/workflow/approvalclient"
)

// noApproval is a tenant's invoice chain with no level.
type noApproval struct{}

func (noApproval) Chain(_ context.Context, doc workflow.Document) (workflow.Chain, error) {
	return workflow.BuildChain(workflow.ConfigFor(doc.Type), 1, nil, doc)
}

// TestSubmitThroughTheWorkflowAPIApprovesAtOnce submits an invoice through
// the workflow service's REST API (in process) where the chain has no
// level: the workflow answers approved without a Temporal run (its client
// here reaches no engine) and the invoice is approved in the same call.
func TestSubmitThroughTheWorkflowAPIApprovesAtOnce(t *testing.T) {
	d := dbtest.New(t, db.PlatformSchema, workflow.Schema)
	unreachable, err := client.NewLazyClient(client.Options{HostPort: "127.0.0.1:1", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(unreachable.Close)
	wf, err := workflow.New(workflow.Deps{DB: d.App, Temporal: unreachable, Chains: noApproval{}})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	wf.Routes(mux)
	approvals := approvalclient.Client{HTTP: svcclient.New("workflow", svcclient.InProcess(mux), svcclient.Policy{}, nil), Service: finance.Name}
	f := newFixture(t, func(deps *finance.Deps) { deps.Rules, deps.Approvals = &rateTable{calls: map[string]int{}}, approvals })
	tid := newTenant(t)
	ctx := withPlatformPerms(tid)
	draft, err := f.svc.CreateInvoice(ctx, threeRateSale("2026-12-04"))
	if err != nil {
		t.Fatal(err)
	}
	inv, err := f.svc.SubmitInvoice(ctx, draft.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Status != finance.StatusApproved || inv.Number != "INV/2026-27/000001" || inv.ApprovalID == nil {
		t.Fatalf("submitted: %s %q approval %v", inv.Status, inv.Number, inv.ApprovalID)
	}
	var status, amount, service string
	err = d.Admin.QueryRow(context.Background(), `select status, amount::text, doc_service from workflow.approvals where id = $1`,
		*inv.ApprovalID).Scan(&status, &amount, &service)
	if err != nil || status != "approved" || amount != "25742.36" || service != "finance" {
		t.Fatalf("workflow recorded %s %s %s (%v)", status, amount, service, err)
	}
}
