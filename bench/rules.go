package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/rules"
)

// rulesScenario measures the rules engine on a 20-row decision table that
// matches at row 18: first cached evaluations per second in process
// (Service.Evaluate with its programs cached: permission check, input
// binding, one CEL program, outputs), on one goroutine and on every core;
// then POST /api/v1/rules/{key}/evaluate through the whole HTTP stack,
// token verification included, under the harness's load.
func rulesScenario(sys *inProcess) load.Scenario {
	return load.Scenario{
		Name:        "rules",
		Description: "cached in-process evaluations/s of a 20-row table, then POST /api/v1/rules/{key}/evaluate, beside a bare net/http handler",
		Setup:       func(ctx context.Context, env *load.Env) (load.Target, error) { return setupRules(ctx, env, sys) },
		Baseline:    load.BareHTTP("/api/v1/rules/bench.shipping/evaluate"),
	}
}

const benchKey = "bench.shipping"

// benchInput matches row 18 of the table, so a FIRST evaluation tests 19
// conditions.
var benchInput = map[string]any{"zone": "zone17", "weight": "12.500", "express": false, "tags": []string{"fragile", "bulk"}}

func setupRules(ctx context.Context, env *load.Env, sys *inProcess) (load.Target, error) {
	api, tid, err := benchAPI(ctx, env)
	if err != nil {
		return nil, err
	}
	if err := api.ensureTable(ctx); err != nil {
		return nil, err
	}
	body, _ := json.Marshal(map[string]any{"input": benchInput})
	t := &evaluateTarget{api: api, url: api.base + "/api/v1/rules/" + benchKey + "/evaluate", body: body}
	if err := t.Do(ctx, nil); err != nil {
		return nil, fmt.Errorf("first evaluation: %w", err)
	}
	if err := inProcessThroughput(ctx, sys, tid); err != nil {
		return nil, err
	}
	return t, nil
}

// benchLogin logs in as the dev admin and returns the token and its tenant.
func benchLogin(ctx context.Context, client *http.Client, base string) (string, tenant.ID, error) {
	body := fmt.Sprintf(`{"tenant":%q,"email":%q,"password":%q}`, app.DevTenant, app.DevAdmin, app.DefaultConfig().Dev.AdminPassword)
	var out struct {
		AccessToken string `json:"accessToken"`
	}
	api := &apiClient{client: client, base: base}
	if err := api.call(ctx, http.MethodPost, "/api/v1/auth/login", body, &out); err != nil {
		return "", tenant.Nil, fmt.Errorf("login: %w", err)
	}
	parts := strings.Split(out.AccessToken, ".")
	if len(parts) != 3 {
		return "", tenant.Nil, errors.New("login: the access token is not a JWT")
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	var claims struct {
		Tenant string `json:"tid"`
	}
	if err != nil || json.Unmarshal(payload, &claims) != nil {
		return "", tenant.Nil, errors.New("login: unreadable token claims")
	}
	tid, err := tenant.Parse(claims.Tenant)
	return out.AccessToken, tid, err
}

// benchRows is the 20-row table: 19 zone rows, then a fallback.
func benchRows() []map[string]any {
	var rows []map[string]any
	for i := 0; i < 19; i++ {
		rows = append(rows, map[string]any{
			"description": fmt.Sprintf("zone %d", i),
			"condition":   fmt.Sprintf(`zone == "zone%d" && weight > %d && !express && !("hazmat" in tags)`, i, i%5),
			"outputs": map[string]string{"fee": fmt.Sprintf(`round(weight * %d + decimal("%d.50"), 2)`, 10+i, 50+i),
				"carrier": fmt.Sprintf(`"carrier%d"`, i%3)},
		})
	}
	rows = append(rows, map[string]any{"description": "fallback", "condition": "true",
		"outputs": map[string]string{"fee": `decimal("500")`, "carrier": `"post"`}})
	return rows
}

// inProcessThroughput evaluates the table with a rules.Service of this
// process on the system's database, programs cached, for a few seconds on
// one goroutine and then on every core, and prints the rates.
func inProcessThroughput(ctx context.Context, sys *inProcess, tid tenant.ID) error {
	m := sys.main
	if m == nil {
		fmt.Fprintln(os.Stderr, "rules: in-process evaluations skipped (the system runs elsewhere: -target)")
		return nil
	}
	svc, err := rules.New(rules.Deps{DB: m.App.DB})
	if err != nil {
		return err
	}
	p := &authz.Principal{UserID: "bench", Tenant: tid, Permissions: map[string]bool{rules.PermEvaluate: true}}
	ctx = authz.With(ctx, p)
	req := rules.Request{Input: benchInput}
	if _, err := svc.Evaluate(ctx, benchKey, req); err != nil { // load and compile once
		return fmt.Errorf("in-process evaluation: %w", err)
	}
	perCPU := evaluationsPerCPUSecond(ctx, svc, req)
	one := evaluationsPerSecond(ctx, svc, req, 1)
	procs := maxProcs()
	all := evaluationsPerSecond(ctx, svc, req, procs)
	fmt.Printf("rules in process (20-row table, cached): %.0f evaluations per CPU-second of one core; wall clock %.0f/s on 1 goroutine, %.0f/s on %d goroutines\n",
		perCPU, one, all, procs)
	return nil
}
