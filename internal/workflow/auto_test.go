package workflow_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"go.temporal.io/sdk/client"

	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/workflow"
)

// noLevels is a chain source whose tenant needs no approval: the rules
// answer an empty list of levels.
type noLevels struct{}

func (noLevels) Chain(_ context.Context, doc workflow.Document) (workflow.Chain, error) {
	return workflow.BuildChain(workflow.ConfigFor(doc.Type), 1, nil, doc)
}

// TestChainWithoutLevelsApprovesAtOnce starts the approval of a document
// whose chain has no level: it is approved in the answer, recorded, and
// its completed event is in the outbox, with no Temporal run (the client
// here cannot reach an engine). Starting it again answers the same
// approval without a second event.
func TestChainWithoutLevelsApprovesAtOnce(t *testing.T) {
	d := dbtest.New(t, db.PlatformSchema, workflow.Schema)
	unreachable, err := client.NewLazyClient(client.Options{HostPort: "127.0.0.1:1", Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(unreachable.Close)
	svc, err := workflow.New(workflow.Deps{DB: d.App, Temporal: unreachable, TaskQueue: taskQueue, Chains: noLevels{}, Directory: directory{}})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	svc.Routes(mux)
	srv := httptest.NewServer(asUser(mux))
	t.Cleanup(srv.Close)
	api := apitest.New(t, srv.URL, srv.Client()).WithHeader("X-Test-User", aSubmitter.tenant+"/"+aSubmitter.id+"/"+aSubmitter.roles)

	var first approvalAnswer
	r := api.Do(http.MethodPost, workflow.Base+"/approvals", invoiceBody("INV-AUTO-1"))
	r.Decode(t, &first)
	if r.Status != http.StatusCreated || first.Status != workflow.StatusApproved {
		t.Fatalf("start: %d %+v, want 201 approved", r.Status, first)
	}
	var again approvalAnswer
	r = api.Do(http.MethodPost, workflow.Base+"/approvals", invoiceBody("INV-AUTO-1"))
	r.Decode(t, &again)
	if r.Status != http.StatusOK || again.ID != first.ID || again.Status != workflow.StatusApproved {
		t.Fatalf("second start: %d %+v, want 200 with the same approved approval", r.Status, again)
	}
	var status string
	var completed, levels int
	err = d.Admin.QueryRow(context.Background(), `select status, level_count, (select count(*) from workflow.outbox
		where type = $2 and subject = $1) from workflow.approvals where id = $1::uuid`, first.ID, workflow.EventApprovalCompleted).
		Scan(&status, &levels, &completed)
	if err != nil || status != workflow.StatusApproved || levels != 0 || completed != 1 {
		t.Fatalf("recorded %s with %d levels and %d completed events (%v), want approved, 0, 1", status, levels, completed, err)
	}
}
