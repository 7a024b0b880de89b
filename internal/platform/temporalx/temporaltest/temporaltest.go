// Package temporaltest gives end-to-end tests a real Temporal server: an
// in-memory dev server per test, stopped when the test ends, and clients
// connected to it. Workflow logic alone is better tested with the SDK's
// testsuite; this is for the paths that cross a real server.
package temporaltest

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/vextrus/vextrus/internal/platform/temporalx"
	"github.com/vextrus/vextrus/internal/platform/temporalx/devserver"
)

// startTimeout bounds Start on a loaded CI machine; it takes ~0.5s when idle.
const startTimeout = 30 * time.Second

// Start starts an in-memory dev server with namespace "default" and no Web
// UI, and stops it when the test ends. Server warnings go to the test log.
func Start(tb testing.TB) *devserver.Server {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	logs := &tbWriter{tb: tb}
	srv, err := devserver.Start(ctx, devserver.Options{
		Namespace: temporalx.DefaultNamespace,
		UIPort:    -1,
		Logger:    slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		tb.Fatalf("start temporal dev server: %v", err)
	}
	tb.Cleanup(func() {
		if err := srv.Stop(); err != nil {
			tb.Errorf("stop temporal dev server: %v", err)
		}
		logs.close()
	})
	return srv
}

// Client dials srv in its namespace and closes the client when the test
// ends, before the server stops.
func Client(tb testing.TB, srv *devserver.Server) client.Client {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	cfg := temporalx.DefaultConfig()
	cfg.Address = srv.FrontendAddr()
	cfg.Namespace = srv.Namespace()
	logs := &tbWriter{tb: tb}
	c, err := temporalx.Dial(ctx, cfg, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		tb.Fatalf("dial temporal dev server: %v", err)
	}
	tb.Cleanup(func() {
		c.Close()
		logs.close()
	})
	return c
}

// tbWriter sends log lines to the test log until the test's cleanup has
// run; the server's goroutines may still log while it stops, and logging
// to a finished test panics.
type tbWriter struct {
	mu     sync.Mutex
	tb     testing.TB
	closed bool
}

func (w *tbWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.closed {
		w.tb.Log(strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}

func (w *tbWriter) close() {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
}
