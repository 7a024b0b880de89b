package auth_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/servicecred"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

const probeSecret = "probe-service-secret"

// newServiceEnv is the env with a grant for the "probe" service (it may
// list users and read the probe's things, nothing else) and the internal
// minting endpoint's secret set.
func newServiceEnv(tb testing.TB) *env {
	tb.Helper()
	return newEnv(tb, func(d *auth.Deps) {
		d.ServiceGrants = auth.ServiceGrants{"probe": {auth.PermUserRead, "probe.thing.read"}}
		d.Config.ServiceTokenSecret = probeSecret
	})
}

func (e *env) serviceToken(id tenant.ID) string {
	e.t.Helper()
	tok, err := e.svc.MintServiceToken(context.Background(), id, "probe")
	if err != nil {
		e.t.Fatal(err)
	}
	return tok.Raw
}

func TestServiceTokenActsOnlyForItsTenant(t *testing.T) {
	e := newServiceEnv(t)
	other := e.user(e.b, "secret@beta.test")
	tok := e.serviceToken(e.a)
	r := e.do("GET", "/api/v1/auth/users?limit=200", tok, nil).Want(t, http.StatusOK)
	if strings.Contains(string(r.Raw), "beta.test") || !strings.Contains(string(r.Raw), "owner@alpha.test") {
		t.Fatalf("tenant A's service token listed %s", r.Raw)
	}
	e.do("GET", "/api/v1/auth/users/"+other.ID.String(), tok, nil).WantProblem(t, http.StatusNotFound, errs.NotFound)
	e.do("GET", "/api/v1/auth/users", tok, nil, "X-Tenant-ID", e.b.String()).WantProblem(t, http.StatusForbidden, errs.PermissionDenied)
	g := e.graphql(tok, `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email } } }`,
		map[string]any{"r": []any{map[string]any{"__typename": "User", "id": other.ID.String()}}})
	if strings.Contains(string(g.Raw), "beta.test") || !strings.Contains(string(g.Raw), "NOT_FOUND") {
		t.Fatalf("_entities of B's user with A's service token: %s", g.Raw)
	}
}

func TestServiceTokenHoldsExactlyTheGrant(t *testing.T) {
	e := newServiceEnv(t)
	tok := e.serviceToken(e.a)
	r := e.do("GET", "/probe", tok, nil).Want(t, http.StatusOK)
	if r.Body["user"] != "service:probe" {
		t.Fatalf("principal %s, want service:probe", r.Raw)
	}
	e.do("GET", "/api/v1/auth/users", tok, nil).Want(t, http.StatusOK)
	// The tenant's owner holds everything; the service's token none of it
	// beyond the grant.
	e.do("GET", "/api/v1/auth/roles", tok, nil).WantProblem(t, http.StatusForbidden, errs.PermissionDenied)
	e.do("POST", "/api/v1/auth/invites", tok, map[string]any{"email": "x@alpha.test", "name": "X"}).
		WantProblem(t, http.StatusForbidden, errs.PermissionDenied)
	e.do("GET", "/api/v1/auth/me", tok, nil).WantProblem(t, http.StatusPreconditionFailed, errs.FailedPrecondition)
	p := e.do("GET", auth.PrincipalPath, tok, nil).Want(t, http.StatusOK)
	if p.Body["service"] != "probe" || len(p.Body["roles"].([]any)) != 0 || len(p.Body["permissions"].([]any)) != 2 {
		t.Fatalf("principal as auth reports it: %s", p.Raw)
	}
	t.Run("over GraphQL", func(t *testing.T) {
		if code, _ := e.graphql(tok, `{ roles { name } }`, nil).FirstError(); code != string(errs.PermissionDenied) {
			t.Fatalf("roles: %s, want PERMISSION_DENIED", code)
		}
		g := e.graphql(tok, `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id kind name email } } }`,
			map[string]any{"r": []any{map[string]any{"__typename": "User", "id": "service:probe"}}})
		if !strings.Contains(string(g.Raw), `"kind":"SERVICE"`) || g.Body["errors"] != nil {
			t.Fatalf("the service as an actor: %s", g.Raw)
		}
	})
	t.Run("expires", func(t *testing.T) {
		e.clock.Add(auth.DefaultServiceTokenTTL + time.Minute)
		e.do("GET", "/probe", tok, nil).WantProblem(t, http.StatusUnauthorized, errs.Unauthenticated)
	})
}

