package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	sdkworkflow "go.temporal.io/sdk/workflow"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/internal/platform/temporalx"
	"github.com/vextrus/vextrus/internal/platform/temporalx/devserver"
)

// workflowScenarios measure approvals on the file-backed embedded Temporal
// server: starting one through the API (rules evaluation, projection
// write, workflow start), and starting it and waiting until the
// auto-approving chain completed it (activities: projection, outbox,
// callback). Each baseline is the raw SDK on a fresh file-backed dev
// server of the same configuration: ExecuteWorkflow of an empty workflow,
// then also its result.
func workflowScenarios(sys *inProcess) []load.Scenario {
	return []load.Scenario{
		{
			Name:        "workflow",
			Description: "POST /api/v1/workflow/approvals (auto-approving chain), beside raw SDK ExecuteWorkflow on a dev server",
			Setup: func(ctx context.Context, env *load.Env) (load.Target, error) {
				return setupApprovals(ctx, env, sys, false)
			},
			Baseline: rawSDK(false),
		},
		{
			Name:        "workflow-complete",
			Description: "start an approval through the API and wait for its completion, beside raw SDK ExecuteWorkflow + Get",
			Setup: func(ctx context.Context, env *load.Env) (load.Target, error) {
				return setupApprovals(ctx, env, sys, true)
			},
			Baseline: rawSDK(true),
		},
	}
}

// autoChain is a one-level chain whose level the system approves.
const autoChain = "approval.chain.bench_auto"

func setupApprovals(ctx context.Context, env *load.Env, sys *inProcess, wait bool) (load.Target, error) {
	api, _, err := benchAPI(ctx, env)
	if err != nil {
		return nil, err
	}
	if err := ensureAutoChain(ctx, api); err != nil {
		return nil, err
	}
	t := &approvalTarget{api: api, wait: wait, run: time.Now().UnixNano()}
	if sys.main != nil {
		t.temporal = sys.main.App.Temporal
	}
	if err := t.Do(ctx, &load.VirtualUser{}); err != nil {
		return nil, fmt.Errorf("first approval: %w", err)
	}
	return t, nil
}

func ensureAutoChain(ctx context.Context, api *apiClient) error {
	set, _ := json.Marshal(map[string]any{"key": autoChain, "name": "Bench auto approval",
		"inputSchema":  []map[string]any{{"name": "amount", "type": "decimal", "required": true}, {"name": "department", "type": "string"}},
		"outputSchema": []map[string]any{{"name": "role", "type": "string"}, {"name": "mode", "type": "string"}, {"name": "slaHours", "type": "int"}}})
	err := api.call(ctx, http.MethodPost, "/api/v1/rules/rulesets", string(set), nil)
	if se, ok := err.(*statusError); ok && se.status == http.StatusConflict {
		return nil
	}
	if err != nil {
		return fmt.Errorf("create chain: %w", err)
	}
	draft, _ := json.Marshal(map[string]any{"hitPolicy": "COLLECT", "collectAs": "levels", "effectiveFrom": "2020-01-01",
		"reference": "bench", "tests": []any{}, "rows": []map[string]any{{"description": "system approves", "condition": "true",
			"outputs": map[string]string{"role": `"system"`, "mode": `"auto"`, "slaHours": "1"}}}})
	if err := api.call(ctx, http.MethodPost, "/api/v1/rules/rulesets/"+autoChain+"/versions", string(draft), nil); err != nil {
		return fmt.Errorf("create chain draft: %w", err)
	}
	if err := api.call(ctx, http.MethodPost, "/api/v1/rules/rulesets/"+autoChain+"/versions/1/publish", "", nil); err != nil {
		return fmt.Errorf("publish chain: %w", err)
	}
	return nil
}

// approvalTarget submits a new document per action and, when wait is
// set, waits for the approval's workflow to finish: on the in-process
// system through the Temporal client (a long poll), against a remote one
// by reading the approval until it is approved.
type approvalTarget struct {
	api      *apiClient
	temporal client.Client
	wait     bool
	run      int64
	seq      atomic.Int64
}

