package svcclient

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"slices"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/requestid"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// maxAnswerBytes bounds what one answer may hold in memory.
const maxAnswerBytes = 32 << 20

// result is what one attempt produced: a successful answer, or err with
// whether trying again could help.
type result struct {
	status        int
	body          []byte
	err           error
	transient     bool
	retryAfter    time.Duration
	hasRetryAfter bool
}

// attempt makes one try under the breaker, the concurrency bound and the
// per-attempt timeout.
func (c *Client) attempt(ctx context.Context, timeout time.Duration, method, path string, payload []byte, call *callOptions) result {
	done, err := c.breaker.allow()
	if err != nil {
		// Open: answering at once is the point; retrying would only spin.
		e := errs.Wrap(errs.Unavailable, err, "%s is unavailable", c.target)
		e.RetryAfterSeconds = int((c.policy.Load().BreakerOpenFor + time.Second - 1) / time.Second)
		return result{err: e}
	}
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	release, err := c.slots.acquire(actx)
	if err != nil {
		done(errOutcomeIgnored)
		return result{err: errs.Wrap(errs.Unavailable, err, "too many calls to %s in flight", c.target)}
	}
	defer release()

	req, err := c.newRequest(actx, method, path, payload, call)
	if err != nil {
		done(errOutcomeIgnored)
		return result{err: errs.Wrap(errs.Internal, err, "build request to %s", c.target)}
	}
	resp, err := c.transport.roundTrip(req)
	var body []byte
	if err == nil {
		body, err = io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes+1))
		resp.Body.Close()
	}
	if err != nil {
		if ctx.Err() != nil {
			// The caller gave up; the target is not to blame.
			done(errOutcomeIgnored)
			return result{err: errs.Wrap(errs.Unavailable, err, "call to %s ended by caller", c.target)}
		}
		done(errTargetFailed)
		return result{err: errs.Wrap(errs.Unavailable, err, "%s is unavailable", c.target), transient: true}
	}
	switch {
	case refusedForNow(resp):
		// The target answered at once that something it needs is missing
		// (its database, the workflow engine): it is up, and its calls
		// that need nothing missing still succeed, so the answer moves
		// its breaker neither way.
		done(errOutcomeIgnored)
	case resp.StatusCode >= 500:
		done(errTargetFailed)
	default:
		done(nil) // a 4xx is the caller's problem, not the target's health
	}
	if len(body) > maxAnswerBytes {
		return result{err: errs.E(errs.Internal, "answer from %s exceeds %d bytes", c.target, maxAnswerBytes)}
	}
	if resp.StatusCode < 300 {
		return result{status: resp.StatusCode, body: body}
	}
	e := c.answerError(resp, body)
	res := result{err: e, transient: retryableStatus(resp.StatusCode)}
	res.retryAfter, res.hasRetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	if res.hasRetryAfter {
		// Kept on the error so our own caller can be told when to return.
		e.RetryAfterSeconds = int((res.retryAfter + time.Second - 1) / time.Second)
	}
	return res
}

// refusedForNow is a 503 with a Retry-After: the target's own refusal
// while a dependency is missing (RFC 9110 §15.6.4), not its failure.
func refusedForNow(resp *http.Response) bool {
	return resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != ""
}

// newRequest builds the request of one attempt and forwards who is calling,
// for which tenant, under which request id and trace.
func (c *Client) newRequest(ctx context.Context, method, path string, payload []byte, call *callOptions) (*http.Request, error) {
	u, err := c.transport.url(path)
	if err != nil {
		return nil, err
	}
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, err
	}
	h := req.Header
	h.Set("Accept", "application/json, application/problem+json")
	if call.raw != nil {
		h.Set("Content-Type", call.rawType)
	} else if payload != nil {
		h.Set("Content-Type", "application/json")
	}
	if cred := authn.Credential(ctx); cred != "" {
		h.Set("Authorization", cred)
	}
	if id, ok := tenant.From(ctx); ok {
		h.Set("X-Tenant-ID", id.String())
	}
	if id := requestid.From(ctx); id != "" {
		h.Set(requestid.Header, id)
	}
	otel.GetTextMapPropagator().Inject(ctx, propagation.HeaderCarrier(h))
	if call.idempotencyKey != "" {
		h.Set("Idempotency-Key", call.idempotencyKey)
	}
	for k, v := range call.header {
		h[k] = append([]string(nil), v...)
	}
	return req, nil
}

// answerError turns an error answer into a platform error. A problem+json
// body keeps the target's code, message and field errors, so an invalid
// field three services away is still reported against that field. Any other
// body is not trusted to be client-safe, so only its status is kept.
func (c *Client) answerError(resp *http.Response, body []byte) *errs.Error {
	if mt, _, err := mime.ParseMediaType(resp.Header.Get("Content-Type")); err == nil && mt == httpx.ProblemContentType {
		var p httpx.Problem
		if err := json.Unmarshal(body, &p); err == nil {
			if p.Status == 0 {
				p.Status = resp.StatusCode
			}
			if !slices.Contains(errs.Codes(), p.Code) {
				p.Code = "" // outside the closed set: fall back to the status
			}
			return p.Err()
		}
	}
	code := errs.FromHTTPStatus(resp.StatusCode)
	if resp.StatusCode >= 500 {
		return errs.E(code, "%s is unavailable", c.target)
	}
	return errs.E(code, "%s answered %d %s", c.target, resp.StatusCode, http.StatusText(resp.StatusCode))
}
