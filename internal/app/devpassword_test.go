package app_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/vextrus/vextrus/internal/app"
)

// devConfig is the configuration `vextrus dev` (and the bench harness)
// starts from: defaults and the VEXTRUS_* variables.
func devConfig(tb testing.TB) app.Config {
	tb.Helper()
	cfg, err := app.LoadConfig(context.Background(), "", app.Dev)
	if err != nil {
		tb.Fatal(err)
	}
	return cfg
}

func TestDevGeneratesTheAppPasswordOnceAndKeepsIt(t *testing.T) {
	t.Setenv("VEXTRUS_DATABASE_APP_PASSWORD", "")
	dir := t.TempDir()
	first := devConfig(t)
	file, err := app.DevAppPassword(&first, dir)
	if err != nil {
		t.Fatal(err)
	}
	password := first.Database.AppPassword
	if len(password) < 20 || file != filepath.Join(dir, "app-password") {
		t.Fatalf("password %q in %q, want a long random one in the dev dir", password, file)
	}
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %v, want 0600: only its owner may read the password", file, fi.Mode().Perm())
	}

	again := devConfig(t)
	if _, err := app.DevAppPassword(&again, dir); err != nil {
		t.Fatal(err)
	}
	if again.Database.AppPassword != password {
		t.Errorf("second start got %q, want the first start's password kept", again.Database.AppPassword)
	}

	other := devConfig(t)
	if _, err := app.DevAppPassword(&other, t.TempDir()); err != nil {
		t.Fatal(err)
	}
	if other.Database.AppPassword == password {
		t.Errorf("two dev directories got the same password %q: it is a constant, not generated", password)
	}
}

func TestDevUsesTheConfiguredAppPassword(t *testing.T) {
	t.Setenv("VEXTRUS_DATABASE_APP_PASSWORD", "chosen-by-the-developer")
	dir := t.TempDir()
	cfg := devConfig(t)
	file, err := app.DevAppPassword(&cfg, dir)
	if err != nil {
		t.Fatal(err)
	}
	if file != "" || cfg.Database.AppPassword != "chosen-by-the-developer" {
		t.Fatalf("password %q from file %q, want the configured one and no file", cfg.Database.AppPassword, file)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the dev dir holds %d files, want none written", len(entries))
	}
}
