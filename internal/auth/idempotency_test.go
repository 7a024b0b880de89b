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
			if first.status != http.StatusCreated || first.body[a.secret] == nil {
				t.Fatalf("the rightful request: %d %s", first.status, first.raw)
			}
			again := e.do("POST", a.path, nobody, a.body, k...)
			if again.status != http.StatusForbidden || again.body[a.secret] != nil || again.header.Get(httpx.ReplayedHeader) != "" {
				t.Fatalf("a user with no role got %d %s", again.status, again.raw)
			}
			retry := e.do("POST", a.path, a.by, a.body, k...)
			if retry.header.Get(httpx.ReplayedHeader) != "true" || retry.body[a.secret] != first.body[a.secret] {
				t.Fatalf("the rightful caller's retry: %d %s", retry.status, retry.raw)
			}
		})
	}

	t.Run("someone else's refusal under a key does not answer the owner", func(t *testing.T) {
		body := map[string]any{"name": "nightly export", "permissions": []string{"auth.user.read"}}
		k := key("taken-first")
		if r := e.do("POST", "/api/v1/auth/apikeys", nobody, body, k...); r.status != http.StatusForbidden {
			t.Fatalf("no-role user: %d %s", r.status, r.raw)
		}
		r := e.do("POST", "/api/v1/auth/apikeys", owner, body, k...)
		if r.status != http.StatusCreated || r.body["key"] == nil || r.header.Get(httpx.ReplayedHeader) != "" {
			t.Fatalf("owner after the refusal: %d %s", r.status, r.raw)
		}
	})

	t.Run("GraphQL createApiKey", func(t *testing.T) {
		op := map[string]any{"query": `mutation { createApiKey(input: {name: "gql sync", permissions: ["auth.user.read"]}) { key } }`}
		k := key("gql-create")
		first := e.do("POST", "/graphql/auth", owner, op, k...)
		if !strings.Contains(string(first.raw), `"key":"`) {
			t.Fatalf("owner: %s", first.raw)
		}
		again := e.do("POST", "/graphql/auth", nobody, op, k...)
		if strings.Contains(string(again.raw), `"key":"`) || again.header.Get(httpx.ReplayedHeader) != "" {
			t.Fatalf("a user with no role got: %s", again.raw)
		}
	})
}
