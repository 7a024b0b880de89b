package main

import (
	"context"
	"fmt"
	"time"

	"github.com/vextrus/vextrus/bench/load"
)

// health measures the cheapest request the system answers, GET /readyz,
// beside a bare net/http handler: the ratio is the cost of the system's
// HTTP stack (middleware, routing, readiness checks) over net/http alone.
func health() load.Scenario {
	return load.Scenario{
		Name:        "health",
		Description: "GET /readyz on the system, beside a bare net/http handler answering 200",
		Setup: func(ctx context.Context, env *load.Env) (load.Target, error) {
			base, err := env.SystemURL(ctx)
			if err != nil {
				return nil, err
			}
			url := base + "/readyz"
			if err := load.WaitReady(ctx, env.Client, url, 2*time.Minute); err != nil {
				return nil, fmt.Errorf("system not ready: %w", err)
			}
			return load.GET(env.Client, url), nil
		},
		Baseline: load.BareHTTP("/readyz"),
	}
}
