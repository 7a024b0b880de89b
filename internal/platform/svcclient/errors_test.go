package svcclient_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

func TestErrorAnswers(t *testing.T) {
	ctx := context.Background()
	s := newFaultServer(t)
	for name, tr := range transports(t, s) {
		t.Run(name, func(t *testing.T) {
			c, _ := newClient(t, tr, fastPolicy())

			t.Run("problem+json keeps code and field errors", func(t *testing.T) {
				s.set(answerProblem)
				e := wantCode(t, c.Do(ctx, "POST", "/customers", map[string]string{}, nil), errs.InvalidArgument)
				want := []errs.FieldError{{Field: "bin", Message: "must be 13 digits"}, {Field: "name", Message: "is required"}}
				if !slices.Equal(e.Fields, want) {
					t.Errorf("fields = %+v, want %+v", e.Fields, want)
				}
				if e.Message != "2 fields are invalid" {
					t.Errorf("message = %q, want the target's", e.Message)
				}
			})

			t.Run("other error bodies keep only the status", func(t *testing.T) {
				s.set(answerPlain404)
				e := wantCode(t, c.Do(ctx, "GET", "/customers/1", nil, nil), errs.NotFound)
				if e.Message != "masterdata answered 404 Not Found" {
					t.Errorf("message = %q", e.Message)
				}
			})

			t.Run("a 500 does not leak its body", func(t *testing.T) {
				s.set(answer500)
				e := wantCode(t, c.Do(ctx, "GET", "/customers", nil, nil), errs.Internal)
				if e.Message != "masterdata is unavailable" {
					t.Errorf("message = %q, want no internal detail", e.Message)
				}
			})
		})
	}
}

func TestTimeouts(t *testing.T) {
	p := fastPolicy()
	p.Timeout = 30 * time.Millisecond
	p.Retries = -1
	s := newFaultServer(t)
	s.set(answerSlow)
	for name, tr := range transports(t, s) {
		t.Run(name, func(t *testing.T) {
			c, _ := newClient(t, tr, p)

			t.Run("attempt timeout is UNAVAILABLE", func(t *testing.T) {
				e := wantCode(t, c.Do(context.Background(), "GET", "/customers", nil, nil), errs.Unavailable)
				if e.Message != "masterdata is unavailable" {
					t.Errorf("message = %q, want it to name the target", e.Message)
				}
				if !errors.Is(e, context.DeadlineExceeded) {
					t.Errorf("cause = %v, want the deadline kept for logs", e.Cause)
				}
			})

			t.Run("caller deadline is UNAVAILABLE", func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
				defer cancel()
				wantCode(t, c.Do(ctx, "GET", "/customers", nil, nil), errs.Unavailable)
			})
		})
	}
}

func TestUnreachableTarget(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there any more
	c, _ := newClient(t, svcclient.HTTP("http://"+addr, nil), fastPolicy())
	e := wantCode(t, c.Do(context.Background(), "GET", "/customers", nil, nil), errs.Unavailable)
	if e.Message != "masterdata is unavailable" {
		t.Errorf("message = %q, want no address or dial detail", e.Message)
	}
	var opErr *net.OpError
	if !errors.As(e, &opErr) {
		t.Errorf("cause = %v, want the dial error kept", e.Cause)
	}
}

func TestInProcessHandlerPanicIsUnavailable(t *testing.T) {
	h := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) })
	p := fastPolicy()
	p.Retries = -1
	c, _ := newClient(t, svcclient.InProcess(h), p)
	wantCode(t, c.Do(context.Background(), "GET", "/customers", nil, nil), errs.Unavailable)
}

func TestBadWiringIsInternal(t *testing.T) {
	c, _ := newClient(t, svcclient.HTTP("masterdata:8080", nil), fastPolicy())
	wantCode(t, c.Do(context.Background(), "GET", "/customers", nil, nil), errs.Internal)

	c, _ = newClient(t, svcclient.InProcess(http.NotFoundHandler()), fastPolicy())
	wantCode(t, c.Do(context.Background(), "GET", "customers", nil, nil), errs.Internal)
	wantCode(t, c.Do(context.Background(), "POST", "/customers", func() {}, nil), errs.Internal)
}

func TestUndecodableAnswerIsInternal(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("<html>")) })
	c, _ := newClient(t, svcclient.InProcess(h), fastPolicy())
	var out echo
	wantCode(t, c.Do(context.Background(), "GET", "/customers", nil, &out), errs.Internal)
}
