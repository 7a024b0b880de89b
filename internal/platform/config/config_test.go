package config_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/config"
)

type dbSection struct {
	URL      string `yaml:"url" secret:"true"`
	MaxConns int32  `yaml:"max_conns"`
}

func (d *dbSection) Validate(c *config.Checker) {
	c.Check(d.MaxConns > 0, "max_conns", "must be positive")
}

type policy struct {
	Timeout time.Duration `yaml:"timeout"`
}

type root struct {
	HTTP struct {
		Addr string `yaml:"addr"`
	} `yaml:"http"`
	Database dbSection         `yaml:"database"`
	Brokers  []string          `yaml:"brokers"`
	Clients  map[string]policy `yaml:"clients"`
	Debug    bool              `yaml:"debug"`
}

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestLoadLayersDefaultsFileEnvAndSecrets(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "vextrus.yaml")
	os.WriteFile(file, []byte("http:\n  addr: 0.0.0.0:9000\ndatabase:\n  max_conns: 7\nclients:\n  auth:\n    timeout: 2s\n"), 0o600)
	secret := filepath.Join(dir, "dbpass")
	os.WriteFile(secret, []byte("postgres://u:p@db/x\n"), 0o600)

	cfg := root{Database: dbSection{MaxConns: 4}}
	cfg.HTTP.Addr = "127.0.0.1:8080"
	err := config.Load(context.Background(), &cfg, config.Source{File: file, Lookup: env(map[string]string{
		"VEXTRUS_DATABASE_URL":         "file:" + secret,
		"VEXTRUS_BROKERS":              "a:9092, b:9092",
		"VEXTRUS_CLIENTS_AUTH_TIMEOUT": "750ms",
		"VEXTRUS_DEBUG":                "true",
	})})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.HTTP.Addr != "0.0.0.0:9000" {
		t.Errorf("file did not override default: %q", cfg.HTTP.Addr)
	}
	if cfg.Database.MaxConns != 7 {
		t.Errorf("max_conns = %d", cfg.Database.MaxConns)
	}
	if cfg.Database.URL != "postgres://u:p@db/x" {
		t.Errorf("file: secret not resolved: %q", cfg.Database.URL)
	}
	if strings.Join(cfg.Brokers, "|") != "a:9092|b:9092" {
		t.Errorf("brokers = %v", cfg.Brokers)
	}
	if cfg.Clients["auth"].Timeout != 750*time.Millisecond {
		t.Errorf("env did not override map entry: %v", cfg.Clients["auth"].Timeout)
	}
	if !cfg.Debug {
		t.Error("bool from env not set")
	}
}

func TestLoadReportsEveryProblemAtOnceNamingTheVariable(t *testing.T) {
	cfg := root{}
	err := config.Load(context.Background(), &cfg, config.Source{Lookup: env(map[string]string{
		"VEXTRUS_DEBUG":        "maybe",
		"VEXTRUS_DATABASE_URL": "env:NOT_SET_ANYWHERE",
	})})
	ps, ok := err.(config.Problems)
	if !ok {
		t.Fatalf("error %v is not Problems", err)
	}
	msg := err.Error()
	for _, want := range []string{"VEXTRUS_DEBUG", "VEXTRUS_DATABASE_URL", "NOT_SET_ANYWHERE", "VEXTRUS_DATABASE_MAX_CONNS"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error does not mention %s:\n%s", want, msg)
		}
	}
	if len(ps) != 3 {
		t.Errorf("got %d problems, want 3: %v", len(ps), ps)
	}
}

func TestVaultReferenceWithoutResolverIsAnError(t *testing.T) {
	cfg := root{Database: dbSection{MaxConns: 1, URL: "vault:secret/db#url"}}
	err := config.Load(context.Background(), &cfg, config.Source{Lookup: env(nil)})
	if err == nil || !strings.Contains(err.Error(), "no vault resolver") {
		t.Fatalf("err = %v", err)
	}
}

func TestURLsAreNotReferences(t *testing.T) {
	cfg := root{Database: dbSection{MaxConns: 1}}
	err := config.Load(context.Background(), &cfg, config.Source{Lookup: env(map[string]string{
		"VEXTRUS_DATABASE_URL": "file://not/a/ref",
	})})
	if err != nil || cfg.Database.URL != "file://not/a/ref" {
		t.Fatalf("err=%v url=%q", err, cfg.Database.URL)
	}
}

func TestUnknownKeyInFileIsRefused(t *testing.T) {
	file := filepath.Join(t.TempDir(), "vextrus.yaml")
	os.WriteFile(file, []byte("databse:\n  url: x\n"), 0o600)
	cfg := root{Database: dbSection{MaxConns: 1}}
	err := config.Load(context.Background(), &cfg, config.Source{File: file, Lookup: env(nil)})
	if err == nil || !strings.Contains(err.Error(), "databse") {
		t.Fatalf("err = %v", err)
	}
}

func TestPrintRedactsSecrets(t *testing.T) {
	cfg := root{Database: dbSection{URL: "postgres://u:hunter2@db/x", MaxConns: 3}}
	var b bytes.Buffer
	if err := config.Print(&b, &cfg); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "hunter2") {
		t.Fatalf("secret printed:\n%s", out)
	}
	if !strings.Contains(out, "VEXTRUS_DATABASE_URL="+config.Redacted+" # restart\n") || !strings.Contains(out, "VEXTRUS_DATABASE_MAX_CONNS=3 # restart\n") {
		t.Fatalf("unexpected output:\n%s", out)
	}
}

// A process split from the others learns where they are from its
// environment alone (Compose, Kubernetes): a variable naming a map entry
// the file lacks adds it.
func TestEnvironmentAloneGivesAMapEntry(t *testing.T) {
	type endpoint struct {
		URL         string `yaml:"url"`
		InternalURL string `yaml:"internal_url"`
	}
	var cfg struct {
		Services map[string]endpoint `yaml:"services"`
	}
	vars := map[string]string{
		"VEXTRUS_SERVICES_AUTH_URL":          "http://auth:8080",
		"VEXTRUS_SERVICES_AUTH_INTERNAL_URL": "http://auth:8081",
		"VEXTRUS_SERVICES_FINANCE_URL":       "http://finance:8080",
		"VEXTRUS_SERVICES_URL":               "no key",
	}
	var environ []string
	for k, v := range vars {
		environ = append(environ, k+"="+v)
	}
	err := config.Load(context.Background(), &cfg, config.Source{Lookup: env(vars), Environ: func() []string { return environ }})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]endpoint{"auth": {URL: "http://auth:8080", InternalURL: "http://auth:8081"}, "finance": {URL: "http://finance:8080"}}
	if len(cfg.Services) != len(want) || cfg.Services["auth"] != want["auth"] || cfg.Services["finance"] != want["finance"] {
		t.Errorf("services %+v, want %+v", cfg.Services, want)
	}
}
