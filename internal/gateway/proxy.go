package gateway

import (
	"net/http"
	"net/http/httputil"
	"net/url"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/requestid"
)

// newProxy forwards s's prefix (/api/v1/<service>/..., or the console's
// pages) to a service in another process. The request keeps its headers
// (the credential, X-Tenant-ID, X-Request-ID) and carries the trace
// context of the gateway's span; the service's own authn verifies the
// credential again.
func newProxy(s Service) http.Handler {
	target, err := url.Parse(s.URL)
	if err != nil || target.Host == "" {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			httpx.WriteError(w, r, errs.E(errs.Unavailable, "service %s has no valid URL", s.Name))
		})
	}
	return &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(target)
			pr.SetXForwarded()
			// The client's address as this chain resolved it, not the
			// peer's: the service trusts the gateway as a proxy
			// (http.trusted_proxies).
			pr.Out.Header.Set("X-Forwarded-For", httpx.ClientAddr(pr.In))
			pr.Out.Header.Set("X-Request-ID", requestid.From(pr.In.Context()))
			// The service's span continues the gateway's, not the
			// client's: a trace across processes starts at the edge.
			otel.GetTextMapPropagator().Inject(pr.In.Context(), propagation.HeaderCarrier(pr.Out.Header))
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			httpx.WriteError(w, r, errs.Wrap(errs.Unavailable, err, "service %s is unavailable", s.Name))
		},
	}
}
