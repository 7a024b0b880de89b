package app_test

import (
	"bytes"
	"context"
	"encoding/json"
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
	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/temporalx/temporaltest"
	"github.com/vextrus/vextrus/internal/platform/tenant"
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

// TestDevStackRunsAndRestartsOnItsData starts the whole system on embedded
// engines, checks every dependency is ready and works, stops it, and
// starts it again on the same data.
func TestDevStackRunsAndRestartsOnItsData(t *testing.T) {
	// PostgreSQL may run as the postgres OS user, who must reach the data:
	// t.TempDir's parent is private, so make a reachable directory.
	dir, err := os.MkdirTemp("", "vextrus-apptest-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
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
		if status, body, _ := leaving.do(http.MethodGet, "/api/v1/masterdata/customers", nil, ""); status != http.StatusOK {
			t.Fatalf("before logout: %d %v", status, body)
		}
		if status, body, _ := leaving.do(http.MethodPost, "/api/v1/auth/logout", nil, ""); status != http.StatusNoContent {
			t.Fatalf("logout: %d %v", status, body)
		}
		testwait.For(t, 5*time.Second, "the logged-out token refused", func() bool {
			status, _, _ := leaving.do(http.MethodGet, "/api/v1/masterdata/customers", nil, "")
			return status == http.StatusUnauthorized
		})
		if status, body, _ := staying.do(http.MethodGet, "/api/v1/masterdata/customers", nil, ""); status != http.StatusOK {
			t.Fatalf("the user's other session: %d %v", status, body)
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
		labels := `task_queue="` + m.App.Config.Temporal.TaskQueue + `"`
		for _, name := range []string{"temporal_worker_start_total", "temporal_poller_start_total", "temporal_request_total"} {
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
		for _, name := range []string{"auth", "masterdata", "rules", "workflow", "audit"} {
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
		status, r := readiness(t, m.URL())
		if status != http.StatusOK || r.Status != "ok" || len(r.Checks) != 0 {
			t.Errorf("public /readyz: %d %+v, want the status alone", status, r)
		}
	})

	t.Run("every listener bounds request bodies, naming the limit", func(t *testing.T) {
		limit := m.App.Config.HTTP.MaxBodyBytes
		big := `{"query":"{ customers(first: 1) { edges { cursor } } }","pad":"` + strings.Repeat("x", int(limit)) + `"}`
		token := devLogin(t, m.URL())
		for _, url := range []string{m.URL() + "/api/v1/masterdata/customers", m.InternalURL() + "/graphql/masterdata", m.URL() + "/graphql"} {
			status, body := post(t, url, token, big)
			if status != http.StatusBadRequest || !bytes.Contains(body, []byte("INVALID_ARGUMENT")) ||
				!bytes.Contains(body, []byte(strconv.Itoa(int(limit)))) && !bytes.Contains(body, []byte("max_body_bytes")) {
				t.Errorf("%s with %d bytes: %d %s", url, len(big), status, body)
			}
		}
	})

	t.Run("one GraphQL request reaches every subgraph", func(t *testing.T) {
		api := newClient(t, m.URL(), devLogin(t, m.URL()))
		data := api.graphql(`{ me { email } auditEvents(first: 1) { edges { node { type } } } myApprovals(first: 1) { edges { cursor } }
			ruleSets(first: 1) { edges { node { key } } } customers(first: 1) { edges { node { id } } } }`)
		for _, f := range []string{"me", "auditEvents", "myApprovals", "ruleSets", "customers"} {
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
		status, c1, h := api.do(http.MethodPost, "/api/v1/masterdata/customers", customer("AUD-1", "0001234567890"), "")
		if status != http.StatusCreated {
			t.Fatalf("create: %d %v", status, c1)
		}
		id, etag := c1["id"].(string), h.Get("ETag")
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
			if status, body, _ := api.do(f.method, f.path, f.body, f.ifMatch); status != f.want {
				t.Fatalf("%s %s: %d %v, want %d", f.method, f.path, status, body, f.want)
			}
		}
		for _, ok := range []struct{ method, path, ifMatch string }{
			{http.MethodPatch, base, etag}, {http.MethodPost, base + "/archive", ""}, {http.MethodPost, base + "/restore", ""},
		} {
			var body any
			if ok.method == http.MethodPatch {
				body = map[string]any{"name": "Padma Traders Ltd"}
			}
			if status, out, _ := api.do(ok.method, ok.path, body, ok.ifMatch); status != http.StatusOK {
				t.Fatalf("%s %s: %d %v", ok.method, ok.path, status, out)
			}
		}
		// A later create is the barrier: once its entry is stored, wait a
		// little more for anything a failed call might have sent.
		status, c2, _ := api.do(http.MethodPost, "/api/v1/masterdata/customers", customer("AUD-2", "0001234567892"), "")
		if status != http.StatusCreated {
			t.Fatalf("create: %d %v", status, c2)
		}
		api.waitAudit("subject="+c2["id"].(string), 1)
		time.Sleep(time.Second)
		var types []string
		for _, e := range api.waitAudit("subject="+id, 4) {
			types = append(types, e["type"].(string))
		}
		want := []string{"vextrus.masterdata.customer.restored.v1", "vextrus.masterdata.customer.archived.v1",
			"vextrus.masterdata.customer.updated.v1", created}
		if !slices.Equal(types, want) {
			t.Fatalf("audit entries of %s, newest first: %v, want %v", id, types, want)
		}
		if got := api.waitAudit("type="+created, 2); len(got) != 2 {
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
			if err := json.Unmarshal(api.graphql(q)["customers"], &out); err != nil || len(out.Edges) == 0 {
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
			start := time.Now()
			if assign {
				if status, out, _ := api.do(http.MethodPost, "/api/v1/auth/users/"+id+"/roles", map[string]string{"role": "viewer"}, ""); status != http.StatusOK {
					t.Fatalf("assign viewer: %d %v", status, out)
				}
			} else if status, out, _ := api.do(http.MethodDelete, "/api/v1/auth/users/"+id+"/roles/viewer", nil, ""); status != http.StatusOK {
				t.Fatalf("revoke viewer: %d %v", status, out)
			}
			for {
				if _, roles := creator(); slices.Contains(roles, "viewer") == assign {
					break
				}
				if time.Since(start) > ttl/2 {
					t.Fatalf("viewer assigned = %v not seen through the gateway after %v (entity cache TTL %v)", assign, time.Since(start), ttl)
				}
				time.Sleep(20 * time.Millisecond)
			}
			t.Logf("role change (assign %v) seen through the gateway after %v", assign, time.Since(start).Round(time.Millisecond))
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
		for {
			var stored int
			err := writer.ReadTenant(tctx, func(ctx context.Context, tx *db.Tx) error {
				return tx.QueryRow(ctx, "select count(*) from audit.entries where subject = $1", subject).Scan(&stored)
			})
			if err != nil {
				t.Fatal(err)
			}
			if stored == 1 {
				return
			}
			select {
			case <-ctx.Done():
				t.Fatalf("the event was not stored in the audit log while the application pool was taken (%d entries)", stored)
			case <-time.After(100 * time.Millisecond):
			}
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
	if status, body, _ := newClient(t, m2.URL(), loggedOut).do(http.MethodGet, "/api/v1/masterdata/customers", nil, ""); status != http.StatusUnauthorized {
		t.Fatalf("a token logged out before the restart: %d %v, want 401", status, body)
	}
}

// devLogin logs in as the seeded dev admin and returns the access token.
// post sends body as JSON with an optional bearer token.
func post(t *testing.T, url, token, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, out
}

func devLogin(t *testing.T, base string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"tenant": app.DevTenant, "email": app.DevAdmin, "password": "vextrus-dev"})
	res, err := http.Post(base+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		AccessToken string `json:"accessToken"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != http.StatusOK || out.AccessToken == "" {
		t.Fatalf("dev login: status %d, %v", res.StatusCode, err)
	}
	return out.AccessToken
}

// restClient calls the system's REST API with a token.
type restClient struct {
	t           *testing.T
	base, token string
}

func newClient(t *testing.T, base, token string) *restClient { return &restClient{t, base, token} }

// do sends body as JSON (nil: none) and decodes a JSON object answer.
func (c *restClient) do(method, path string, body any, ifMatch string) (int, map[string]any, http.Header) {
	c.t.Helper()
	var rd *bytes.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	out := map[string]any{}
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out, res.Header
}

// graphql posts query to the gateway and returns its data, failing the
// test on any error.
func (c *restClient) graphql(query string) map[string]json.RawMessage {
	c.t.Helper()
	body, _ := json.Marshal(map[string]string{"query": query})
	req, _ := http.NewRequest(http.MethodPost, c.base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Data   map[string]json.RawMessage `json:"data"`
		Errors []json.RawMessage          `json:"errors"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		c.t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || len(out.Errors) > 0 {
		c.t.Fatalf("status %d, errors %s", res.StatusCode, out.Errors)
	}
	return out.Data
}

// waitAudit lists the audit entries matching query until at least n are
// stored (30 s at most) and returns them, newest first.
func (c *restClient) waitAudit(query string, n int) []map[string]any {
	c.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		status, out, _ := c.do(http.MethodGet, "/api/v1/audit/events?limit=100&"+query, nil, "")
		items, _ := out["items"].([]any)
		if status == http.StatusOK && (len(items) >= n || time.Now().After(deadline)) {
			entries := make([]map[string]any, len(items))
			for i, it := range items {
				entries[i] = it.(map[string]any)
			}
			return entries
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("audit %s: status %d %v", query, status, out)
		}
		time.Sleep(50 * time.Millisecond)
	}
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
