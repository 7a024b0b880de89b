package svcclient

import (
	"context"
	"io"
	"net/http"
	"time"

	"github.com/sony/gobreaker/v2"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// RoundTripper returns c as an http.RoundTripper, for a caller that speaks
// its own protocol over HTTP, as the gateway's engine speaks GraphQL to
// subgraphs. Each request is one attempt through c's transport (in
// process or HTTP), breaker, concurrency bound and timeout, the same as a
// Do attempt; the slot and the timeout last until the response body is
// closed. Unlike Do it sends the request as given: it adds no header from
// the context (the caller sets every header itself, per request), but
// for the trace context of its own CLIENT span `<method> <target>` when
// that span is recorded, and never retries (the caller knows what is safe to repeat). Only the path
// and query of the request's URL are used; c's transport says where the
// target is.
//
// Returns an UNAVAILABLE error, and no response, while the breaker is
// open, when no slot frees up in time, or when the target cannot be
// reached.
func (c *Client) RoundTripper() http.RoundTripper { return roundTripper{c} }

type roundTripper struct{ c *Client }

func (rt roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	c := rt.c
	start := time.Now()
	ctx, span := c.startSpan(req.Context(), req.Method, req.URL.Path)
	resp, err := rt.attempt(req.WithContext(ctx), span)
	c.metrics.observeCall(c.target, req.Method, err, time.Since(start))
	if err != nil {
		span.SetStatus(codes.Error, string(errs.CodeOf(err)))
		span.End()
	}
	return resp, err
}

// attempt makes one call; span ends when the answer's body is closed.
func (rt roundTripper) attempt(req *http.Request, span trace.Span) (*http.Response, error) {
	c := rt.c
	if req.Body != nil {
		// A RoundTripper owns the body, whatever happens.
		defer func() {
			if req.Body != nil {
				req.Body.Close()
			}
		}()
	}
	done, err := c.breaker.allow()
	if err != nil {
		return nil, errs.Wrap(errs.Unavailable, err, "%s is unavailable", c.target)
	}
	ctx, cancel := context.WithTimeout(req.Context(), c.policy.Load().Timeout)
	release, err := c.slots.acquire(ctx)
	if err != nil {
		cancel()
		done(errOutcomeIgnored)
		return nil, errs.Wrap(errs.Unavailable, err, "too many calls to %s in flight", c.target)
	}
	u, err := c.transport.url(req.URL.RequestURI())
	if err != nil {
		release()
		cancel()
		done(errOutcomeIgnored)
		return nil, errs.Wrap(errs.Internal, err, "build request to %s", c.target)
	}
	out := req.Clone(ctx)
	out.URL, out.Host = u, u.Host
	if span.IsRecording() {
		// The target's server span is this span's child, not a sibling.
		propagation.TraceContext{}.Inject(ctx, propagation.HeaderCarrier(out.Header))
	}
	body := req.Body
	req.Body = nil // out sends it; the transport closes it
	out.Body = body
	resp, err := c.transport.roundTrip(out)
	if err != nil {
		release()
		cancel()
		if req.Context().Err() != nil {
			// The caller gave up; the target is not to blame.
			done(errOutcomeIgnored)
			return nil, errs.Wrap(errs.Unavailable, err, "call to %s ended by caller", c.target)
		}
		done(errTargetFailed)
		return nil, errs.Wrap(errs.Unavailable, err, "%s is unavailable", c.target)
	}
	span.SetAttributes(attribute.Int("http.response.status_code", resp.StatusCode))
	if resp.StatusCode >= 500 {
		done(errTargetFailed)
		span.SetStatus(codes.Error, resp.Status)
	} else {
		done(nil)
	}
	resp.Body = &attemptBody{ReadCloser: resp.Body, end: func() { release(); cancel(); span.End() }}
	return resp, nil
}

// attemptBody ends an attempt (its slot and its timeout) once the answer
// is read and closed.
type attemptBody struct {
	io.ReadCloser
	end  func()
	done bool
}

func (b *attemptBody) Close() error {
	err := b.ReadCloser.Close()
	if !b.done {
		b.done = true
		b.end()
	}
	return err
}

// BreakerOpen reports whether c's breaker is open, failing calls at once.
func (c *Client) BreakerOpen() bool { return c.breaker.cb.State() == gobreaker.StateOpen }
