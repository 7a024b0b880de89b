package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/vextrus/vextrus/bench/mixed"
	"github.com/vextrus/vextrus/internal/topology"
)

// quiesceLimit bounds the wait for the system to go quiet after the
// outages: the outbox drained into the broker, the consumers caught up,
// the approvals decided during an outage applied.
const quiesceLimit = 3 * time.Minute

// settleAndVerify waits until the system is quiet, then checks that
// nothing it acknowledged through the outages was lost or doubled
// (mixed.Verify) and prints its report.
func settleAndVerify(ctx context.Context, client *http.Client, top *topology.Topology, acked mixed.Acked, out io.Writer) error {
	qctx, cancel := context.WithTimeout(ctx, quiesceLimit)
	defer cancel()
	began := time.Now()
	if err := mixed.Quiesce(qctx, top.DatabaseURL()); err != nil {
		return fmt.Errorf("not quiet %v after the outages: %w", quiesceLimit, err)
	}
	fmt.Fprintf(out, "\nquiet %v after the last outage; verifying...\n", time.Since(began).Round(time.Millisecond))
	// Quiet is not yet settled for everything: a workflow activity that
	// failed during an outage retries after up to 30 s (its policy's
	// ceiling), so an approval may still be on its way into an inbox.
	// Verify is asked again for as long as that, and its last report
	// stands.
	deadline := time.Now().Add(settleLimit)
	for {
		r, err := mixed.Verify(ctx, client, top.GatewayURL(), top.DatabaseURL(), acked)
		if err != nil {
			return err
		}
		if r.Err() == nil || time.Now().After(deadline) || ctx.Err() != nil {
			fmt.Fprintf(out, "verified %v after the last outage ended:\n%s", time.Since(began).Round(time.Second), r.String())
			return r.Err()
		}
		select {
		case <-ctx.Done():
		case <-time.After(2 * time.Second):
		}
	}
}

// settleLimit is how long Verify may take to pass once the system is
// quiet: past the 30 s ceiling of the workflow activities' retries.
const settleLimit = 45 * time.Second
