package documents_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/documents"
	"github.com/vextrus/vextrus/internal/documents/graph"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

const subgraph = "/graphql/documents"

// graphClient is a client of the subgraph calling as the clerk of t.
func (f *fixture) graphClient(tb testing.TB, t tenant.ID) *apitest.Client {
	tb.Helper()
	mux := http.NewServeMux()
	mux.Handle("POST "+subgraph, graph.Handler(f.svc, graphqlx.Options{}))
	srv := httptest.NewServer(httpx.Chain(mux, httpx.RequestID, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { next.ServeHTTP(w, r.WithContext(clerk(t))) })
	}))
	tb.Cleanup(srv.Close)
	return apitest.New(tb, srv.URL, srv.Client())
}

const requestDocument = `mutation($kind: DocumentKind!, $params: DocumentParamsInput) {
	requestDocument(kind: $kind, params: $params) { id kind status progress params { invoiceId lang format } }
}`

const jobQuery = `query($id: ID!) { documentJob(id: $id) { id status progress step file { id } fileName error } }`

// Through the subgraph a document is requested, its job read until it
// succeeds with its file named as an entity of files, and listed; a bad
// parameter is named, and another tenant sees nothing.
func TestGraphQLRequestsAndReadsJobs(t *testing.T) {
	c := engine(t)
	f := newFixture(t, func(d *documents.Deps) { d.Temporal = c })
	runWorker(t, c, f.svc)
	tn := tenant.New()
	gql := f.graphClient(t, tn)
	inv := f.finance.invoice("approved")

	r := gql.GraphQL(subgraph, requestDocument, map[string]any{"kind": "MUSHAK_6_3", "params": map[string]any{"lang": "xx",
		"invoiceId": inv}})
	if a := r.GraphQL(t); len(a.Errors) == 0 || a.Errors[0].Code() != "INVALID_ARGUMENT" ||
		!slices.Contains(a.Errors[0].Fields(), "params.lang") {
		t.Fatalf("answer %s, want INVALID_ARGUMENT naming params.lang", r.Raw)
	}
	var job struct {
		ID, Kind, Status string
		Params           struct{ InvoiceID, Lang, Format string }
	}
	data := gql.GraphQL(subgraph, requestDocument, map[string]any{"kind": "MUSHAK_6_3", "params": map[string]any{"invoiceId": inv}}).Data(t)
	if err := json.Unmarshal(data["requestDocument"], &job); err != nil {
		t.Fatal(err)
	}
	if job.Kind != "MUSHAK_6_3" || job.Status != "QUEUED" || job.Params.Lang != "bn" || job.Params.Format != "pdf" {
		t.Fatalf("requested %+v", job)
	}
	done := waitDone(t, f, clerk(tn), uuid.MustParse(job.ID), time.Minute)
	var read struct {
		Status string
		File   struct{ ID string }
	}
	data = gql.GraphQL(subgraph, jobQuery, map[string]any{"id": job.ID}).Data(t)
	if err := json.Unmarshal(data["documentJob"], &read); err != nil {
		t.Fatal(err)
	}
	if read.Status != "SUCCEEDED" || read.File.ID != done.FileID.String() {
		t.Fatalf("job %s, want SUCCEEDED with file %s", data["documentJob"], done.FileID)
	}
	var list struct {
		Edges []struct{ Node struct{ ID string } }
	}
	data = gql.GraphQL(subgraph, `{ documentJobs(first: 10, mine: true) { edges { node { id } } pageInfo { hasNextPage } } }`, nil).Data(t)
	if err := json.Unmarshal(data["documentJobs"], &list); err != nil || len(list.Edges) != 1 || list.Edges[0].Node.ID != job.ID {
		t.Fatalf("jobs %s (%v)", data["documentJobs"], err)
	}
	other := f.graphClient(t, tenant.New())
	data = other.GraphQL(subgraph, jobQuery, map[string]any{"id": job.ID}).Data(t)
	if string(data["documentJob"]) != "null" {
		t.Fatalf("another tenant reads %s", data["documentJob"])
	}
}
