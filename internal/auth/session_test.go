package auth_test

import (
	"net/http"
	"testing"
)

func TestRefreshRotatesAndReuseRevokesTheFamily(t *testing.T) {
	e := newEnv(t)
	first := e.login("alpha", "owner@alpha.test", ownerPassword)
	if first.Status != http.StatusOK {
		t.Fatalf("login: %d %s", first.Status, first.Raw)
	}
	if first.Body["tokenType"] != "Bearer" || first.Body["expiresIn"] != float64(900) {
		t.Fatalf("login answer = %s", first.Raw)
	}
	old := first.Body["refreshToken"].(string)
	second := e.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refreshToken": old})
	if second.Status != http.StatusOK {
		t.Fatalf("refresh: %d %s", second.Status, second.Raw)
	}
	rotated := second.Body["refreshToken"].(string)
	if rotated == old {
		t.Fatal("refresh returned the same refresh token")
	}
	reuse := e.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refreshToken": old})
	if reuse.Status != http.StatusUnauthorized || reuse.Code() != "UNAUTHENTICATED" {
		t.Fatalf("reusing the spent token: %d %s", reuse.Status, reuse.Raw)
	}
	after := e.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refreshToken": rotated})
	if after.Status != http.StatusUnauthorized {
		t.Fatalf("the rotated token still works after reuse was detected: %d %s", after.Status, after.Raw)
	}
}

func TestLogoutEndsTheSession(t *testing.T) {
	e := newEnv(t)
	r := e.login("alpha", "owner@alpha.test", ownerPassword)
	access, refresh := r.Body["accessToken"].(string), r.Body["refreshToken"].(string)
	sessions := e.do("GET", "/api/v1/auth/sessions", access, nil)
	if items := sessions.Body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["current"] != true {
		t.Fatalf("sessions = %s", sessions.Raw)
	}
	if out := e.do("POST", "/api/v1/auth/logout", access, nil); out.Status != http.StatusNoContent {
		t.Fatalf("logout: %d %s", out.Status, out.Raw)
	}
	if again := e.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refreshToken": refresh}); again.Status != http.StatusUnauthorized {
		t.Fatalf("refresh after logout: %d %s", again.Status, again.Raw)
	}
}
