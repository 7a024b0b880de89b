package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
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
	status, r := readiness(t, m.URL())
	if status != http.StatusOK {
		t.Fatalf("readyz %d: %+v", status, r)
	}
	for _, dep := range []string{"postgres", "kafka", "temporal"} {
		if r.Checks[dep].Status != "ok" {
			t.Errorf("%s: %+v", dep, r.Checks[dep])
		}
	}

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
	t.Run("a record round-trips through the embedded broker", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := kafkax.RoundTrip(ctx, m.App.Kafka, "vextrus.selftest"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("one GraphQL request reaches every subgraph", func(t *testing.T) {
		token := devLogin(t, m.URL())
		q := `{ me { email } auditEvents(first: 1) { edges { node { type } } } myApprovals(first: 1) { edges { cursor } }
			ruleSets(first: 1) { edges { node { key } } } customers(first: 1) { edges { node { id } } } }`
		body, _ := json.Marshal(map[string]string{"query": q})
		req, _ := http.NewRequest(http.MethodPost, m.URL()+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out struct {
			Data   map[string]json.RawMessage `json:"data"`
			Errors []json.RawMessage          `json:"errors"`
		}
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusOK || len(out.Errors) > 0 {
			t.Fatalf("status %d, errors %s", res.StatusCode, out.Errors)
		}
		for _, f := range []string{"me", "auditEvents", "myApprovals", "ruleSets", "customers"} {
			if v := out.Data[f]; len(v) == 0 || string(v) == "null" {
				t.Errorf("%s: %s", f, v)
			}
		}
		if !bytes.Contains(out.Data["me"], []byte(app.DevAdmin)) {
			t.Errorf("me = %s", out.Data["me"])
		}
	})

	pgURL := m.App.Config.Database.URL
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
}

// devLogin logs in as the seeded dev admin and returns the access token.
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
