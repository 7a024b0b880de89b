package httpx

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// IdempotencyHeader is the request header that makes a POST retry-safe.
const IdempotencyHeader = "Idempotency-Key"

// ReplayedHeader marks a response answered from the idempotency store.
const ReplayedHeader = "Idempotent-Replayed"

// IdempotencyTTL is how long keys are kept (DESIGN §11: 24 hours).
const IdempotencyTTL = 24 * time.Hour

// StoredResponse is a first answer kept for replay.
type StoredResponse struct {
	Status int
	Header http.Header
	Body   []byte
}

// IdempotencyKey is a key as the store keeps it: in the tenant of the
// request's context, per principal, so one caller's key never names
// another's request.
type IdempotencyKey struct {
	// Principal is who sent the request: "user:<id>" or "apikey:<id>".
	Principal string
	// Key is the client's Idempotency-Key.
	Key string
}

// IdempotencyStore keeps keys per tenant and principal.
type IdempotencyStore interface {
	// Reserve claims key for a request with fingerprint. It returns nil
	// when the caller now owns the key, the stored response when the key
	// already completed with the same fingerprint, CONFLICT when the key
	// was used with another request or is still in progress.
	Reserve(ctx context.Context, key IdempotencyKey, fingerprint string, ttl time.Duration) (*StoredResponse, error)
	// Complete stores the response of a reserved key.
	Complete(ctx context.Context, key IdempotencyKey, resp StoredResponse) error
	// Release frees a reserved key whose request failed, so a retry runs.
	Release(ctx context.Context, key IdempotencyKey) error
}

// replayedHeaders are the response headers worth replaying.
var replayedHeaders = []string{"Content-Type", "Location", "ETag"}

// Idempotency makes POST requests carrying Idempotency-Key answer a retry
// with the first answer: the same key and body replay the stored response,
// the same key with another body is CONFLICT.
//
// Keys belong to the verified principal (a user or an API key) in its
// tenant, so the middleware runs after authentication, and a stored
// answer is replayed only to the principal whose request made it: another
// caller sending the same key and body has a key space of its own, runs
// its request (and its authorization) afresh, and never sees what the
// first caller was answered, nor leaves an answer the first caller would
// get. Requests without a principal pass through.
//
// Server errors and refusals by the edge (401, 403, 429) are not stored,
// so a retry after one runs again: they say nothing about the operation,
// and a permission granted a minute later should take effect.
func Idempotency(store IdempotencyStore) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			header := r.Header.Get(IdempotencyHeader)
			if r.Method != http.MethodPost || header == "" {
				next.ServeHTTP(w, r)
				return
			}
			p, ok := authz.From(r.Context())
			if !ok || p.UserID == "" {
				next.ServeHTTP(w, r)
				return
			}
			key := IdempotencyKey{Principal: principalKey(p), Key: header}
			if len(header) > 255 || strings.ContainsFunc(header, func(c rune) bool { return c < 0x21 || c > 0x7e }) {
				WriteError(w, r, errs.Field(IdempotencyHeader, "must be 1 to 255 printable characters"))
				return
			}
			body, err := io.ReadAll(r.Body)
			if err != nil {
				WriteError(w, r, decodeError(err))
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			stored, err := store.Reserve(r.Context(), key, fingerprint(r, body), IdempotencyTTL)
			if err != nil {
				WriteError(w, r, err)
				return
			}
			if stored != nil {
				replay(w, *stored)
				return
			}
			rec := &capture{ResponseWriter: w, status: http.StatusOK}
			completed := false
			defer func() {
				// A panic or server error releases the key so a retry runs again.
				if !completed {
					_ = store.Release(context.WithoutCancel(r.Context()), key)
				}
			}()
			next.ServeHTTP(rec, r)
			if !storable(rec.status) {
				return
			}
			resp := StoredResponse{Status: rec.status, Header: http.Header{}, Body: rec.body.Bytes()}
			for _, h := range replayedHeaders {
				if v := rec.Header().Get(h); v != "" {
					resp.Header.Set(h, v)
				}
			}
			if err := store.Complete(context.WithoutCancel(r.Context()), key, resp); err == nil {
				completed = true
			}
		})
	}
}

// principalKey names who sent a request; user and API key ids cannot
// collide across the kinds.
func principalKey(p *authz.Principal) string {
	if p.APIKey {
		return "apikey:" + p.UserID
	}
	return "user:" + p.UserID
}

// storable reports whether an answer with status is the operation's own,
// to replay to a retry.
func storable(status int) bool {
	switch status {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusTooManyRequests:
		return false
	}
	return status < 500
}

func fingerprint(r *http.Request, body []byte) string {
	h := sha256.New()
	io.WriteString(h, r.Method+" "+r.URL.Path+"?"+r.URL.RawQuery+"\n")
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

func replay(w http.ResponseWriter, s StoredResponse) {
	for k, vs := range s.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.Header().Set(ReplayedHeader, "true")
	w.WriteHeader(s.Status)
	_, _ = w.Write(s.Body)
}

// capture copies the response while writing it through.
type capture struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
	wrote  bool
}

func (c *capture) WriteHeader(code int) {
	if !c.wrote {
		c.status, c.wrote = code, true
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *capture) Write(b []byte) (int, error) {
	c.wrote = true
	c.body.Write(b)
	return c.ResponseWriter.Write(b)
}

func (c *capture) Unwrap() http.ResponseWriter { return c.ResponseWriter }
