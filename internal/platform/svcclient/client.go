// Package svcclient is the platform service client: the base of every typed
// client one service uses to call another. A Client speaks JSON to one named
// target over a Transport chosen at wiring time (in process or HTTP) and
// applies the same resilience policy either way: a timeout per attempt,
// retries with backoff and jitter for idempotent calls only, a circuit
// breaker per target and a bound on concurrent calls. It forwards the
// caller's Authorization, tenant, request id and trace context, and turns
// error answers back into platform errors so codes survive the hop.
package svcclient

import (
	"context"
	"encoding/json"
	"net/http"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Client calls one target. It is safe for concurrent use; make one per
// target and share it.
type Client struct {
	target    string
	transport Transport
	// policy is read once per call, so SetPolicy changes the next call
	// and never one in flight.
	policy  atomic.Pointer[Policy]
	metrics *Metrics
	breaker *breaker
	slots   slots
}

// New returns a client for target (the service name, used in errors and
// metric labels) over transport. Zero policy fields take defaults; metrics
// may be nil.
func New(target string, transport Transport, policy Policy, metrics *Metrics) *Client {
	policy = policy.WithDefaults()
	c := &Client{
		target:    target,
		transport: transport,
		metrics:   metrics,
		breaker:   newBreaker(target, policy, metrics),
		slots:     make(slots, policy.MaxConcurrent),
	}
	c.policy.Store(&policy)
	return c
}

// SetPolicy makes p the policy of the next calls: their timeout, retries
// and backoff (the settings tagged live). The breaker and the concurrency
// bound keep the settings the client was made with; changing those takes
// a new client, that is a restart. Zero fields take defaults.
func (c *Client) SetPolicy(p Policy) {
	p = p.WithDefaults()
	made := c.policy.Load()
	p.BreakerFailures, p.BreakerOpenFor, p.BreakerHalfOpenMax = made.BreakerFailures, made.BreakerOpenFor, made.BreakerHalfOpenMax
	p.MaxConcurrent = made.MaxConcurrent
	c.policy.Store(&p)
}

// Policy returns the policy the next call follows.
func (c *Client) Policy() Policy { return *c.policy.Load() }

// Target returns the name of the target this client calls.
func (c *Client) Target() string { return c.target }

// CallOption adjusts one call.
type CallOption func(*callOptions)

type callOptions struct {
	idempotencyKey string
	readOnly       bool
	header         http.Header
	// raw, when set, is sent as the body instead of body's JSON.
	raw     []byte
	rawType string
}

// IdempotencyKey sends key as Idempotency-Key. The target answers a repeat
// with the first answer, which is what makes a POST safe to retry.
func IdempotencyKey(key string) CallOption {
	return func(o *callOptions) { o.idempotencyKey = key }
}

// ReadOnly marks a POST that changes nothing at the target, a query with
// a body such as a rules evaluation, so it may be retried like a GET. It
// sends no Idempotency-Key: the target need not store the answer, and the
// same call with new inputs gets a new answer rather than a conflict.
func ReadOnly() CallOption {
	return func(o *callOptions) { o.readOnly = true }
}

// Raw sends body as it is, with contentType, instead of a JSON body: an
// upload. The call's body argument must be nil.
func Raw(contentType string, body []byte) CallOption {
	return func(o *callOptions) {
		if body == nil {
			body = []byte{}
		}
		o.raw, o.rawType = body, contentType
	}
}

// Header sets an extra request header. It is applied after the forwarded
// ones, so it may replace them (a service credential, for instance).
func Header(key, value string) CallOption {
	return func(o *callOptions) {
		if o.header == nil {
			o.header = http.Header{}
		}
		o.header.Set(key, value)
	}
}

const instrumentation = "github.com/vextrus/vextrus/internal/platform/svcclient"

// startSpan opens the CLIENT span `<method> <target>` of a call. It is
// recorded by the provider of the caller's span when that one is recorded
// (a process whose tracing was injected, as in tests), else by the global
// provider.
func (c *Client) startSpan(ctx context.Context, method, path string) (context.Context, trace.Span) {
	tp := otel.GetTracerProvider()
	if parent := trace.SpanFromContext(ctx); parent.IsRecording() {
		tp = parent.TracerProvider()
	}
	return tp.Tracer(instrumentation).Start(ctx, method+" "+c.target, trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attribute.String("http.request.method", method),
			attribute.String("server.address", c.target), attribute.String("url.path", path)))
}

// Do sends body (JSON-encoded; nil sends none) to path with method and
// decodes a successful answer into out (nil discards it). GET, HEAD, PUT,
// DELETE and OPTIONS are retried on transport failures, 429, 502, 503 and
// 504; POST only with an IdempotencyKey; PATCH never.
//
// Returns the target's error with its code, fields and message when it
// answers application/problem+json; a code from the HTTP status for other
// error answers; UNAVAILABLE when the target cannot be reached in time,
// its breaker is open or too many calls to it are in flight; INTERNAL when
// the request cannot be built or the answer cannot be decoded.
func (c *Client) Do(ctx context.Context, method, path string, body, out any, opts ...CallOption) (err error) {
	var call callOptions
	for _, opt := range opts {
		opt(&call)
	}
	start := time.Now()
	ctx, span := c.startSpan(ctx, method, path)
	defer func() {
		c.metrics.observeCall(c.target, method, err, time.Since(start))
		if err != nil {
			span.SetStatus(codes.Error, string(errs.CodeOf(err)))
		}
		span.End()
	}()

	payload := call.raw
	if body != nil {
		if payload, err = json.Marshal(body); err != nil {
			return errs.Wrap(errs.Internal, err, "encode request to %s", c.target)
		}
	}
	canRetry := call.readOnly || idempotent(method, call.idempotencyKey != "")
	policy := c.policy.Load()
	for attempt := 0; ; attempt++ {
		res := c.attempt(ctx, policy.Timeout, method, path, payload, &call)
		if res.err == nil {
			return c.decode(res, out)
		}
		if !canRetry || !res.transient || attempt >= policy.retries() || ctx.Err() != nil {
			return res.err
		}
		wait := policy.backoff(attempt)
		if res.hasRetryAfter {
			if res.retryAfter > policy.BackoffMax {
				// Coming back sooner than asked would only be refused again.
				return res.err
			}
			wait = res.retryAfter
		}
		c.metrics.observeRetry(c.target)
		span.AddEvent("retry", trace.WithAttributes(attribute.Int("attempt", attempt+1)))
		if !sleep(ctx, wait) {
			return res.err
		}
	}
}

// decode reads a successful answer into out.
func (c *Client) decode(res result, out any) error {
	if out == nil || len(res.body) == 0 || res.status == http.StatusNoContent {
		return nil
	}
	if err := json.Unmarshal(res.body, out); err != nil {
		return errs.Wrap(errs.Internal, err, "decode answer from %s", c.target)
	}
	return nil
}

// sleep waits d or until ctx ends; it reports whether the wait completed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
