package auth_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// The attacks of issue 22 on Idempotency-Key: each repeats another
// user's request with the same key and body, hoping for its stored
// answer.
func TestIdempotencyKeysNeverAnswerAnotherCaller(t *testing.T) {
	e := newEnv(t)
	owner := e.token("alpha", "owner@alpha.test")
	e.user(e.a, "admin@alpha.test", authz.RoleAdmin)
	admin := e.token("alpha", "admin@alpha.test")
	e.user(e.a, "nobody@alpha.test")
	nobody := e.token("alpha", "nobody@alpha.test")
	victim := e.user(e.a, "victim@alpha.test", authz.RoleViewer)
	key := func(name string) []string { return []string{httpx.IdempotencyHeader, name} }

	attacks := []struct {
		name, path, secret string
		by                 string
		body               any
	}{
		{"the owner's new API key", "/api/v1/auth/apikeys", "key", owner,
			map[string]any{"name": "erp sync", "permissions": []string{"auth.user.read"}}},
		{"another user's password-reset token", "/api/v1/auth/users/" + victim.ID.String() + "/password-reset", "resetToken", admin, nil},
		{"an admin's invite", "/api/v1/auth/invites", "inviteToken", admin,
			map[string]any{"email": "new@alpha.test", "name": "New"}},
	}
	for _, a := range attacks {
		t.Run(a.name, func(t *testing.T) {
			k := key("attack-" + a.secret)
			first := e.do("POST", a.path, a.by, a.body, k...)
			if first.Status != http.StatusCreated || first.Body[a.secret] == nil {
				t.Fatalf("the rightful request: %d %s", first.Status, first.Raw)
			}
			again := e.do("POST", a.path, nobody, a.body, k...)
			if again.Status != http.StatusForbidden || again.Body[a.secret] != nil || again.Header.Get(httpx.ReplayedHeader) != "" {
				t.Fatalf("a user with no role got %d %s", again.Status, again.Raw)
			}
			retry := e.do("POST", a.path, a.by, a.body, k...)
			if retry.Header.Get(httpx.ReplayedHeader) != "true" || retry.Body[a.secret] != first.Body[a.secret] {
				t.Fatalf("the rightful caller's retry: %d %s", retry.Status, retry.Raw)
			}
		})
	}

	t.Run("someone else's refusal under a key does not answer the owner", func(t *testing.T) {
		body := map[string]any{"name": "nightly export", "permissions": []string{"auth.user.read"}}
		k := key("taken-first")
		if r := e.do("POST", "/api/v1/auth/apikeys", nobody, body, k...); r.Status != http.StatusForbidden {
			t.Fatalf("no-role user: %d %s", r.Status, r.Raw)
		}
		r := e.do("POST", "/api/v1/auth/apikeys", owner, body, k...)
		if r.Status != http.StatusCreated || r.Body["key"] == nil || r.Header.Get(httpx.ReplayedHeader) != "" {
			t.Fatalf("owner after the refusal: %d %s", r.Status, r.Raw)
		}
	})

	t.Run("GraphQL createApiKey", func(t *testing.T) {
		op := map[string]any{"query": `mutation { createApiKey(input: {name: "gql sync", permissions: ["auth.user.read"]}) { key } }`}
		k := key("gql-create")
		first := e.do("POST", "/graphql/auth", owner, op, k...)
		if !strings.Contains(string(first.Raw), `"key":"`) {
			t.Fatalf("owner: %s", first.Raw)
		}
		again := e.do("POST", "/graphql/auth", nobody, op, k...)
		if strings.Contains(string(again.Raw), `"key":"`) || again.Header.Get(httpx.ReplayedHeader) != "" {
			t.Fatalf("a user with no role got: %s", again.Raw)
		}
	})
}
