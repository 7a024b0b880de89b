package auth_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/platform/authn"
)

func strs(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

func TestPrincipalAnswersTheCallersOwnCredential(t *testing.T) {
	e := newEnv(t)
	owner := e.token("alpha", "owner@alpha.test")

	t.Run("a token: tenant, user, roles and what they grant", func(t *testing.T) {
		r := e.do("GET", auth.PrincipalPath, owner, nil)
		if r.Status != http.StatusOK || r.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("got %d %s (Cache-Control %q)", r.Status, r.Raw, r.Header.Get("Cache-Control"))
		}
		perms := strs(r.Body["permissions"])
		if r.Body["tenantId"] != e.a.String() || r.Body["tenantStatus"] != auth.TenantActive || r.Body["apiKey"] != false ||
			!slices.Equal(strs(r.Body["roles"]), []string{"owner"}) || !slices.Contains(perms, "probe.thing.read") ||
			!slices.Contains(perms, auth.PermTenantProvision) || !slices.IsSorted(perms) {
			t.Fatalf("principal: %s", r.Raw)
		}
	})

	t.Run("an API key: its id and scopes", func(t *testing.T) {
		made := e.do("POST", "/api/v1/auth/apikeys", owner, map[string]any{"name": "sync", "permissions": []string{"probe.thing.read"}})
		key, _ := made.Body["key"].(string)
		for _, header := range [][2]string{{"Authorization", "Bearer " + key}, {authn.APIKeyHeader, key}} {
			r := e.do("GET", auth.PrincipalPath, "", nil, header[0], header[1])
			if r.Status != http.StatusOK || r.Body["apiKey"] != true || r.Body["userId"] != made.Body["id"] ||
				!slices.Equal(strs(r.Body["permissions"]), []string{"probe.thing.read"}) || len(r.Body["roles"].([]any)) != 0 {
				t.Fatalf("with %s: %d %s", header[0], r.Status, r.Raw)
			}
		}
	})

	t.Run("no credential or a bad one is refused", func(t *testing.T) {
		for _, cred := range []string{"", "not-a-token", "vx_AAAA", owner[:len(owner)-4] + "AAAA"} {
			if r := e.do("GET", auth.PrincipalPath, cred, nil); r.Status != http.StatusUnauthorized || r.Code() != "UNAUTHENTICATED" {
				t.Fatalf("credential %q: %d %s", cred, r.Status, r.Raw)
			}
		}
	})

	t.Run("a suspended tenant is reported, with nothing granted, where other endpoints refuse", func(t *testing.T) {
		if _, err := e.svc.SetTenantStatus(context.Background(), e.a, auth.TenantSuspended); err != nil {
			t.Fatal(err)
		}
		if r := e.do("GET", "/api/v1/auth/me", owner, nil); r.Status != http.StatusUnauthorized {
			t.Fatalf("me of a suspended tenant: %d %s", r.Status, r.Raw)
		}
		r := e.do("GET", auth.PrincipalPath, owner, nil)
		if r.Status != http.StatusOK || r.Body["tenantStatus"] != auth.TenantSuspended || len(r.Body["permissions"].([]any)) != 0 {
			t.Fatalf("principal of a suspended tenant: %d %s", r.Status, r.Raw)
		}
	})
}
