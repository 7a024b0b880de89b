package auth_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/platform/tokenseal"
)

// The invite and reset tokens reach the notify service sealed: the
// events carry what only holders of the service token secret can open,
// and the user's address and language.
func TestInviteAndResetEventsCarryTheTokenSealed(t *testing.T) {
	const secret = "shared-service-token-secret"
	e := newEnv(t, func(d *auth.Deps) { d.Config.ServiceTokenSecret = secret })
	owner := e.token("alpha", "owner@alpha.test")
	var invite struct {
		User struct {
			ID     string `json:"id"`
			Locale string `json:"locale"`
		} `json:"user"`
		InviteToken string `json:"inviteToken"`
	}
	e.do(http.MethodPost, auth.Base+"/invites", owner, map[string]any{"email": "rina@alpha.test", "name": "Rina",
		"locale": "bn"}).Want(t, http.StatusCreated).Decode(t, &invite)
	if invite.User.Locale != "bn" {
		t.Errorf("the user's locale %q, want bn", invite.User.Locale)
	}
	var reset struct {
		ResetToken string `json:"resetToken"`
	}
	e.do(http.MethodPost, auth.Base+"/users/"+invite.User.ID+"/password-reset", owner, nil).
		Want(t, http.StatusCreated).Decode(t, &reset)

	for typ, token := range map[string]string{auth.EventUserInvited: invite.InviteToken, auth.EventResetIssued: reset.ResetToken} {
		evs := e.db.Outbox(t, "auth", e.a, typ)
		if len(evs) != 1 {
			t.Fatalf("%d %s events, want 1", len(evs), typ)
		}
		raw := string(evs[0].Data)
		if strings.Contains(raw, token) {
			t.Errorf("%s shows the token in the clear: %s", typ, raw)
		}
		var p struct {
			Email, Locale, SealedToken string
		}
		if err := json.Unmarshal(evs[0].Data, &p); err != nil {
			t.Fatal(err)
		}
		opened, err := tokenseal.Open(secret, p.SealedToken)
		if err != nil || opened != token || p.Email != "rina@alpha.test" || p.Locale != "bn" {
			t.Errorf("%s: %+v opens to %q (%v), want the token", typ, p, opened, err)
		}
	}
}

// Without the secret nothing could open a sealed token: no event.
func TestNoTokenEventWithoutTheSecret(t *testing.T) {
	e := newEnv(t)
	owner := e.token("alpha", "owner@alpha.test")
	e.do(http.MethodPost, auth.Base+"/invites", owner, map[string]any{"email": "sumi@alpha.test", "name": "Sumi"}).
		Want(t, http.StatusCreated)
	if evs := e.db.Outbox(t, "auth", e.a, auth.EventUserInvited); len(evs) != 0 {
		t.Errorf("%d invited events without a secret", len(evs))
	}
}
