package webhook_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/vextrus/vextrus/internal/notify/webhook"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// restAs serves the webhook API with every request made by p, as the
// authn middleware would put it there.
func (e *env) restAs(t *testing.T, p *authz.Principal) *apitest.Client {
	t.Helper()
	mux := http.NewServeMux()
	e.svc.Routes(mux)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r.WithContext(authz.With(r.Context(), p)))
	}))
	t.Cleanup(srv.Close)
	return apitest.New(t, srv.URL, srv.Client())
}

func TestRESTShowsTheSecretOnlyWhenMadeAndGuardsChanges(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tid := tenant.New()
	p, _ := authzPrincipal(admin(tid))
	c := e.restAs(t, p)

	created := c.Do("POST", webhook.Base, map[string]any{"url": "https://erp.example.com/hooks",
		"description": "ledger sync", "eventTypes": []string{"vextrus.finance.*"}}).Want(t, http.StatusCreated)
	var got webhook.SecretJSON
	created.Decode(t, &got)
	if got.Secret == "" || got.Status != webhook.Active || created.Header.Get("Location") != webhook.Base+"/"+got.ID ||
		created.Header.Get("ETag") != `"1"` {
		t.Fatalf("create answered %s with headers %v", created.Raw, created.Header)
	}
	one := c.Do("GET", webhook.Base+"/"+got.ID, nil).Want(t, http.StatusOK)
	if _, ok := one.Body["secret"]; ok {
		t.Fatal("GET shows the secret")
	}
	list := c.Do("GET", webhook.Base, nil).Want(t, http.StatusOK)
	if items, _ := list.Body["items"].([]any); len(items) != 1 {
		t.Fatalf("list = %s", list.Raw)
	}

	c.Do("PATCH", webhook.Base+"/"+got.ID, map[string]any{"status": "paused"}).
		WantProblem(t, http.StatusPreconditionRequired, errs.FailedPrecondition)
	c.Do("PATCH", webhook.Base+"/"+got.ID, map[string]any{"status": "paused"}, "If-Match", `"7"`).
		WantProblem(t, http.StatusPreconditionFailed, errs.FailedPrecondition)
	patched := c.Do("PATCH", webhook.Base+"/"+got.ID, map[string]any{"status": "paused"}, "If-Match", `"1"`).Want(t, http.StatusOK)
	if patched.Body["status"] != "paused" || patched.Header.Get("ETag") != `"2"` {
		t.Fatalf("patch answered %s", patched.Raw)
	}

	rotated := c.Do("POST", webhook.Base+"/"+got.ID+"/rotate-secret", nil).Want(t, http.StatusOK)
	if s, _ := rotated.Body["secret"].(string); s == "" || s == got.Secret {
		t.Fatalf("rotate answered %s", rotated.Raw)
	}
	c.Do("GET", webhook.Base+"/"+got.ID+"/deliveries?status=dead", nil).Want(t, http.StatusOK)
	c.Do("GET", webhook.Base+"/"+got.ID+"/deliveries?status=lost", nil).WantProblem(t, http.StatusBadRequest, errs.InvalidArgument)
	c.Do("GET", webhook.Base+"/dead-letters", nil).Want(t, http.StatusOK)
	c.Do("POST", webhook.Base, map[string]any{"url": "http://erp.example.com/hooks", "eventTypes": []string{"*"}}).
		WantProblem(t, http.StatusBadRequest, errs.InvalidArgument)

	reader := &authz.Principal{UserID: "reader", Tenant: tid, Permissions: map[string]bool{webhook.PermRead: true}}
	r := e.restAs(t, reader)
	r.Do("GET", webhook.Base+"/"+got.ID, nil).Want(t, http.StatusOK)
	r.Do("DELETE", webhook.Base+"/"+got.ID, nil).WantProblem(t, http.StatusForbidden, errs.PermissionDenied)

	c.Do("DELETE", webhook.Base+"/"+got.ID, nil).Want(t, http.StatusNoContent)
	c.Do("GET", webhook.Base+"/"+got.ID, nil).WantProblem(t, http.StatusNotFound, errs.NotFound)
}
