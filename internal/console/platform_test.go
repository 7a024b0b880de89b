package console_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// The platform the tests drive: one per test process, started by the
// first test that needs it and stopped by TestMain.
var (
	platformOnce sync.Once
	platformMain *app.Main
	platformDir  string
	platformErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if platformMain != nil {
		platformMain.Close()
	}
	if platformDir != "" {
		os.RemoveAll(platformDir)
	}
	os.Exit(code)
}

// platform returns the base URL of a running Vextrus (every target, on
// embedded engines) and a client of the dev tenant's owner.
func platform(t *testing.T) (string, *apitest.Client) {
	t.Helper()
	platformOnce.Do(func() {
		if platformDir, platformErr = os.MkdirTemp("", "vextrus-console-"); platformErr != nil {
			return
		}
		// PostgreSQL may run as another OS user, who must reach its data.
		if platformErr = os.Chmod(platformDir, 0o755); platformErr != nil {
			return
		}
		platformMain, platformErr = app.NewMain(context.Background(), app.Options{Dir: platformDir})
	})
	if platformErr != nil {
		t.Fatalf("start the platform: %v", platformErr)
	}
	base := platformMain.URL()
	return base, apitest.New(t, base, nil).Login(app.DevTenant, app.DevAdmin, devPassword)
}

const (
	devPassword  = "vextrus-dev"
	userPassword = "Meghna-river-1971"
)

// person invites a user of the dev tenant with roles; they accept with
// userPassword. Returns the email.
func person(t *testing.T, base string, owner *apitest.Client, name string, roles ...string) string {
	t.Helper()
	email := fmt.Sprintf("%s-%d@demo.local", name, time.Now().UnixNano())
	var invite struct {
		InviteToken string `json:"inviteToken"`
	}
	owner.Do(http.MethodPost, "/api/v1/auth/invites", map[string]any{"email": email, "name": name, "roles": roles}).
		Want(t, http.StatusCreated).Decode(t, &invite)
	apitest.New(t, base, nil).Do(http.MethodPost, "/api/v1/auth/invites/accept",
		map[string]any{"token": invite.InviteToken, "password": userPassword}).Want(t, http.StatusNoContent)
	return email
}

var (
	rolesMu sync.Mutex
	roles   = map[string]bool{}
)

// role creates a custom role with perms, once per name in the test process.
func role(t *testing.T, owner *apitest.Client, name string, perms ...string) {
	t.Helper()
	rolesMu.Lock()
	defer rolesMu.Unlock()
	if roles[name] {
		return
	}
	owner.Do(http.MethodPost, "/api/v1/auth/roles", map[string]any{"name": name, "description": name, "permissions": perms}).
		Want(t, http.StatusCreated)
	roles[name] = true
}

// publishChain puts a one-level purchase order approval chain in force:
// holders of role approve orders above 1 lakh (once per test process).
func publishChain(t *testing.T, owner *apitest.Client, role string) {
	t.Helper()
	rolesMu.Lock()
	defer rolesMu.Unlock()
	if roles["chain:"+role] {
		return
	}
	defer func() { roles["chain:"+role] = true }()
	key := "approval.chain.purchase_order"
	testwait.For(t, 30*time.Second, "the tenant's "+key, func() bool {
		return owner.Do(http.MethodGet, "/api/v1/rules/rulesets/"+key, nil).Status == http.StatusOK
	})
	var draft struct {
		Number int `json:"number"`
	}
	owner.Do(http.MethodPost, "/api/v1/rules/rulesets/"+key+"/versions", map[string]any{
		"hitPolicy": "COLLECT", "collectAs": "levels", "effectiveFrom": "2026-01-01", "reference": "console test",
		"tests": []any{}, "rows": []any{map[string]any{"description": role + " above 1 lakh", "condition": "amount > 100000",
			"outputs": map[string]string{"role": `"` + role + `"`, "mode": `"any"`, "slaHours": "24"}}}}).
		Want(t, http.StatusCreated).Decode(t, &draft)
	owner.Do(http.MethodPost, fmt.Sprintf("/api/v1/rules/rulesets/%s/versions/%d/publish", key, draft.Number), nil).
		Want(t, http.StatusOK)
}
