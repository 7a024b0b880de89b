package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/topology"
)

// splitOwnerPassword is the split tenant's owner's: `vextrus tenant create`
// holds it to the password policy, which dev's seeded admin skips.
const splitOwnerPassword = "bench-Owner-Password-2026"

// splitScenario is the graphql scenario's load against the split
// topology (every public target its own `vextrus serve` process on shared
// engines, the layout of Compose), beside the same load against the
// all-in-one process: the ratio is the cost of the network hops between
// the gateway and its subgraphs, and between the subgraphs and auth.
//
// The vextrus binary is built with `go build ./cmd/vextrus` unless
// VEXTRUS_BENCH_BINARY names one.
func splitScenario(sys *inProcess) load.Scenario {
	return load.Scenario{
		Name: "graphql-split",
		Description: "POST /graphql as in graphql, against every target as its own `vextrus serve` process, " +
			"beside the same against the all-in-one process",
		Setup:    splitSetup,
		Baseline: graphqlSetup(sys, false, "/graphql", graphqlQuery),
	}
}

// splitLimits widen the gateway's rate limits a hundredfold, as dev does
// for the all-in-one process the baseline runs: the bench's callers log in
// from one address and drive one tenant.
var splitLimits = []string{
	"VEXTRUS_GATEWAY_TENANT_RATE=200000", "VEXTRUS_GATEWAY_TENANT_BURST=400000",
	"VEXTRUS_GATEWAY_USER_RATE=20000", "VEXTRUS_GATEWAY_USER_BURST=40000",
	"VEXTRUS_GATEWAY_ANONYMOUS_RATE=1000", "VEXTRUS_GATEWAY_ANONYMOUS_BURST=3000",
}

// splitSetup starts the topology, creates the bench tenant as a platform
// administrator would, seeds the customers and the callers, and returns
// the graphql target on the split gateway.
func splitSetup(ctx context.Context, env *load.Env) (load.Target, error) {
	dir, err := os.MkdirTemp("", "vextrus-split-")
	if err != nil {
		return nil, err
	}
	env.Defer(func() error { return os.RemoveAll(dir) })
	bin, err := splitBinary(ctx, dir)
	if err != nil {
		return nil, err
	}
	fmt.Fprintln(os.Stderr, "starting every target as its own process...")
	top, err := topology.Start(ctx, topology.Options{Binary: bin, Dir: dir, ReadyTimeout: 3 * time.Minute, Env: splitLimits})
	if err != nil {
		return nil, err
	}
	env.Defer(top.Stop)
	if err := top.CreateTenant(ctx, app.DevTenant, "Demo Trading Ltd", app.DevAdmin, splitOwnerPassword); err != nil {
		return nil, err
	}
	base := top.GatewayURL()
	api := &apiClient{client: env.Client, base: base}
	var out struct {
		AccessToken string `json:"accessToken"`
	}
	login := fmt.Sprintf(`{"tenant":%q,"email":%q,"password":%q}`, app.DevTenant, app.DevAdmin, splitOwnerPassword)
	if err := api.call(ctx, http.MethodPost, "/api/v1/auth/login", login, &out); err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	md := &masterdataTarget{client: env.Client, base: base + "/api/v1/masterdata/customers", token: out.AccessToken,
		internal: top.InternalURL(app.Masterdata)}
	if err := md.seed(ctx); err != nil {
		return nil, err
	}
	// The import's events go to audit's process: wait for its lag too.
	if err := settle(ctx, env.Client, top.InternalURL(app.Audit)); err != nil {
		return nil, err
	}
	tokens, err := benchCallers(ctx, env.Client, base, out.AccessToken)
	if err != nil {
		return nil, err
	}
	body, _ := json.Marshal(map[string]string{"query": graphqlQuery})
	t := &authedCall{api: &apiClient{client: env.Client, base: base}, method: http.MethodPost, path: "/graphql",
		tokens: tokens, body: body, graphql: true}
	return t, t.Do(ctx, nil)
}

// splitBinary is VEXTRUS_BENCH_BINARY, or vextrus built into dir (the
// split, outage and crash runs start it as child processes).
func splitBinary(ctx context.Context, dir string) (string, error) {
	if bin := os.Getenv("VEXTRUS_BENCH_BINARY"); bin != "" {
		return bin, nil
	}
	bin := filepath.Join(dir, "vextrus")
	fmt.Fprintln(os.Stderr, "building ./cmd/vextrus (VEXTRUS_BENCH_BINARY skips this)...")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/vextrus")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build vextrus: %w", err)
	}
	return bin, nil
}