func (t *approvalTarget) Do(ctx context.Context, vu *load.VirtualUser) error {
	body, _ := json.Marshal(map[string]any{"document": map[string]any{"service": "bench", "type": "bench_auto",
		"id": fmt.Sprintf("%d-%d-%d", t.run, vu.ID, t.seq.Add(1)), "amount": map[string]string{"amount": "1000.00", "currency": "BDT"}}})
	var a struct {
		ID         string `json:"id"`
		WorkflowID string `json:"workflowId"`
		Status     string `json:"status"`
	}
	if err := t.post(ctx, "/api/v1/workflow/approvals", body, &a); err != nil {
		return err
	}
	if t.wait && t.temporal != nil {
		return t.temporal.GetWorkflow(ctx, a.WorkflowID, "").Get(ctx, nil)
	}
	for t.wait && a.Status != "approved" {
		if err := t.api.call(ctx, http.MethodGet, "/api/v1/workflow/approvals/"+a.ID, "", &a); err != nil {
			return err
		}
	}
	return nil
}

func (t *approvalTarget) post(ctx context.Context, path string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.api.base+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+t.api.token)
	resp, err := t.api.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		return &statusError{status: resp.StatusCode, body: string(b)}
	}
	return json.Unmarshal(b, out)
}

// emptyWorkflow is the baseline's workflow: one task, no activity.
func emptyWorkflow(sdkworkflow.Context) error { return nil }

// rawSDK starts a file-backed dev server with the same tuning and drives
// it with the SDK alone, its worker in this process.
func rawSDK(wait bool) load.SetupFunc {
	return func(ctx context.Context, env *load.Env) (load.Target, error) {
		c, queue, err := rawTemporal(ctx, env, func(w worker.Worker) {
			w.RegisterWorkflowWithOptions(emptyWorkflow, sdkworkflow.RegisterOptions{Name: "empty"})
		})
		if err != nil {
			return nil, err
		}
		return &sdkTarget{c: c, queue: queue, wait: wait, run: time.Now().UnixNano()}, nil
	}
}

// rawTemporal starts a file-backed dev server of the embedded
// configuration and a client and worker of it in this process, with the
// workflows register adds; they stop when the run ends.
func rawTemporal(ctx context.Context, env *load.Env, register func(worker.Worker)) (client.Client, string, error) {
	dir, err := os.MkdirTemp("", "vextrus-bench-temporal-")
	if err != nil {
		return nil, "", err
	}
	env.Defer(func() error { return os.RemoveAll(dir) })
	srv, err := devserver.Start(ctx, devserver.Options{DBFile: filepath.Join(dir, "temporal.sqlite"), UIPort: -1})
	if err != nil {
		return nil, "", err
	}
	env.Defer(srv.Stop)
	cfg := temporalx.DefaultConfig()
	cfg.Address = srv.FrontendAddr()
	c, err := temporalx.Dial(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, "", err
	}
	env.Defer(func() error { c.Close(); return nil })
	w := worker.New(c, cfg.TaskQueue, worker.Options{})
	register(w)
	if err := w.Start(); err != nil {
		return nil, "", err
	}
	env.Defer(func() error { w.Stop(); return nil })
	return c, cfg.TaskQueue, nil
}

type sdkTarget struct {
	c     client.Client
	queue string
	wait  bool
	run   int64
	seq   atomic.Int64
}

func (t *sdkTarget) Do(ctx context.Context, vu *load.VirtualUser) error {
	run, err := t.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: fmt.Sprintf("raw-%d-%d-%d", t.run, vu.ID, t.seq.Add(1)), TaskQueue: t.queue, EnableEagerStart: true,
	}, "empty")
	if err != nil || !t.wait {
		return err
	}
	return run.Get(ctx, nil)
}
