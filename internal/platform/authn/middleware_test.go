package authn_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/authn"
)

// A request carrying an API key and a bearer token is refused before
// either is checked: neither silently wins over the other.
func TestAPIKeyAndAuthorizationTogetherAreRefused(t *testing.T) {
	reached := false
	h := authn.Middleware(authn.Config{})(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached = true }))
	for _, bearer := range []string{"Bearer eyJhbGciOiJFZERTQSJ9.e30.sig", "Bearer vx_other", "Basic dXNlcjpwYXNz"} {
		t.Run(bearer, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/api/v1/masterdata/customers", nil)
			req.Header.Set(authn.APIKeyHeader, "vx_somekey")
			req.Header.Set("Authorization", bearer)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if reached || rec.Code != http.StatusBadRequest {
				t.Fatalf("status %d, handler reached %v; want 400 before the handler", rec.Code, reached)
			}
			var p struct {
				Code   string `json:"code"`
				Errors []struct {
					Field string `json:"field"`
				} `json:"errors"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
				t.Fatal(err)
			}
			if p.Code != "INVALID_ARGUMENT" || len(p.Errors) != 1 || p.Errors[0].Field != authn.APIKeyHeader {
				t.Fatalf("problem %s; want INVALID_ARGUMENT naming %s", rec.Body, authn.APIKeyHeader)
			}
		})
	}
}
