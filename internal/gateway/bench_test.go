package gateway_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/api"
	"github.com/vextrus/vextrus/internal/gateway"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// BenchmarkFederatedPage is the gateway's own work for the graphql
// bench's page (docs/scaling.md): customers from masterdata, createdBy
// from auth through the entity cache, with subgraphs that answer at once
// from memory. What it measures per operation is what the gateway adds to
// a subgraph's own cost: the ratio of the bench scenario to its baseline.
func BenchmarkFederatedPage(b *testing.B) {
	const creator = "0195a3c4-7d1e-7b3f-9a2c-4e5f6a7b8c9d"
	var page strings.Builder
	page.WriteString(`{"data":{"customers":{"edges":[`)
	for i := range 10 {
		if i > 0 {
			page.WriteByte(',')
		}
		fmt.Fprintf(&page, `{"node":{"id":"0195a3c4-0000-7000-8000-%012d","name":"Customer %d","createdBy":{"__typename":"User","id":%q}}}`, i, i, creator)
	}
	page.WriteString(`]}}}`)
	users := fmt.Sprintf(`{"data":{"_entities":[{"__typename":"User","id":%q,"name":"Dev Admin"}]}}`, creator)
	answer := func(body string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, body)
		})
	}
	names, err := gateway.SubgraphNames(api.Supergraph)
	if err != nil {
		b.Fatal(err)
	}
	var ups []gateway.Upstream
	for _, n := range names {
		h := answer(`{"data":null,"errors":[{"message":"not in this benchmark"}]}`)
		switch n {
		case "masterdata":
			h = answer(page.String())
		case "auth":
			h = answer(users)
		}
		ups = append(ups, gateway.Upstream{Name: n, Handler: h})
	}
	gw, err := gateway.New(context.Background(), gateway.Deps{Config: gateway.DefaultConfig(), Supergraph: api.Supergraph, Upstreams: ups})
	if err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	gw.Routes(mux)
	caller := authz.With(context.Background(), &authz.Principal{UserID: creator, Tenant: tenant.ID{1}, Roles: []string{"viewer"}})
	body := []byte(`{"query":"{ customers(first: 10) { edges { node { id name createdBy { id name } } } } }"}`)
	send := func() []byte {
		r := httptest.NewRequestWithContext(caller, http.MethodPost, "/graphql", bytes.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+strings.Repeat("t", 600))
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		return w.Body.Bytes()
	}
	if out := send(); !bytes.Contains(out, []byte(`"name":"Dev Admin"`)) || bytes.Contains(out, []byte(`"errors"`)) {
		b.Fatalf("answer %s", out)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		send()
	}
}
