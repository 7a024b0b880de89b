package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// settingsScenario measures how long a tenant's settings change takes to
// be visible everywhere: PUT /api/v1/settings/tenant on the system, then
// wait until the cached settings clients of both its process and a second
// process (the rules target alone, on the same engines, reading through
// the settings service's internal listener) answer the new version. The
// change passes the outbox, the relay, the broker and each process's
// listener, which drops the tenant's copy; the next read loads the new one.
// Changes to one tenant's document are serial (each If-Match names the
// version the last one made), so the users take turns. The baseline is the
// same PUT without waiting.
//
//	go run ./bench settings -users 1 -think 0 -duration 30s
func settingsScenario(sys *inProcess) load.Scenario {
	return load.Scenario{
		Name:        "settings",
		Description: "PUT tenant settings, then until both processes' cached clients see it, beside the PUT alone",
		Setup: func(ctx context.Context, env *load.Env) (load.Target, error) {
			return setupSettings(ctx, env, sys, true)
		},
		Baseline: func(ctx context.Context, env *load.Env) (load.Target, error) {
			return setupSettings(ctx, env, sys, false)
		},
	}
}

type settingsTarget struct {
	api     *apiClient
	tenant  tenant.ID
	clients []*tenantsettings.Client
	wait    bool

	mu      sync.Mutex
	doc     map[string]any
	terms   int
	visible *load.Histogram
}

func setupSettings(ctx context.Context, env *load.Env, sys *inProcess, wait bool) (load.Target, error) {
	base, err := env.SystemURL(ctx)
	if err != nil {
		return nil, err
	}
	if err := load.WaitReady(ctx, env.Client, base+"/readyz", 2*time.Minute); err != nil {
		return nil, fmt.Errorf("system not ready: %w", err)
	}
	if sys.main == nil {
		return nil, errors.New("settings: the scenario watches the processes' caches, so it needs the system it starts (no -target)")
	}
	token, tid, err := benchLogin(ctx, env.Client, base)
	if err != nil {
		return nil, err
	}
	t := &settingsTarget{api: &apiClient{client: env.Client, base: base, token: token}, tenant: tid, wait: wait,
		visible: &load.Histogram{}, clients: []*tenantsettings.Client{sys.main.App.TenantSettings}}
	if wait {
		other, err := startRulesProcess(ctx, sys.main)
		if err != nil {
			return nil, err
		}
		env.Defer(other.Close)
		t.clients = append(t.clients, other.App.TenantSettings)
		env.Defer(func() error { t.report(os.Stdout); return nil })
	}
	if err := t.api.call(ctx, http.MethodGet, "/api/v1/settings/tenant", "", &t.doc); err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	return t, t.Do(ctx, nil)
}

// startRulesProcess starts the rules target on the engines of m, as
// `vextrus serve --target=rules` would on another machine.
func startRulesProcess(ctx context.Context, m *app.Main) (*app.Main, error) {
	cfg := m.App.Config
	cfg.HTTP.Addr, cfg.HTTP.InternalAddr = "127.0.0.1:0", "127.0.0.1:0"
	cfg.Services = map[string]app.ServiceEndpoint{
		app.Auth:     {URL: m.URL(), InternalURL: m.InternalURL()},
		app.Settings: {URL: m.URL(), InternalURL: m.InternalURL()},
	}
	other, err := app.NewMain(ctx, app.Options{Targets: []string{app.Rules}, Config: &cfg})
	if err != nil {
		return nil, fmt.Errorf("start the rules process: %w", err)
	}
	return other, nil
}

// Do makes one change and, in the scenario, waits until every process
// sees it.
func (t *settingsTarget) Do(ctx context.Context, _ *load.VirtualUser) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	version, err := t.put(ctx)
	if err != nil || !t.wait {
		return err
	}
	changed := time.Now()
	for _, c := range t.clients {
		for {
			snap, err := c.Snapshot(ctx, t.tenant)
			if err != nil {
				return err
			}
			if snap.Version >= version {
				break
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			time.Sleep(100 * time.Microsecond)
		}
	}
	t.visible.RecordDuration(time.Since(changed))
	return nil
}

// put changes the payment terms of the document the last change answered
// (no GET before each change: it would add a round trip to the measure),
// keeps the new one and returns its version.
func (t *settingsTarget) put(ctx context.Context) (int64, error) {
	t.terms = t.terms%90 + 1
	defaults, _ := t.doc["defaults"].(map[string]any)
	defaults["paymentTermsDays"] = t.terms
	t.doc["reason"] = "bench: payment terms"
	raw, _ := json.Marshal(t.doc)
	b, err := t.api.send(ctx, http.MethodPut, "/api/v1/settings/tenant", "application/json", raw, t.api.token,
		"If-Match", strconv.Quote(strconv.FormatInt(t.version(), 10)))
	if err != nil {
		return 0, err
	}
	if err := json.Unmarshal(b, &t.doc); err != nil {
		return 0, err
	}
	return t.version(), nil
}

// version is the version of the document the last change answered.
func (t *settingsTarget) version() int64 {
	v, _ := t.doc["version"].(float64)
	return int64(v)
}

// report prints change → visible in both processes over the whole run.
func (t *settingsTarget) report(w io.Writer) {
	t.mu.Lock()
	defer t.mu.Unlock()
	h := t.visible
	fmt.Fprintf(w, "settings change → visible in both processes (warm-up included): n=%d p50=%.2fms p95=%.2fms p99=%.2fms max=%.2fms\n",
		h.Count(), mdMillis(h.QuantileDuration(0.50)), mdMillis(h.QuantileDuration(0.95)), mdMillis(h.QuantileDuration(0.99)),
		mdMillis(time.Duration(h.Max())))
}
