package app_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/testwait"
	"github.com/vextrus/vextrus/internal/platform/vault/vaulttest"
)

// vaultEnv points the process configuration at a Vault logging in with a
// new AppRole whose role id is in a file and secret id in a variable, as
// a deployment mounts them.
func vaultEnv(t *testing.T, env *vaulttest.Env) {
	t.Helper()
	roleID, secretID := env.AppRole(t, time.Hour, 0)
	file := filepath.Join(t.TempDir(), "role-id")
	if err := os.WriteFile(file, []byte(roleID+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("VEXTRUS_VAULT_ADDRESS", env.Addr)
	t.Setenv("VEXTRUS_VAULT_AUTH", "approle")
	t.Setenv("VEXTRUS_VAULT_ROLE_ID", "file:"+file)
	t.Setenv("VEXTRUS_VAULT_SECRET_ID", "env:TEST_VAULT_SECRET_ID")
	t.Setenv("TEST_VAULT_SECRET_ID", secretID)
}

func TestServeReadsTheAppPasswordFromVaultAndWatchesIt(t *testing.T) {
	env := vaulttest.Start(t)
	vaultEnv(t, env)
	path := "vextrus-test/" + t.Name()
	env.Put(t, path, map[string]any{"password": dbtest.AppPassword})
	d := dbtest.New(t, db.PlatformSchema)
	t.Setenv("VEXTRUS_DATABASE_URL", d.AdminURL)
	t.Setenv("VEXTRUS_DATABASE_APP_PASSWORD", "vault:secret/"+path+"#password")
	t.Setenv("VEXTRUS_VAULT_ROTATION_CHECK", "20ms")

	cfg, err := app.LoadConfig(context.Background(), "", app.Serve)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Database.AppPassword != dbtest.AppPassword {
		t.Fatalf("database.app_password = %q; want the value in Vault", cfg.Database.AppPassword)
	}
	if env.Double != nil && env.Double.Calls("auth/token/revoke-self") != 1 {
		t.Fatal("the login that loaded the configuration was not revoked")
	}
	var printed bytes.Buffer
	if err := config.Print(&printed, &cfg); err != nil || strings.Contains(printed.String(), dbtest.AppPassword) {
		t.Fatalf("config print shows the password from Vault (err %v)", err)
	}

	a := app.New(cfg, app.Serve, slog.New(slog.DiscardHandler))
	running, err := a.Start(context.Background(), []string{app.Database})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = running.Stop() })
	if a.Vault == nil {
		t.Fatal("the vault module did not start")
	}
	if err := a.DB.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	if env.Double != nil {
		testwait.For(t, 10*time.Second, "the app password's metadata checked for rotation", func() bool {
			return env.Double.Calls("*/metadata/**") >= 1
		})
	}
}

func TestAVaultReferenceWithoutVaultNamesWhatIsMissing(t *testing.T) {
	t.Setenv("VEXTRUS_VAULT_ADDRESS", "")
	t.Setenv("VEXTRUS_DATABASE_APP_PASSWORD", "vault:secret/vextrus/db#password")
	_, err := app.LoadConfig(context.Background(), "", app.Serve)
	if err == nil || !strings.Contains(err.Error(), "VEXTRUS_DATABASE_APP_PASSWORD") || !strings.Contains(err.Error(), "VEXTRUS_VAULT_ADDRESS") {
		t.Fatalf("err = %v; want it to name the setting and VEXTRUS_VAULT_ADDRESS", err)
	}
}

func TestARefusedVaultLoginNamesTheSettingToFix(t *testing.T) {
	env := vaulttest.Start(t)
	vaultEnv(t, env)
	t.Setenv("TEST_VAULT_SECRET_ID", "not-the-secret-id")
	_, err := app.LoadConfig(context.Background(), "", app.Serve)
	if err == nil || !strings.Contains(err.Error(), "VEXTRUS_VAULT_SECRET_ID") {
		t.Fatalf("err = %v; want it to name VEXTRUS_VAULT_SECRET_ID", err)
	}
}

func TestEveryMissingVaultSettingIsReportedAtOnce(t *testing.T) {
	t.Setenv("VEXTRUS_VAULT_ADDRESS", "https://vault.internal:8200")
	t.Setenv("VEXTRUS_VAULT_AUTH", "approle")
	_, err := app.LoadConfig(context.Background(), "", app.Serve)
	if err == nil || !strings.Contains(err.Error(), "VEXTRUS_VAULT_ROLE_ID") || !strings.Contains(err.Error(), "VEXTRUS_VAULT_SECRET_ID") {
		t.Fatalf("err = %v; want both AppRole settings named", err)
	}
}
