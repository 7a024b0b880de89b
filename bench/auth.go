package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/internal/app"
)

// authLogin measures POST /api/v1/auth/login of the dev tenant's admin:
// argon2id verification (parameters in docs/auth.md), the brute-force
// bookkeeping, a session with its refresh token and an EdDSA signature.
// Token verification alone is a Go benchmark:
// go test -bench Verify ./internal/platform/authn/.
func authLogin() load.Scenario {
	return load.Scenario{
		Name:        "auth",
		Description: "POST /api/v1/auth/login as the dev admin, beside a bare net/http handler answering 200",
		Setup: func(ctx context.Context, env *load.Env) (load.Target, error) {
			base, err := env.SystemURL(ctx)
			if err != nil {
				return nil, err
			}
			if err := load.WaitReady(ctx, env.Client, base+"/readyz", 2*time.Minute); err != nil {
				return nil, fmt.Errorf("system not ready: %w", err)
			}
			body := fmt.Sprintf(`{"tenant":%q,"email":%q,"password":%q}`, app.DevTenant, app.DevAdmin, app.DefaultConfig().Dev.AdminPassword)
			return &postJSON{client: env.Client, url: base + "/api/v1/auth/login", body: []byte(body)}, nil
		},
		Baseline: load.BareHTTP("/api/v1/auth/login"),
	}
}

// postJSON posts the same body each time and wants a 2xx answer.
type postJSON struct {
	client *http.Client
	url    string
	body   []byte
}

func (p *postJSON) Do(ctx context.Context, _ *load.VirtualUser) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url, bytes.NewReader(p.body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.client.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("login: status %d", resp.StatusCode)
	}
	return nil
}
