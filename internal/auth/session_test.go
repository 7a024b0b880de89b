package auth_test

import (
	"net/http"
	"testing"
)

func TestRefreshRotatesAndReuseRevokesTheFamily(t *testing.T) {
	e := newEnv(t)
	first := e.login("alpha", "owner@alpha.test", ownerPassword)
	if first.status != http.StatusOK {
		t.Fatalf("login: %d %s", first.status, first.raw)
	}
	if first.body["tokenType"] != "Bearer" || first.body["expiresIn"] != float64(900) {
		t.Fatalf("login answer = %s", first.raw)
	}
	old := first.body["refreshToken"].(string)
	second := e.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refreshToken": old})
	if second.status != http.StatusOK {
		t.Fatalf("refresh: %d %s", second.status, second.raw)
	}
	rotated := second.body["refreshToken"].(string)
	if rotated == old {
		t.Fatal("refresh returned the same refresh token")
	}
	reuse := e.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refreshToken": old})
	if reuse.status != http.StatusUnauthorized || reuse.code() != "UNAUTHENTICATED" {
		t.Fatalf("reusing the spent token: %d %s", reuse.status, reuse.raw)
	}
	after := e.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refreshToken": rotated})
	if after.status != http.StatusUnauthorized {
		t.Fatalf("the rotated token still works after reuse was detected: %d %s", after.status, after.raw)
	}
}

func TestLogoutEndsTheSession(t *testing.T) {
	e := newEnv(t)
	r := e.login("alpha", "owner@alpha.test", ownerPassword)
	access, refresh := r.body["accessToken"].(string), r.body["refreshToken"].(string)
	sessions := e.do("GET", "/api/v1/auth/sessions", access, nil)
	if items := sessions.body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["current"] != true {
		t.Fatalf("sessions = %s", sessions.raw)
	}
	if out := e.do("POST", "/api/v1/auth/logout", access, nil); out.status != http.StatusNoContent {
		t.Fatalf("logout: %d %s", out.status, out.raw)
	}
	if again := e.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refreshToken": refresh}); again.status != http.StatusUnauthorized {
		t.Fatalf("refresh after logout: %d %s", again.status, again.raw)
	}
}
