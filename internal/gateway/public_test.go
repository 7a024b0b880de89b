package gateway_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestEveryNonPublicRouteNeedsAToken walks the merged OpenAPI document:
// every operation not marked public (`security: []`) answers 401
// UNAUTHENTICATED without a credential, and the public ones are only
// login, refresh, one-time-token acceptance, JWKS and documents.
func TestEveryNonPublicRouteNeedsAToken(t *testing.T) {
	e := newEnv(t, options{})
	r := e.do(http.MethodGet, "/api/openapi.json", "", nil)
	if r.Status != http.StatusOK {
		t.Fatalf("openapi: %d", r.Status)
	}
	param := regexp.MustCompile(`\{[^}]+\}`)
	public := regexp.MustCompile(`/(login|refresh|invites/accept|password/reset|openapi\.json|jwks\.json)$`)
	paths := r.Body["paths"].(map[string]any)
	checked := 0
	for path, item := range paths {
		for method, op := range item.(map[string]any) {
			o, ok := op.(map[string]any)
			if !ok {
				continue
			}
			if sec, ok := o["security"].([]any); ok && len(sec) == 0 {
				if !public.MatchString(path) {
					t.Errorf("%s %s is public", strings.ToUpper(method), path)
				}
				continue
			}
			url := param.ReplaceAllString(path, "01a21ee4-6d05-794a-978a-aef0f0a66464")
			got := e.do(strings.ToUpper(method), url, "", "{}")
			if got.Status != http.StatusUnauthorized || got.Body["code"] != "UNAUTHENTICATED" {
				t.Errorf("%s %s without a token: %d %s", strings.ToUpper(method), path, got.Status, got.Raw)
			}
			checked++
		}
	}
	if checked < 10 {
		t.Fatalf("only %d protected operations checked", checked)
	}
	t.Logf("%d protected operations refused without a token", checked)
}
