package workflow_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"go.temporal.io/sdk/client"

	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/workflow"
	"github.com/vextrus/vextrus/internal/workflow/graph"
)

// TestAmountsBelowTheMinorUnitAreRefused submits documents whose amount is
// not exact money in its currency, over REST and GraphQL: each is refused
// naming the field, and no approval is recorded. Validation comes before
// the engine is called, so the Temporal client here never connects.
func TestAmountsBelowTheMinorUnitAreRefused(t *testing.T) {
	d := dbtest.New(t, db.PlatformSchema, workflow.Schema)
	lazy, err := client.NewLazyClient(client.Options{HostPort: "127.0.0.1:1", Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(lazy.Close)
	svc, err := workflow.New(workflow.Deps{DB: d.App, Temporal: lazy, TaskQueue: taskQueue, Chains: fixedChains{}, Directory: directory{}})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	svc.Routes(mux)
	mux.Handle("POST "+workflow.GraphQLPath, graph.Handler(svc, graphqlx.Options{}))
	srv := httptest.NewServer(asUser(mux))
	t.Cleanup(srv.Close)
	// The accountant of tenant A.
	api := apitest.New(t, srv.URL, srv.Client()).WithHeader("X-Test-User", aSubmitter.tenant+"/"+aSubmitter.id+"/"+aSubmitter.roles)

	cases := []struct{ name, amount, currency, field string }{
		{"a tenth of a poisha", "0.001", "BDT", "document.amount.amount"},
		{"half a poisha on a lakh", "125000.505", "BDT", "document.amount.amount"},
		{"a fraction of a yen", "10.5", "JPY", "document.amount.amount"},
		{"a negative amount", "-5.00", "BDT", "document.amount.amount"},
		{"grouping commas", "1,25,000.00", "BDT", "document.amount.amount"},
		{"an unknown currency", "100.00", "XYZ", "document.amount.currency"},
	}
	for _, c := range cases {
		t.Run(c.name+" over REST", func(t *testing.T) {
			body := invoiceBody("INV-" + c.name)
			body["document"].(map[string]any)["amount"] = map[string]string{"amount": c.amount, "currency": c.currency}
			r := api.Do(http.MethodPost, workflow.Base+"/approvals", body)
			r.WantProblem(t, http.StatusBadRequest, errs.InvalidArgument)
			if fields := r.Fields(t); !slices.Equal(fields, []string{c.field}) {
				t.Fatalf("fields %v, want [%s]", fields, c.field)
			}
		})
		t.Run(c.name+" over GraphQL", func(t *testing.T) {
			q := fmt.Sprintf(`mutation { startApproval(document: {service: "finance", type: "invoice", id: "INV-G", `+
				`amount: {amount: %q, currency: %q}}) { id } }`, c.amount, c.currency)
			ge := api.GraphQL(workflow.GraphQLPath, q, nil).GraphQLErrors()
			if len(ge) == 0 || ge[0].Code() != "INVALID_ARGUMENT" || !slices.Equal(ge[0].Fields(), []string{c.field}) {
				t.Fatalf("errors %+v, want INVALID_ARGUMENT [%s]", ge, c.field)
			}
		})
	}
	var n int
	if err := d.Admin.QueryRow(context.Background(), `select count(*) from workflow.approvals`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d approvals recorded (%v), want none", n, err)
	}
}
