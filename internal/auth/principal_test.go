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
		if r.status != http.StatusOK || r.header.Get("Cache-Control") != "no-store" {
			t.Fatalf("got %d %s (Cache-Control %q)", r.status, r.raw, r.header.Get("Cache-Control"))
		}
		perms := strs(r.body["permissions"])
		if r.body["tenantId"] != e.a.String() || r.body["tenantStatus"] != auth.TenantActive || r.body["apiKey"] != false ||
			!slices.Equal(strs(r.body["roles"]), []string{"owner"}) || !slices.Contains(perms, "probe.thing.read") ||
			!slices.Contains(perms, auth.PermTenantProvision) || !slices.IsSorted(perms) {
			t.Fatalf("principal: %s", r.raw)
		}
	})

	t.Run("an API key: its id and scopes", func(t *testing.T) {
		made := e.do("POST", "/api/v1/auth/apikeys", owner, map[string]any{"name": "sync", "permissions": []string{"probe.thing.read"}})
		key, _ := made.body["key"].(string)
		for _, header := range [][2]string{{"Authorization", "Bearer " + key}, {authn.APIKeyHeader, key}} {
			r := e.do("GET", auth.PrincipalPath, "", nil, header[0], header[1])
			if r.status != http.StatusOK || r.body["apiKey"] != true || r.body["userId"] != made.body["id"] ||
				!slices.Equal(strs(r.body["permissions"]), []string{"probe.thing.read"}) || len(r.body["roles"].([]any)) != 0 {
				t.Fatalf("with %s: %d %s", header[0], r.status, r.raw)
			}
		}
	})

	t.Run("no credential or a bad one is refused", func(t *testing.T) {
		for _, cred := range []string{"", "not-a-token", "vx_AAAA", owner[:len(owner)-4] + "AAAA"} {
			if r := e.do("GET", auth.PrincipalPath, cred, nil); r.status != http.StatusUnauthorized || r.code() != "UNAUTHENTICATED" {
				t.Fatalf("credential %q: %d %s", cred, r.status, r.raw)
			}
		}
	})

	t.Run("a suspended tenant is reported, with nothing granted, where other endpoints refuse", func(t *testing.T) {
		if _, err := e.svc.SetTenantStatus(context.Background(), e.a, auth.TenantSuspended); err != nil {
			t.Fatal(err)
		}
		if r := e.do("GET", "/api/v1/auth/me", owner, nil); r.status != http.StatusUnauthorized {
			t.Fatalf("me of a suspended tenant: %d %s", r.status, r.raw)
		}
		r := e.do("GET", auth.PrincipalPath, owner, nil)
		if r.status != http.StatusOK || r.body["tenantStatus"] != auth.TenantSuspended || len(r.body["permissions"].([]any)) != 0 {
			t.Fatalf("principal of a suspended tenant: %d %s", r.status, r.raw)
		}
	})
}
