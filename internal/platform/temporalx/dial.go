package temporalx

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// checkTimeout bounds a readiness check whose context has no deadline, so a
// hung frontend makes /readyz fail instead of hang.
const checkTimeout = 2 * time.Second

// Dial connects an SDK client to the frontend at cfg.Address, in
// cfg.Namespace, logging through logger (slog.Default when nil). It fails
// when the frontend does not answer a health check, so a misconfigured
// address is reported at start rather than at the first workflow.
// The caller closes the client.
func Dial(ctx context.Context, cfg Config, logger *slog.Logger) (client.Client, error) {
	if cfg.Address == "" {
		return nil, errors.New("dial temporal: no address configured")
	}
	if logger == nil {
		logger = slog.Default()
	}
	tlsConf, err := cfg.TLS.clientTLS()
	if err != nil {
		return nil, fmt.Errorf("dial temporal: %w", err)
	}
	ns := cfg.Namespace
	if ns == "" {
		ns = DefaultNamespace
	}
	c, err := client.DialContext(ctx, client.Options{
		HostPort:          cfg.Address,
		Namespace:         ns,
		Logger:            sdklog.NewStructuredLogger(logger.With("component", "temporal-sdk")),
		ConnectionOptions: client.ConnectionOptions{TLS: tlsConf, DialOptions: dialOptions()},
	})
	if err != nil {
		return nil, fmt.Errorf("dial temporal %s: %w", cfg.Address, err)
	}
	return c, nil
}

// Check is the readiness probe of a Temporal dependency: it asks the
// frontend for its gRPC health. Returns UNAVAILABLE when the frontend does
// not answer SERVING in time.
func Check(ctx context.Context, c client.Client) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, checkTimeout)
		defer cancel()
	}
	if _, err := c.CheckHealth(ctx, &client.CheckHealthRequest{}); err != nil {
		return errs.Wrap(errs.Unavailable, err, "temporal is not ready")
	}
	return nil
}

// SizeWorkflowCache makes cfg.WorkflowCache the size of the workflow
// cache the process's workers share. The SDK creates that cache when the
// process's first worker starts, so it is called before any does: before
// an embedded server starts (its own workers come first) and before a
// client is dialled for the process's workers.
func SizeWorkflowCache(cfg Config) {
	if cfg.WorkflowCache > 0 {
		worker.SetStickyWorkflowCacheSize(cfg.WorkflowCache)
	}
}