func TestServiceTokenRefusals(t *testing.T) {
	e := newServiceEnv(t)
	ctx := context.Background()
	t.Run("an unknown service", func(t *testing.T) {
		if _, err := e.svc.MintServiceToken(ctx, e.a, "intruder"); !errs.Is(err, errs.PermissionDenied) {
			t.Fatalf("err %v, want PERMISSION_DENIED", err)
		}
	})
	t.Run("a tenant that does not exist", func(t *testing.T) {
		if _, err := e.svc.MintServiceToken(ctx, tenant.New(), "probe"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("err %v, want NOT_FOUND", err)
		}
	})
	t.Run("a suspended tenant, whose earlier token stops too", func(t *testing.T) {
		tok := e.serviceToken(e.b)
		if _, err := e.svc.SetTenantStatus(ctx, e.b, auth.TenantSuspended); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.MintServiceToken(ctx, e.b, "probe"); !errs.Is(err, errs.FailedPrecondition) {
			t.Fatalf("err %v, want FAILED_PRECONDITION", err)
		}
		e.do("GET", "/probe", tok, nil).WantProblem(t, http.StatusUnauthorized, errs.Unauthenticated)
	})
	t.Run("a grant with auth's administration, at wiring", func(t *testing.T) {
		for _, perm := range []string{auth.PermUserWrite, auth.PermRoleAssign, auth.PermAPIKeyWrite, auth.PermTenantProvision, auth.PermSessionRevoke} {
			if err := auth.ValidServiceGrant("probe", []string{"probe.thing.read", perm}); err == nil {
				t.Errorf("a grant of %s was accepted", perm)
			}
		}
		if err := auth.ValidServiceGrant("probe", []string{auth.PermUserRead}); err != nil {
			t.Errorf("a read of auth refused: %v", err)
		}
	})
}

func TestServiceTokenEndpointNeedsTheSecret(t *testing.T) {
	e := newServiceEnv(t)
	body := map[string]string{"tenant": e.a.String(), "service": "probe"}
	for name, authorization := range map[string]string{"missing": "", "wrong": "Bearer not-the-secret",
		"a user's token instead of the": "Bearer " + e.token("alpha", "owner@alpha.test")} {
		t.Run("refuses a "+name+" secret", func(t *testing.T) {
			e.do("POST", auth.ServiceTokenPath, "", body, "Authorization", authorization).WantProblem(t, http.StatusUnauthorized, errs.Unauthenticated)
		})
	}
	r := e.do("POST", auth.ServiceTokenPath, "", body, "Authorization", "Bearer "+probeSecret).Want(t, http.StatusOK)
	var out auth.ServiceTokenJSON
	r.Decode(t, &out)
	if out.Token == "" || len(out.Permissions) != 2 || !out.ExpiresAt.After(e.clock.Now()) {
		t.Fatalf("answer %s", r.Raw)
	}
	e.do("GET", "/probe", out.Token, nil).Want(t, http.StatusOK)
	e.do("POST", auth.ServiceTokenPath, "", map[string]string{"tenant": e.a.String(), "service": "intruder"}, "Authorization", "Bearer "+probeSecret).
		WantProblem(t, http.StatusForbidden, errs.PermissionDenied)
}

func TestSourceReusesAMintedTokenAndRemintsAfterExpiry(t *testing.T) {
	e := newServiceEnv(t)
	src := servicecred.NewSource("probe", servicecred.MinterFunc(e.svc.MintServiceToken), servicecred.WithClock(e.clock.Now))
	ctx, err := src.Act(context.Background(), e.a)
	if err != nil {
		t.Fatal(err)
	}
	first := credential(ctx)
	e.clock.Add(2 * time.Minute)
	again, _ := src.Act(context.Background(), e.a)
	if credential(again) != first {
		t.Fatal("a token with three minutes left was minted again")
	}
	e.clock.Add(auth.DefaultServiceTokenTTL)
	renewed, err := src.Act(context.Background(), e.a)
	if err != nil {
		t.Fatal(err)
	}
	if credential(renewed) == first {
		t.Fatal("an expired token was reused")
	}
	e.do("GET", "/probe", strings.TrimPrefix(first, "Bearer "), nil).WantProblem(t, http.StatusUnauthorized, errs.Unauthenticated)
	e.do("GET", "/probe", strings.TrimPrefix(credential(renewed), "Bearer "), nil).Want(t, http.StatusOK)
	// In process, the context's principal answers authz as the token does.
	users, err := e.svc.ListUsers(renewed, auth.UserFilter{Limit: 10})
	if err != nil || len(users.Items) != 1 {
		t.Fatalf("in-process list with the service's context: %v", err)
	}
	if _, err := e.svc.Roles(renewed); !errs.Is(err, errs.PermissionDenied) {
		t.Fatalf("in-process roles: %v, want PERMISSION_DENIED", err)
	}
	if p, _ := authz.From(renewed); p.Tenant != e.a {
		t.Fatalf("principal tenant %s", p.Tenant)
	}
}

func credential(ctx context.Context) string { return authn.Credential(ctx) }
