package gateway

import (
	"math"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// edge is the policy every client request meets, GraphQL and REST alike.
type edge struct {
	cfg     Config
	limiter Limiter
	// rates are the rate limits, read once per request so that a
	// configuration reload changes the next requests (setRates).
	rates atomic.Pointer[rates]
}

// rates are the live part of the edge policy: each bucket's refill rate
// and size.
type rates struct {
	tenant, user, anonymous bucketSize
}

type bucketSize struct {
	rate  float64
	burst int
}

func newEdge(cfg Config, l Limiter) *edge {
	e := &edge{cfg: cfg, limiter: l}
	e.setRates(cfg)
	return e
}

// setRates makes cfg's rate limits those of the next requests. A bucket
// keeps the tokens it holds, refilled at the new rate up to the new burst.
func (e *edge) setRates(cfg Config) {
	e.rates.Store(&rates{tenant: bucketSize{cfg.TenantRate, cfg.TenantBurst}, user: bucketSize{cfg.UserRate, cfg.UserBurst},
		anonymous: bucketSize{cfg.AnonymousRate, cfg.AnonymousBurst}})
}

// exempt are paths without rate limits: the load balancer's probes.
var exempt = []string{"/healthz", "/readyz"}

// rateLimit takes a token from the caller's tenant bucket and user bucket,
// or from its client address's bucket when anonymous (httpx.ClientAddr:
// the peer, or what a trusted proxy says the client is).
func (e *edge) rateLimit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if slices.Contains(exempt, r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		var keys []limitKey
		rs := e.rates.Load()
		if p, ok := authz.From(r.Context()); ok {
			keys = []limitKey{{"tenant:" + p.Tenant.String(), rs.tenant.rate, rs.tenant.burst, "tenant"},
				{"user:" + p.Tenant.String() + ":" + p.UserID, rs.user.rate, rs.user.burst, "user"}}
		} else {
			keys = []limitKey{{"ip:" + httpx.ClientAddr(r), rs.anonymous.rate, rs.anonymous.burst, "client address"}}
		}
		for _, k := range keys {
			ok, wait, err := e.limiter.Take(r.Context(), k.key, k.rate, k.burst)
			if err != nil {
				// A limiter outage must not take the API down with it.
				continue
			}
			if !ok {
				secs := int(math.Ceil(wait.Seconds()))
				le := errs.E(errs.RateLimited, "the %s rate limit of %g requests per second is exceeded; retry after %d s", k.what, k.rate, max(secs, 1))
				le.RetryAfterSeconds = max(secs, 1)
				if strings.HasPrefix(r.URL.Path, "/graphql") {
					writeErrors(w, r, le)
				} else {
					httpx.WriteError(w, r, le)
				}
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

type limitKey struct {
	key   string
	rate  float64
	burst int
	what  string
}

// cors answers preflights and marks responses for allowed origins
// (gateway.cors_origins). A request from another origin still runs, as
// without CORS; the browser keeps the answer from the page.
func (e *edge) cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin == "" || !e.allowed(origin) {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", origin)
		h.Add("Vary", "Origin")
		h.Set("Access-Control-Expose-Headers", "ETag, Location, Retry-After, X-Request-ID")
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE")
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, Idempotency-Key, If-Match, X-Request-ID, X-Tenant-ID, X-API-Key, traceparent")
			h.Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (e *edge) allowed(origin string) bool {
	for _, o := range e.cfg.CORSOrigins {
		if o == "*" || strings.EqualFold(o, origin) {
			return true
		}
	}
	return false
}
