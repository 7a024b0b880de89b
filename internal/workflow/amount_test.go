package workflow_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"go.temporal.io/sdk/client"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
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
			status, code, fields := post(t, srv, workflow.Base+"/approvals", body)
			if status != http.StatusBadRequest || code != "INVALID_ARGUMENT" || len(fields) != 1 || fields[0] != c.field {
				t.Fatalf("status %d code %s fields %v, want 400 INVALID_ARGUMENT [%s]", status, code, fields, c.field)
			}
		})
		t.Run(c.name+" over GraphQL", func(t *testing.T) {
			q := fmt.Sprintf(`mutation { startApproval(document: {service: "finance", type: "invoice", id: "INV-G", `+
				`amount: {amount: %q, currency: %q}}) { id } }`, c.amount, c.currency)
			_, code, fields := post(t, srv, workflow.GraphQLPath, map[string]string{"query": q})
			if code != "INVALID_ARGUMENT" || len(fields) != 1 || fields[0] != c.field {
				t.Fatalf("code %s fields %v, want INVALID_ARGUMENT [%s]", code, fields, c.field)
			}
		})
	}
	var n int
	if err := d.Admin.QueryRow(context.Background(), `select count(*) from workflow.approvals`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d approvals recorded (%v), want none", n, err)
	}
}

// post sends body as the accountant of tenant A and returns the status and
// the error code and fields of a problem or of the first GraphQL error.
func post(tb testing.TB, srv *httptest.Server, path string, body any) (status int, code string, fields []string) {
	tb.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		tb.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, srv.URL+path, bytes.NewReader(raw))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Test-User", aSubmitter.tenant+"/"+aSubmitter.id+"/"+aSubmitter.roles)
	resp, err := srv.Client().Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	type field struct {
		Field string `json:"field"`
	}
	var answer struct {
		Code   string  `json:"code"`
		Errors []field `json:"errors"`
	}
	var gql struct {
		Errors []struct {
			Extensions struct {
				Code   string  `json:"code"`
				Fields []field `json:"fields"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	dec := json.NewDecoder(resp.Body)
	if path == workflow.GraphQLPath {
		if err := dec.Decode(&gql); err != nil || len(gql.Errors) == 0 {
			tb.Fatalf("GraphQL answer without errors (%v)", err)
		}
		answer.Code, answer.Errors = gql.Errors[0].Extensions.Code, gql.Errors[0].Extensions.Fields
	} else if err := dec.Decode(&answer); err != nil {
		tb.Fatal(err)
	}
	for _, f := range answer.Errors {
		fields = append(fields, f.Field)
	}
	return resp.StatusCode, answer.Code, fields
}
