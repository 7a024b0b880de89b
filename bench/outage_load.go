package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/vextrus/vextrus/bench/load"
	"github.com/vextrus/vextrus/bench/mixed"
	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/topology"
)

// outageTenant is the mixed workload's tenant in an outage run, apart
// from the probes' so that each checks only its own writes.
const outageTenant = "outage-mix"

// outageLoad is the mixed workload running through the outages.
type outageLoad struct {
	w      *mixed.Workload
	cancel context.CancelFunc
	done   chan error
}

// startOutageLoad provisions the workload's tenant with the owner the
// workload signs in as, prepares the workload and starts its users, each
// pausing about a second between actions. With no users it returns nil.
func startOutageLoad(ctx context.Context, client *http.Client, top *topology.Topology, users int, log io.Writer) (*outageLoad, error) {
	if users == 0 {
		return nil, nil
	}
	// The workload signs in with the dev owner's password; the tenant
	// is created with it, and `tenant create` holds it to the policy.
	if os.Getenv("VEXTRUS_DEV_ADMIN_PASSWORD") == "" {
		if err := os.Setenv("VEXTRUS_DEV_ADMIN_PASSWORD", splitOwnerPassword); err != nil {
			return nil, err
		}
	}
	if err := top.CreateTenant(ctx, outageTenant, "Outage Mix Ltd", app.DevAdmin, os.Getenv("VEXTRUS_DEV_ADMIN_PASSWORD")); err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "preparing the mixed workload for %d users...\n", users)
	w, err := mixed.New(ctx, client, top.GatewayURL(), mixed.Options{Tenant: outageTenant, Users: users, Seed: 29})
	if err != nil {
		return nil, err
	}
	runCtx, cancel := context.WithCancel(ctx)
	l := &outageLoad{w: w, cancel: cancel, done: make(chan error, 1)}
	go func() {
		// The run ends when finish cancels it; its own figures are the
		// workload's per operation.
		_, err := load.Run(runCtx, w, load.Config{Users: users, Duration: 24 * time.Hour, Think: time.Second})
		l.done <- err
	}()
	return l, l.running(ctx)
}

// running waits until every user has signed in and acts (the harness
// starts the users before any acts), so that no outage meets a user
// still signing in.
func (l *outageLoad) running(ctx context.Context) error {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	limit := time.After(3 * time.Minute)
	for {
		for _, o := range l.w.Ops() {
			if o.Count > 0 {
				return nil
			}
		}
		select {
		case err := <-l.done:
			return fmt.Errorf("mixed workload: %w", err)
		case <-limit:
			l.cancel()
			return errors.New("mixed workload: no action within 3 minutes of starting its users")
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// stop stops the users, if finish has not.
func (l *outageLoad) stop() {
	if l != nil {
		l.cancel()
	}
}

// finish stops the users and prints the workload's figures: its errors
// are the outages' refusals, counted, not failures.
func (l *outageLoad) finish(out io.Writer) (mixed.Acked, error) {
	if l == nil {
		return mixed.Acked{}, nil
	}
	l.cancel()
	err := <-l.done
	if errors.Is(err, context.Canceled) {
		err = nil
	}
	fmt.Fprintln(out, "\nmixed workload through the outages (errors are the refusals while an engine was down):")
	if werr := writeOps(out, l.w.Ops()); werr != nil {
		return mixed.Acked{}, werr
	}
	if err != nil {
		return mixed.Acked{}, fmt.Errorf("mixed workload: %w", err)
	}
	return l.w.Acked(), nil
}
