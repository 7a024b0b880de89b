package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/temporalx/temporaltest"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

func greet(ctx workflow.Context, name string) (string, error) { return "salam " + name, nil }

func readiness(t *testing.T, base string) (int, httpx.Readiness) {
	t.Helper()
	res, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var r httpx.Readiness
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, r
}

// dataDir is a data directory for embedded engines, removed after the
// test. PostgreSQL may run as the postgres OS user, who must reach the
// data: t.TempDir's parent is private, so it is made apart.
func dataDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.MkdirTemp("", "vextrus-apptest-")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// TestDevStackRunsAndRestartsOnItsData starts the whole system on embedded
// engines, checks every dependency is ready and works, stops it, and
// starts it again on the same data.
func TestDevStackRunsAndRestartsOnItsData(t *testing.T) {
	dir := dataDir(t)
	ctx := context.Background()
	m, err := app.NewMain(ctx, app.Options{Dir: dir})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	status, r := readiness(t, m.InternalURL())
	if status != http.StatusOK {
		t.Fatalf("readyz %d: %+v", status, r)
	}
	for _, dep := range []string{"postgres", "kafka", "temporal"} {
		if r.Checks[dep].Status != "ok" {
			t.Errorf("%s: %+v", dep, r.Checks[dep])
		}
	}

	// A token logged out before the restart stays refused after it.
	var loggedOut string
	t.Run("a logout stops its access token at once, not the user's other session", func(t *testing.T) {
		loggedOut = devLogin(t, m.URL())
		staying := newClient(t, m.URL(), devLogin(t, m.URL()))
		leaving := newClient(t, m.URL(), loggedOut)
		if r := leaving.Do(http.MethodGet, "/api/v1/masterdata/customers", nil); r.Status != http.StatusOK {
			t.Fatalf("before logout: %d %s", r.Status, r.Raw)
		}
		if r := leaving.Do(http.MethodPost, "/api/v1/auth/logout", nil); r.Status != http.StatusNoContent {
			t.Fatalf("logout: %d %s", r.Status, r.Raw)
		}
		testwait.For(t, 5*time.Second, "the logged-out token refused", func() bool {
			return leaving.Do(http.MethodGet, "/api/v1/masterdata/customers", nil).Status == http.StatusUnauthorized
		})
		if r := staying.Do(http.MethodGet, "/api/v1/masterdata/customers", nil); r.Status != http.StatusOK {
			t.Fatalf("the user's other session: %d %s", r.Status, r.Raw)
		}
	})

	t.Run("the demo tenant is a VAT-registered construction firm in Dhaka", func(t *testing.T) {
		api := newClient(t, m.URL(), devLogin(t, m.URL()))
		var doc struct {
			Company struct {
				LegalName, BIN, VATRegistration string
				RegisteredAddress               struct{ District string }
			}
			Timezone string
		}
		// The settings consumer seeds it when auth announces the tenant.
		testwait.For(t, 30*time.Second, "the demo company", func() bool {
			api.Do(http.MethodGet, "/api/v1/settings/tenant", nil).Want(t, http.StatusOK).Decode(t, &doc)
			return doc.Company.BIN != ""
		})
		if c := doc.Company; c.LegalName != "Padma Builders & Engineering Ltd." || len(c.BIN) != 13 ||
			c.VATRegistration != "vat-registered" || c.RegisteredAddress.District != "dhaka" || doc.Timezone != "Asia/Dhaka" {
			t.Fatalf("demo settings: %+v", doc)
		}
		data := api.GraphQL("/graphql", `{ tenantSettings { company { legalNameBn } } isEnabled(flag: "documents.bangla-mushak") }`, nil).Data(t)
		if !strings.Contains(string(data["tenantSettings"]), "পদ্মা") || string(data["isEnabled"]) != "true" {
			t.Fatalf("through the gateway: %s %s", data["tenantSettings"], data["isEnabled"])
		}
	})

	t.Run("a workflow runs on the embedded Temporal", func(t *testing.T) {
		w := worker.New(m.App.Temporal, "app-test", worker.Options{})
		w.RegisterWorkflow(greet)
		if err := w.Start(); err != nil {
			t.Fatal(err)
		}
		defer w.Stop()
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		run, err := m.App.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "greet-dhaka", TaskQueue: "app-test"}, greet, "Dhaka")
		if err != nil {
			t.Fatal(err)
		}
		var out string
		if err := run.Get(ctx, &out); err != nil || out != "salam Dhaka" {
			t.Fatalf("workflow answered %q, %v", out, err)
		}
	})
	t.Run("the workflow worker's SDK metrics are on /metrics", func(t *testing.T) {
		res, err := http.Get(m.InternalURL() + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		// Workers count per task queue; the client's requests under the
		// queue of whichever worker started first (the client asks for
		// the namespace once).
		queue := `task_queue="` + m.App.Config.Temporal.TaskQueue + `"`
		for name, labels := range map[string]string{"temporal_worker_start_total": queue, "temporal_poller_start_total": queue,
			"temporal_request_total": `client_name="temporal_go"`} {
			if v := temporaltest.Sample(string(body), name, labels); v < 1 {
				t.Errorf("%s{%s} = %v on /metrics, want >= 1", name, labels, v)
			}
		}
	})
	t.Run("a record round-trips through the embedded broker", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := kafkax.RoundTrip(ctx, m.App.Kafka, "vextrus.selftest"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("the public listener serves no subgraph, metrics or readiness details", func(t *testing.T) {
		token := devLogin(t, m.URL())
		for _, name := range []string{"auth", "masterdata", "rules", "settings", "workflow", "audit", "finance", "orders"} {
			for _, cred := range []string{"", token} {
				if status, body := post(t, m.URL()+"/graphql/"+name, cred, `{"query":"{ _service { sdl } }"}`); status != http.StatusNotFound {
					t.Errorf("POST /graphql/%s (credential %t): %d %s", name, cred != "", status, body)
				}
			}
		}
		if status, body := post(t, m.URL()+"/graphql", "", `{"query":"{ _service { sdl } }"}`); status != http.StatusUnauthorized {
			t.Errorf("anonymous _service through the gateway: %d %s", status, body)
		}
		res, err := http.Get(m.URL() + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		metrics, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == http.StatusOK || bytes.Contains(metrics, []byte("go_goroutines")) {
			t.Errorf("public /metrics answered %d", res.StatusCode)
		}
		// The internal one has the live heap a soak judges (bench/mixed).
		res, err = http.Get(m.InternalURL() + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		metrics, _ = io.ReadAll(res.Body)
		res.Body.Close()
		if !bytes.Contains(metrics, []byte("\ngo_gc_heap_live_bytes ")) || !bytes.Contains(metrics, []byte("\ngo_goroutines ")) {
			t.Errorf("internal /metrics has no go_gc_heap_live_bytes or go_goroutines")
		}
		status, r := readiness(t, m.URL())
		if status != http.StatusOK || r.Status != "ok" || len(r.Checks) != 0 {
			t.Errorf("public /readyz: %d %+v, want the status alone", status, r)
		}
		// The settings snapshot answers any tenant without a credential:
		// on the internal listener only.
		snapshot := "/internal/settings/snapshot/" + uuid.NewString()
		for base, want := range map[string]int{m.URL(): http.StatusNotFound, m.InternalURL(): http.StatusOK} {
			if r := apitest.New(t, base, nil).Do(http.MethodGet, snapshot, nil); r.Status != want {
				t.Errorf("GET %s%s: %d %s, want %d", base, snapshot, r.Status, r.Raw, want)
			}
		}
	})

	t.Run("every listener bounds request bodies, naming the limit", func(t *testing.T) {
		limit := m.App.Config.HTTP.MaxBodyBytes
		big := `{"query":"{ customers(first: 1) { edges { cursor } } }","pad":"` + strings.Repeat("x", int(limit)) + `"}`
		token := devLogin(t, m.URL())
		for _, url := range []string{m.URL() + "/api/v1/masterdata/customers", m.InternalURL() + "/graphql/masterdata", m.URL() + "/graphql"} {
			status, body := post(t, url, token, big)
			if status != http.StatusRequestEntityTooLarge || !bytes.Contains(body, []byte("INVALID_ARGUMENT")) ||
				!bytes.Contains(body, []byte(strconv.Itoa(int(limit)))) && !bytes.Contains(body, []byte("max_body_bytes")) {
				t.Errorf("%s with %d bytes: %d %s", url, len(big), status, body)
			}
		}
	})

	t.Run("one GraphQL request reaches every subgraph", func(t *testing.T) {
		api := newClient(t, m.URL(), devLogin(t, m.URL()))
		data := api.GraphQL("/graphql", `{ me { email } auditEvents(first: 1) { edges { node { type } } } myApprovals(first: 1) { edges { cursor } }
			ruleSets(first: 1) { edges { node { key } } } customers(first: 1) { edges { node { id } } }
			locations(first: 1) { pageInfo { hasNextPage } } }`, nil).Data(t)
		for _, f := range []string{"me", "auditEvents", "myApprovals", "ruleSets", "customers", "locations"} {
			if v := data[f]; len(v) == 0 || string(v) == "null" {
				t.Errorf("%s: %s", f, v)
			}
		}
		if !bytes.Contains(data["me"], []byte(app.DevAdmin)) {
			t.Errorf("me = %s", data["me"])
		}
	})

	t.Run("each master data mutation leaves exactly one audit entry, a failed one none", func(t *testing.T) {
		api := newClient(t, m.URL(), devLogin(t, m.URL()))
		const created = "vextrus.masterdata.customer.created.v1"
		customer := func(code, bin string) map[string]any {
			return map[string]any{"code": code, "name": "Padma Traders " + code, "type": "company", "bin": bin,
				"mobile": "01712345678", "creditLimit": map[string]string{"amount": "50000.00", "currency": "BDT"}}
		}
		r := api.Do(http.MethodPost, "/api/v1/masterdata/customers", customer("AUD-1", "0001234567890")).Want(t, http.StatusCreated)
		id, etag := r.Body["id"].(string), r.Header.Get("ETag")
		base := "/api/v1/masterdata/customers/" + id
		// Each failed mutation writes nothing.
		for _, f := range []struct {
			method, path string
			body         any
			ifMatch      string
			want         int
		}{
			{http.MethodPost, "/api/v1/masterdata/customers", customer("AUD-BAD", "12345"), "", http.StatusBadRequest},
			{http.MethodPost, "/api/v1/masterdata/customers", customer("AUD-1", "0001234567891"), "", http.StatusConflict},
			{http.MethodPatch, base, map[string]any{"name": "Stale"}, `"99"`, http.StatusPreconditionFailed},
			{http.MethodPost, "/api/v1/masterdata/customers/0190f5c6-0000-7000-8000-00000000dead/archive", nil, "", http.StatusNotFound},
		} {
			if r := api.Do(f.method, f.path, f.body, "If-Match", f.ifMatch); r.Status != f.want {
				t.Fatalf("%s %s: %d %s, want %d", f.method, f.path, r.Status, r.Raw, f.want)
			}
		}
		for _, ok := range []struct{ method, path, ifMatch string }{
			{http.MethodPatch, base, etag}, {http.MethodPost, base + "/archive", ""}, {http.MethodPost, base + "/restore", ""},
		} {
			var body any
			if ok.method == http.MethodPatch {
				body = map[string]any{"name": "Padma Traders Ltd"}
			}
			if r := api.Do(ok.method, ok.path, body, "If-Match", ok.ifMatch); r.Status != http.StatusOK {
				t.Fatalf("%s %s: %d %s", ok.method, ok.path, r.Status, r.Raw)
			}
		}
		// A later create is the barrier: dev's topics have one partition
		// and the relay publishes the outbox in order, so once its entry
		// is stored, anything a failed call had written before it would
		// be stored too.
		c2 := api.Do(http.MethodPost, "/api/v1/masterdata/customers", customer("AUD-2", "0001234567892")).Want(t, http.StatusCreated)
		waitAudit(t, api, "subject="+c2.Body["id"].(string), 1)
		var types []string
		for _, e := range waitAudit(t, api, "subject="+id, 4) {
			types = append(types, e["type"].(string))
		}
		want := []string{"vextrus.masterdata.customer.restored.v1", "vextrus.masterdata.customer.archived.v1",
			"vextrus.masterdata.customer.updated.v1", created}
		if !slices.Equal(types, want) {
			t.Fatalf("audit entries of %s, newest first: %v, want %v", id, types, want)
		}
		if got := waitAudit(t, api, "type="+created, 2); len(got) != 2 {
			t.Fatalf("%d customer.created entries, want 2 (the failed creates left none)", len(got))
		}
	})

	t.Run("the gateway's cached users follow auth's role changes", func(t *testing.T) {
		api := newClient(t, m.URL(), devLogin(t, m.URL()))
		// The previous subtest's customers were created by the admin.
		const q = `{ customers(first: 1) { edges { node { createdBy { id roles } } } } }`
		creator := func() (id string, roles []string) {
			var out struct {
				Edges []struct {
					Node struct {
						CreatedBy struct {
							ID    string
							Roles []string
						}
					}
				}
			}
			if err := json.Unmarshal(api.GraphQL("/graphql", q, nil).Data(t)["customers"], &out); err != nil || len(out.Edges) == 0 {
				t.Fatalf("customers: %v %+v", err, out)
			}
			c := out.Edges[0].Node.CreatedBy
			return c.ID, c.Roles
		}
		id, roles := creator()
		if slices.Contains(roles, "viewer") {
			t.Fatalf("the admin has roles %v already", roles)
		}
		creator() // served from the entity cache
		res, err := http.Get(m.InternalURL() + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		metrics, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if v := temporaltest.Sample(string(metrics), "vextrus_gateway_entity_cache_fetches_total", `result="hit",subgraph="auth"`); v < 1 {
			t.Fatalf("entity cache hits of auth = %v, want the second query's", v)
		}
		// Each change reaches the gateway through auth's event well within
		// the TTL, which alone would show it after up to 10 s.
		ttl := m.App.Config.Gateway.EntityCache.TTL
		for _, assign := range []bool{true, false} {
			if assign {
				if r := api.Do(http.MethodPost, "/api/v1/auth/users/"+id+"/roles", map[string]string{"role": "viewer"}); r.Status != http.StatusOK {
					t.Fatalf("assign viewer: %d %s", r.Status, r.Raw)
				}
			} else if r := api.Do(http.MethodDelete, "/api/v1/auth/users/"+id+"/roles/viewer", nil); r.Status != http.StatusOK {
				t.Fatalf("revoke viewer: %d %s", r.Status, r.Raw)
			}
			// Waiting less than the TTL: only auth's event can have shown it.
			testwait.For(t, ttl/2, fmt.Sprintf("viewer assigned = %v seen through the gateway", assign), func() bool {
				_, roles := creator()
				return slices.Contains(roles, "viewer") == assign
			})
		}
	})

	t.Run("events flow while requests hold every connection of the application pool", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		// The writer has a pool of its own: the application pool is taken.
		writer, err := db.Open(ctx, m.App.Config.Database.AppDSN(), db.Options{MaxConns: 1})
		if err != nil {
			t.Fatal(err)
		}
		defer writer.Close()
		release := make(chan struct{})
		var held, ended sync.WaitGroup
		for range m.App.Config.Database.MaxConns {
			held.Add(1)
			ended.Go(func() {
				err := m.App.DB.InTx(ctx, func(ctx context.Context, tx *db.Tx) error {
					_, err := tx.Exec(ctx, "select 1")
					held.Done()
					<-release
					return err
				})
				if err != nil {
					t.Errorf("hold a connection: %v", err)
				}
			})
		}
		held.Wait()
		defer func() { close(release); ended.Wait() }()

		// An outbox of this test has no relay in the process, so its commit
		// NOTIFYs the audit service's relay, which must still publish, and
		// the audit consumer must still store.
		outbox, err := events.NewOutbox("audit")
		if err != nil {
			t.Fatal(err)
		}
		tctx := tenant.With(ctx, tenant.New())
		subject := uuid.NewString()
		err = writer.InTenantTx(tctx, func(ctx context.Context, tx *db.Tx) error {
			return outbox.Append(ctx, tx, events.Draft{Type: "vextrus.audit.chain.verified.v1", Subject: subject,
				Data: map[string]any{"entries": 0, "ok": true}})
		})
		if err != nil {
			t.Fatal(err)
		}
		testwait.Until(t, 30*time.Second, "the event stored in the audit log while the application pool is taken", func() (bool, error) {
			var stored int
			err := writer.ReadTenant(tctx, func(ctx context.Context, tx *db.Tx) error {
				return tx.QueryRow(ctx, "select count(*) from audit.entries where subject = $1", subject).Scan(&stored)
			})
			return stored == 1, err
		})
	})

	t.Run("a settings change reaches another process without a restart", func(t *testing.T) {
		// The rules target alone, on the same engines, as `vextrus serve
		// --target=rules` runs it: its settings client reads through the
		// settings service's internal listener and hears changes on Kafka.
		cfg := m.App.Config
		cfg.HTTP.Addr, cfg.HTTP.InternalAddr = "127.0.0.1:0", "127.0.0.1:0"
		cfg.Services = map[string]app.ServiceEndpoint{app.Auth: {URL: m.URL()},
			app.Settings: {URL: m.URL(), InternalURL: m.InternalURL()}}
		other, err := app.NewMain(ctx, app.Options{Targets: []string{app.Rules}, Config: &cfg})
		if err != nil {
			t.Fatalf("start the rules process: %v", err)
		}
		defer other.Close()
		api := newClient(t, m.URL(), devLogin(t, m.URL()))
		var doc map[string]any
		r := api.Do(http.MethodGet, "/api/v1/settings/tenant", nil).Want(t, http.StatusOK)
		r.Decode(t, &doc)
		var me struct{ TenantID string }
		api.Do(http.MethodGet, "/api/v1/auth/me", nil).Want(t, http.StatusOK).Decode(t, &me)
		tid := tenant.MustParse(me.TenantID)
		clients := map[string]*tenantsettings.Client{"this process": m.App.TenantSettings, "the rules process": other.App.TenantSettings}
		for name, c := range clients {
			if loc, err := c.Location(ctx, tid); err != nil || loc.String() != "Asia/Dhaka" {
				t.Fatalf("%s before the change: %v %v", name, loc, err)
			}
		}
		doc["timezone"], doc["fiscalYearStartMonth"], doc["reason"] = "UTC", 1, "books on the calendar year"
		api.Do(http.MethodPut, "/api/v1/settings/tenant", doc, "If-Match", r.Header.Get("ETag")).Want(t, http.StatusOK)
		for name, c := range clients {
			testwait.For(t, 30*time.Second, name+" sees UTC and a January fiscal year", func() bool {
				st, err := c.Settings(ctx, tid)
				return err == nil && st.Timezone == "UTC" && st.FiscalYearStartMonth == 1
			})
		}
		_, _, label, err := other.App.TenantSettings.FiscalYear(ctx, tid, time.Date(2026, 12, 31, 20, 0, 0, 0, time.UTC))
		if err != nil || label != "2026" {
			t.Fatalf("the rules process's fiscal year of 31 December 2026: %q %v", label, err)
		}
	})

	pgURL, appPassword := m.App.Config.Database.URL, m.App.Config.Database.AppPassword
	if err := m.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	u, _ := url.Parse(pgURL)
	if c, err := net.DialTimeout("tcp", u.Host, time.Second); err == nil {
		c.Close()
		t.Fatalf("PostgreSQL still listens on %s after Close", u.Host)
	}
	if _, err := os.Stat(filepath.Join(dir, "postgres", "postmaster.pid")); !os.IsNotExist(err) {
		t.Fatalf("postmaster.pid left behind: %v", err)
	}

	// A second start reuses the data: the workflow of the first run is
	// still known to Temporal.
	m2, err := app.NewMain(ctx, app.Options{Dir: dir})
	if err != nil {
		t.Fatalf("restart: %v", err)
	}
	defer m2.Close()
	if _, err := m2.App.Temporal.DescribeWorkflowExecution(ctx, "greet-dhaka", ""); err != nil {
		t.Fatalf("workflow from the first run is gone: %v", err)
	}
	if status, r := readiness(t, m2.URL()); status != http.StatusOK {
		t.Fatalf("readyz after restart %d: %+v", status, r)
	}
	if m2.App.Config.Database.AppPassword != appPassword || m2.AppPasswordFile() != filepath.Join(dir, "app-password") {
		t.Errorf("the restart did not reuse the generated app password kept in %s", m2.AppPasswordFile())
	}
	if r := newClient(t, m2.URL(), loggedOut).Do(http.MethodGet, "/api/v1/masterdata/customers", nil); r.Status != http.StatusUnauthorized {
		t.Fatalf("a token logged out before the restart: %d %s, want 401", r.Status, r.Raw)
	}
}

// post sends body as JSON to url with an optional bearer token.
func post(t *testing.T, url, token, body string) (int, []byte) {
	t.Helper()
	r := apitest.New(t, url, nil).WithToken(token).Do(http.MethodPost, "", body)
	return r.Status, r.Raw
}

// devLogin logs in as the seeded dev admin and returns the access token.
func devLogin(t *testing.T, base string) string {
	t.Helper()
	return apitest.New(t, base, nil).Login(app.DevTenant, app.DevAdmin, "vextrus-dev").Token()
}

// newClient calls the system at base with token.
func newClient(t *testing.T, base, token string) *apitest.Client {
	return apitest.New(t, base, nil).WithToken(token)
}

// waitAudit lists the audit entries matching query until at least n are
// stored and returns them, newest first.
func waitAudit(t *testing.T, api *apitest.Client, query string, n int) []map[string]any {
	t.Helper()
	var page struct{ Items []map[string]any }
	testwait.For(t, 30*time.Second, fmt.Sprintf("%d audit entries of %s", n, query), func() bool {
		page.Items = nil
		api.Do(http.MethodGet, "/api/v1/audit/events?limit=100&"+query, nil).Want(t, http.StatusOK).Decode(t, &page)
		return len(page.Items) >= n
	})
	return page.Items
}

// TestEnvExampleIsComplete keeps .env.example in step with the
// configuration: regenerate it with `go run ./cmd/vextrus config env-example > .env.example`.
func TestEnvExampleIsComplete(t *testing.T) {
	cfg := app.DefaultConfig()
	var want bytes.Buffer
	if err := config.WriteEnvExample(&want, &cfg); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join("..", "..", ".env.example"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatal(".env.example is stale: run `go run ./cmd/vextrus config env-example > .env.example`")
	}
}
