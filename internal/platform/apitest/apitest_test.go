package apitest_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// server logs in one user, answers /me only with that user's token and
// /graphql with an error carrying a platform code.
func server(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+apitest.LoginPath, func(w http.ResponseWriter, r *http.Request) {
		var in struct{ Tenant, Email, Password string }
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Password != "secret" {
			httpx.WriteError(w, r, errs.E(errs.Unauthenticated, "wrong password"))
			return
		}
		httpx.WriteJSON(w, http.StatusOK, map[string]string{"accessToken": "tok-" + in.Email})
	})
	mux.HandleFunc("GET /me", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok-rahim@alpha.test" {
			httpx.WriteError(w, r, errs.E(errs.Unauthenticated, "no credential"))
			return
		}
		httpx.WriteJSON(w, http.StatusOK, map[string]string{"tenant": r.Header.Get("X-Tenant-ID")})
	})
	mux.HandleFunc("POST /things", func(w http.ResponseWriter, r *http.Request) {
		httpx.WriteError(w, r, errs.Field("name", "is required"))
	})
	mux.HandleFunc("POST /graphql", func(w http.ResponseWriter, r *http.Request) {
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"errors": []any{
			map[string]any{"message": "not allowed", "extensions": map[string]any{"code": "FORBIDDEN"}}}})
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestALoggedInClientSendsItsTokenAndHeaders(t *testing.T) {
	srv := server(t)
	anon := apitest.New(t, srv.URL, srv.Client())
	anon.Do("GET", "/me", nil).WantProblem(t, http.StatusUnauthorized, errs.Unauthenticated)

	user := anon.Login("alpha", "rahim@alpha.test", "secret").WithHeader("X-Tenant-ID", "alpha")
	if user.Token() != "tok-rahim@alpha.test" {
		t.Fatalf("token %q", user.Token())
	}
	if got := user.Do("GET", "/me", nil).Want(t, http.StatusOK).Body["tenant"]; got != "alpha" {
		t.Fatalf("header X-Tenant-ID arrived as %v", got)
	}
	if anon.Token() != "" {
		t.Fatal("logging in changed the client it was derived from")
	}
}

func TestProblemsAndGraphQLErrorsAreRead(t *testing.T) {
	srv := server(t)
	c := apitest.New(t, srv.URL, srv.Client())

	r := c.Do("POST", "/things", map[string]string{})
	p := r.WantProblem(t, http.StatusBadRequest, errs.InvalidArgument)
	if r.Code() != "INVALID_ARGUMENT" || !slices.Equal(r.Fields(t), []string{"name"}) || p.Detail == "" {
		t.Fatalf("problem read as code %q, fields %v, detail %q", r.Code(), r.Fields(t), p.Detail)
	}

	if code, msg := c.GraphQL("/graphql", "{ secret }", nil).FirstError(); code != "FORBIDDEN" || msg != "not allowed" {
		t.Fatalf("first GraphQL error read as %q %q", code, msg)
	}
}
