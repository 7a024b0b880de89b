package auth_test

import (
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestWrongPasswordsLockTheAccount(t *testing.T) {
	e := newEnv(t)
	unknown := e.login("alpha", "nobody@alpha.test", "wrong password 123")
	wrong := e.login("alpha", "owner@alpha.test", "wrong password 123")
	if unknown.Status != http.StatusUnauthorized || unknown.Status != wrong.Status ||
		unknown.Detail() != wrong.Detail() || unknown.Code() != wrong.Code() {
		t.Fatalf("unknown email and wrong password differ:\n%s\n%s", unknown.Raw, wrong.Raw)
	}
	unknownTenant := e.login("no-such-tenant", "owner@alpha.test", "wrong password 123")
	if unknownTenant.Status != wrong.Status || unknownTenant.Detail() != wrong.Detail() {
		t.Fatalf("unknown tenant answers differently: %s", unknownTenant.Raw)
	}

	var last apitest.Response
	backedOff := false
	for failures := 1; failures < 20; { // one failure is already counted
		last = e.login("alpha", "owner@alpha.test", "wrong password 123")
		switch {
		case last.Status == http.StatusUnauthorized:
			failures++
		case last.Status == http.StatusTooManyRequests && strings.Contains(last.Detail(), "locked"):
			failures++ // the failure that locked the account
		case last.Status == http.StatusTooManyRequests:
			// Backoff between failures: wait as told, then try again.
			backedOff = true
			secs, err := strconv.Atoi(last.Header.Get("Retry-After"))
			if err != nil || secs < 1 || secs > 60 {
				t.Fatalf("backoff Retry-After = %q", last.Header.Get("Retry-After"))
			}
			e.clock.Add(time.Duration(secs) * time.Second)
		default:
			t.Fatalf("attempt answered %d %s", last.Status, last.Raw)
		}
	}
	if !backedOff {
		t.Error("no backoff before the lock")
	}
	if last.Status != http.StatusTooManyRequests || last.Code() != "RATE_LIMITED" || !strings.Contains(last.Detail(), "locked") {
		t.Fatalf("20th failure: %d %s, want RATE_LIMITED naming the lock", last.Status, last.Raw)
	}
	if secs, _ := strconv.Atoi(last.Header.Get("Retry-After")); secs < 14*60 || secs > 15*60 {
		t.Fatalf("Retry-After = %q, want about 15 minutes", last.Header.Get("Retry-After"))
	}
	if r := e.login("alpha", "owner@alpha.test", ownerPassword); r.Status != http.StatusTooManyRequests {
		t.Fatalf("the right password got through a locked account: %d", r.Status)
	}
	e.clock.Add(15*time.Minute + time.Second)
	if r := e.login("alpha", "owner@alpha.test", ownerPassword); r.Status != http.StatusOK {
		t.Fatalf("after the lock: %d %s", r.Status, r.Raw)
	}
}

func TestLockoutOfUnknownEmailLooksTheSame(t *testing.T) {
	e := newEnv(t)
	var last apitest.Response
	for failures := 0; failures < 20; {
		last = e.login("alpha", "ghost@alpha.test", "wrong password 123")
		if last.Status == http.StatusTooManyRequests && !strings.Contains(last.Detail(), "locked") {
			secs, _ := strconv.Atoi(last.Header.Get("Retry-After"))
			e.clock.Add(time.Duration(secs) * time.Second)
			continue
		}
		failures++
	}
	if last.Status != http.StatusTooManyRequests || !strings.Contains(last.Detail(), "locked") {
		t.Fatalf("unknown email after 20 failures: %d %s", last.Status, last.Raw)
	}
}

func TestPasswordPolicy(t *testing.T) {
	e := newEnv(t)
	owner := e.token("alpha", "owner@alpha.test")
	inv := e.do("POST", "/api/v1/auth/invites", owner, map[string]any{"email": "new@alpha.test", "name": "New", "roles": []string{"viewer"}})
	if inv.Status != http.StatusCreated {
		t.Fatalf("invite: %d %s", inv.Status, inv.Raw)
	}
	token := inv.Body["inviteToken"].(string)
	for _, bad := range []string{"short", "new@alpha.test", "aaaaaaaaaaaaaaaa"} {
		r := e.do("POST", "/api/v1/auth/invites/accept", "", map[string]string{"token": token, "password": bad})
		if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Raw), `"field":"password"`) {
			t.Errorf("password %q: %d %s", bad, r.Status, r.Raw)
		}
	}
	if r := e.do("POST", "/api/v1/auth/invites/accept", "", map[string]string{"token": token, "password": ownerPassword}); r.Status != http.StatusNoContent {
		t.Fatalf("accept: %d %s", r.Status, r.Raw)
	}
	if r := e.do("POST", "/api/v1/auth/invites/accept", "", map[string]string{"token": token, "password": ownerPassword}); r.Status != http.StatusUnauthorized {
		t.Fatalf("a used invitation worked again: %d", r.Status)
	}
	tok := e.token("alpha", "new@alpha.test")
	if r := e.do("POST", "/api/v1/auth/password/change", tok, map[string]string{"currentPassword": ownerPassword,
		"newPassword": "a brand new passphrase 2026"}); r.Status != http.StatusNoContent {
		t.Fatalf("change: %d %s", r.Status, r.Raw)
	}

	// Each password set is announced once, the invitation's as the
	// activation of the invited user, for the audit log and the caches
	// that hold the user.
	userID := inv.Body["user"].(map[string]any)["id"].(string)
	rows, err := e.db.Admin.Query(t.Context(), `select subject, data->>'how', (data->>'activated')::bool from auth.outbox
		where type = 'vextrus.auth.user.password_set.v1' order by occurred_at, event_id`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var subject, how string
		var activated bool
		if err := rows.Scan(&subject, &how, &activated); err != nil {
			t.Fatal(err)
		}
		if subject != userID {
			t.Errorf("password_set subject %s, want the user %s", subject, userID)
		}
		got = append(got, how+" "+strconv.FormatBool(activated))
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	if strings.Join(got, ", ") != "invite true, change false" {
		t.Errorf("password_set events %q, want the invitation's (activating) then the change's", got)
	}
}
