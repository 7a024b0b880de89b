package masterdata_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/vextrus/vextrus/internal/masterdata"
	"github.com/vextrus/vextrus/internal/masterdata/graph"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/requestid"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// env is the service over a fresh database, served by REST and GraphQL
// behind a stand-in for the authn middleware: the bearer token names a
// principal the test registered.
type env struct {
	t       testing.TB
	db      *dbtest.DB
	svc     *masterdata.Service
	metrics *prometheus.Registry
	srv     *httptest.Server

	mu     sync.Mutex
	tokens map[string]*authz.Principal
}

func newEnv(tb testing.TB) *env {
	tb.Helper()
	d := dbtest.New(tb, db.PlatformSchema, masterdata.Schema)
	outbox, err := events.NewOutbox("masterdata")
	if err != nil {
		tb.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	svc, err := masterdata.New(masterdata.Deps{DB: d.App, Events: outbox, Metrics: reg})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(svc.Close)
	e := &env{t: tb, db: d, svc: svc, metrics: reg, tokens: map[string]*authz.Principal{}}
	mux := http.NewServeMux()
	svc.Routes(mux)
	mux.Handle("POST "+masterdata.GraphQLPath, graph.Handler(svc, graphqlx.Options{}))
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := requestid.With(r.Context(), "test-"+uuid.NewString())
		e.mu.Lock()
		p := e.tokens[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
		e.mu.Unlock()
		if p == nil {
			httpx.WriteError(w, r, authz.Require(ctx, "x.y.z"))
			return
		}
		mux.ServeHTTP(w, r.WithContext(authz.With(ctx, p)))
	}))
	tb.Cleanup(e.srv.Close)
	return e
}

// caller is a principal of one tenant, usable in process (ctx) and over
// HTTP (its Client sends token).
type caller struct {
	*apitest.Client
	e      *env
	ctx    context.Context
	token  string
	tenant tenant.ID
	user   string
}

// newCaller returns a user of t holding perms; no perms means every
// masterdata permission.
func (e *env) newCaller(t tenant.ID, perms ...string) *caller {
	if len(perms) == 0 {
		for _, p := range masterdata.Permissions {
			perms = append(perms, p.Name)
		}
	}
	p := &authz.Principal{UserID: uuid.NewString(), Tenant: t, Permissions: map[string]bool{}}
	for _, perm := range perms {
		p.Permissions[perm] = true
	}
	token := uuid.NewString()
	e.mu.Lock()
	e.tokens[token] = p
	e.mu.Unlock()
	api := apitest.New(e.t, e.srv.URL, e.srv.Client()).WithToken(token)
	return &caller{Client: api, e: e, ctx: authz.With(context.Background(), p), token: token, tenant: t, user: p.UserID}
}

// outbox counts the tenant's events of each type, read as the superuser.
func (e *env) outbox(t tenant.ID) map[string]int {
	e.t.Helper()
	rows, err := e.db.Admin.Query(context.Background(),
		`select type, count(*) from masterdata.outbox where tenant_id = $1 group by type`, t.UUID())
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var typ string
		var n int
		if err := rows.Scan(&typ, &n); err != nil {
			e.t.Fatal(err)
		}
		out[typ] = n
	}
	return out
}

// customer is a valid customer body with the given code.
func customer(code string) map[string]any {
	return map[string]any{
		"code": code, "name": "Rahman Construction Ltd " + code, "nameBn": "রহমান কনস্ট্রাকশন",
		"type": "company", "bin": "000123456-0101", "tin": "1234-5678-9012", "mobile": "01712-345678",
		"address":          map[string]any{"line1": "House 12, Road 5", "district": "Dhaka", "postCode": "1207"},
		"creditLimit":      map[string]any{"amount": "500000.00", "currency": "BDT"},
		"paymentTermsDays": 30, "tags": []string{"Contractor", "vip"},
	}
}
