package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/rules"
)

// apiClient calls the system's APIs with a bearer token: every scenario's
// requests go through send.
type apiClient struct {
	client *http.Client
	base   string
	token  string
}

// send makes one request with token (none when empty) and headers (name,
// value pairs), and answers the body of a 2xx, or a *statusError.
func (a *apiClient) send(ctx context.Context, method, path, ctype string, body []byte, token string, headers ...string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		return nil, &statusError{status: resp.StatusCode, body: string(b)}
	}
	return b, nil
}

// call sends a JSON body with the client's token and decodes the answer
// into out (nil: ignored).
func (a *apiClient) call(ctx context.Context, method, path, body string, out any) error {
	b, err := a.send(ctx, method, path, "application/json", []byte(body), a.token)
	if err != nil || out == nil {
		return err
	}
	return json.Unmarshal(b, out)
}

type statusError struct {
	status int
	body   string
}

func (e *statusError) Error() string { return fmt.Sprintf("status %d: %.300s", e.status, e.body) }

// ensureTable creates and publishes the bench table unless the tenant has
// it already (a -target system benchmarked twice).
func (a *apiClient) ensureTable(ctx context.Context) error {
	set, _ := json.Marshal(map[string]any{"key": benchKey, "name": "Bench shipping fee",
		"inputSchema": []map[string]any{{"name": "zone", "type": "string", "required": true},
			{"name": "weight", "type": "decimal", "required": true}, {"name": "express", "type": "bool"},
			{"name": "tags", "type": "list<string>"}},
		"outputSchema": []map[string]any{{"name": "fee", "type": "decimal"}, {"name": "carrier", "type": "string"}}})
	err := a.call(ctx, http.MethodPost, "/api/v1/rules/rulesets", string(set), nil)
	if se, ok := err.(*statusError); ok && se.status == http.StatusConflict {
		return nil
	}
	if err != nil {
		return fmt.Errorf("create rule set: %w", err)
	}
	draft, _ := json.Marshal(map[string]any{"hitPolicy": "FIRST", "effectiveFrom": "2020-01-01", "reference": "bench",
		"rows": benchRows(), "tests": []any{}})
	if err := a.call(ctx, http.MethodPost, "/api/v1/rules/rulesets/"+benchKey+"/versions", string(draft), nil); err != nil {
		return fmt.Errorf("create draft: %w", err)
	}
	if err := a.call(ctx, http.MethodPost, "/api/v1/rules/rulesets/"+benchKey+"/versions/1/publish", "", nil); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	return nil
}

// evaluateTarget posts one evaluation per action.
type evaluateTarget struct {
	api  *apiClient
	url  string
	body []byte
}

func (t *evaluateTarget) Do(ctx context.Context, _ *load.VirtualUser) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url, bytes.NewReader(t.body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+t.api.token)
	resp, err := t.api.client.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("evaluate: status %d", resp.StatusCode)
	}
	return nil
}

// evaluationsPerSecond runs Evaluate on workers goroutines for a fixed
// time and returns the rate; any failed evaluation stops the count.
func evaluationsPerSecond(ctx context.Context, svc *rules.Service, req rules.Request, workers int) float64 {
	const window = 3 * time.Second
	var n atomic.Int64
	var failed atomic.Value
	deadline := time.Now().Add(window)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				for i := 0; i < 100; i++ {
					if _, err := svc.Evaluate(ctx, benchKey, req); err != nil {
						failed.Store(errs.Public(err).Message)
						return
					}
				}
				n.Add(100)
			}
		})
	}
	wg.Wait()
	if msg := failed.Load(); msg != nil {
		fmt.Println("rules in process: evaluation failed:", msg)
		return 0
	}
	return float64(n.Load()) / window.Seconds()
}

func maxProcs() int { return runtime.GOMAXPROCS(0) }

// evaluationsPerCPUSecond runs Evaluate on this goroutine, locked to its
// OS thread, and divides by the thread's CPU time: the rate of one core,
// whatever else the machine runs.
func evaluationsPerCPUSecond(ctx context.Context, svc *rules.Service, req rules.Request) float64 {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start := threadCPU()
	deadline := time.Now().Add(3 * time.Second)
	n := 0
	for time.Now().Before(deadline) {
		for i := 0; i < 100; i++ {
			if _, err := svc.Evaluate(ctx, benchKey, req); err != nil {
				return 0
			}
		}
		n += 100
	}
	used := threadCPU() - start
	if used <= 0 {
		return 0
	}
	return float64(n) / used.Seconds()
}
