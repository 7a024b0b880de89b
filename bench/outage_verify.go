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
	r, err := mixed.Verify(ctx, client, top.GatewayURL(), top.DatabaseURL(), acked)
	if err != nil {
		return err
	}
	fmt.Fprint(out, r.String())
	return r.Err()
}
