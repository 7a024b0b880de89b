package temporalx_test

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strconv"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/temporalx"
	"github.com/vextrus/vextrus/internal/platform/temporalx/devserver"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// failFastBound is how long a start may take to be refused while the
// frontend is down: the SDK alone retries it for a minute.
const failFastBound = 3 * time.Second

// TestAStartWhileTheFrontendIsDownFailsFastAndWorksOnceItIsBack stops the
// server under a dialled client: a workflow start with no deadline of its
// own is refused at once as UNAVAILABLE with a Retry-After, and once a
// server listens on the address again the same client starts workflows
// without being dialled again.
func TestAStartWhileTheFrontendIsDownFailsFastAndWorksOnceItIsBack(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv := startServer(t, ctx, 0)
	cfg := temporalx.DefaultConfig()
	cfg.Address = srv.FrontendAddr()
	c, err := temporalx.Dial(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer c.Close()
	if _, err := start(c, "before"); err != nil {
		t.Fatalf("start on a running server: %v", err)
	}

	if err := srv.Stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	for i := range 3 {
		took, err := start(c, "during-"+strconv.Itoa(i))
		e := errs.As(temporalx.DomainError(err))
		if err == nil || e.Code != errs.Unavailable || e.RetryAfterSeconds <= 0 {
			t.Fatalf("start %d while down: %v (%s, Retry-After %d s), want UNAVAILABLE with a Retry-After", i, err, e.Code, e.RetryAfterSeconds)
		}
		if took > failFastBound {
			t.Errorf("start %d while down took %v to fail, want at most %v", i, took, failFastBound)
		}
	}

	_, port, _ := net.SplitHostPort(cfg.Address)
	p, _ := strconv.Atoi(port)
	startServer(t, ctx, p)
	testwait.Until(t, 30*time.Second, "a start on the server back at the address", func() (bool, error) {
		_, err := start(c, "after")
		if err != nil && !errs.Is(temporalx.DomainError(err), errs.Unavailable) {
			return false, err
		}
		return err == nil, nil
	})
}

// start starts a workflow no worker runs, as a request would, with no
// deadline of its own, and says how long the answer took.
func start(c client.Client, id string) (time.Duration, error) {
	begin := time.Now()
	_, err := c.ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{ID: id, TaskQueue: "nobody"}, "Nothing")
	return time.Since(begin), err
}

func startServer(t *testing.T, ctx context.Context, port int) *devserver.Server {
	t.Helper()
	srv, err := devserver.Start(ctx, devserver.Options{Namespace: temporalx.DefaultNamespace, UIPort: -1, Port: port,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatalf("start temporal dev server: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Stop(); err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("stop temporal dev server: %v", err)
		}
	})
	return srv
}

func TestAnUnreachableEngineIsUnavailableWithARetryAfter(t *testing.T) {
	for _, err := range []error{context.DeadlineExceeded, errors.New("workflow engine: shard busy")} {
		e := errs.As(temporalx.DomainError(err))
		if e.Code != errs.Unavailable || e.RetryAfterSeconds != temporalx.RetryAfterSeconds {
			t.Errorf("DomainError(%v) = %s with Retry-After %d s, want UNAVAILABLE with %d s", err, e.Code,
				e.RetryAfterSeconds, temporalx.RetryAfterSeconds)
		}
	}
}
