package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/bench/mixed"
	"github.com/vextrus/vextrus/internal/app"
)

// mixedScenario is the whole system under a company's staff (bench/mixed,
// docs/scaling.md "Mixed workload"): every user action of the mix is one
// request of the harness, with its own figures per operation printed
// after the table, and the system's gauges through the run. The baseline
// is a bare net/http handler with the same load shape: the floor of the
// harness, the kernel and net/http, as for the other HTTP scenarios; no
// single service is a fair reference for a mix of them all.
func mixedScenario(sys *inProcess) load.Scenario {
	return load.Scenario{
		Name: "mixed",
		Description: "a company's staff: GraphQL lists, master data create/edit (If-Match), invoices and orders submitted and approved, " +
			"goods received, payments (use -think 10s for an office's pace); beside a bare net/http handler",
		Setup:    func(ctx context.Context, env *load.Env) (load.Target, error) { return setupMixed(ctx, env, sys) },
		Baseline: load.BareHTTP("/api/v1/masterdata/customers"),
	}
}

func setupMixed(ctx context.Context, env *load.Env, sys *inProcess) (load.Target, error) {
	url, err := env.SystemURL(ctx)
	if err != nil {
		return nil, err
	}
	w, err := mixed.New(ctx, env.Client, url, mixed.Options{Tenant: app.DevTenant, Users: env.Users, Seed: 1})
	if err != nil {
		return nil, err
	}
	env.Defer(func() error { return writeOps(os.Stdout, w.Ops()) })
	return w, nil
}

// writeOps prints the figures of each operation of the mix (warm-up
// included: the harness's table covers the measured window).
func writeOps(out io.Writer, ops []mixed.OpStats) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "operation\tcount\terrors\tp50 ms\tp95 ms\tp99 ms\t")
	for _, o := range ops {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.2f\t%.2f\t%.2f\t\n", o.Name, o.Count, o.Errors, ms(o.P50), ms(o.P95), ms(o.P99))
	}
	return tw.Flush()
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
