package temporalx_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/temporalx"
	"github.com/vextrus/vextrus/internal/platform/temporalx/temporaltest"
)

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*temporalx.Config)
		badKeys []string
	}{
		{"defaults are valid for dev", func(*temporalx.Config) {}, nil},
		{"production with mutual TLS", func(c *temporalx.Config) {
			c.Address = "temporal.prod:7233"
			c.TLS = temporalx.TLSConfig{CAFile: "ca.pem", CertFile: "c.pem", KeyFile: "k.pem", ServerName: "temporal"}
		}, nil},
		{"rejects empty namespace and task queue", func(c *temporalx.Config) {
			c.Namespace, c.TaskQueue = "", ""
		}, []string{"namespace", "task_queue"}},
		{"rejects certificate without key", func(c *temporalx.Config) {
			c.Address = "temporal.prod:7233"
			c.TLS.CertFile = "c.pem"
		}, []string{"tls.cert_file"}},
		{"rejects TLS without address", func(c *temporalx.Config) {
			c.TLS.CAFile = "ca.pem"
		}, []string{"address"}},
		{"rejects a workflow cache of no run", func(c *temporalx.Config) {
			c.WorkflowCache = 0
		}, []string{"workflow_cache"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := temporalx.DefaultConfig()
			tt.edit(&cfg)
			var got []string
			for _, p := range config.Validate(&cfg) {
				got = append(got, p.Key)
			}
			if strings.Join(got, ",") != strings.Join(tt.badKeys, ",") {
				t.Fatalf("problems at %v, want %v", got, tt.badKeys)
			}
		})
	}
}

func TestDialAndCheck(t *testing.T) {
	srv := temporaltest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	cfg := temporalx.DefaultConfig()
	cfg.Address = srv.FrontendAddr()
	c, err := temporalx.Dial(ctx, cfg, nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer c.Close()
	if err := temporalx.Check(ctx, c); err != nil {
		t.Fatalf("check on a running server: %v", err)
	}

	t.Run("not ready once the server stops", func(t *testing.T) {
		if err := srv.Stop(); err != nil {
			t.Fatalf("stop: %v", err)
		}
		err := temporalx.Check(context.Background(), c)
		if !errs.Is(err, errs.Unavailable) {
			t.Fatalf("check on a stopped server = %v, want UNAVAILABLE", err)
		}
	})
}

func TestDialRefuses(t *testing.T) {
	ctx := context.Background()
	missing := filepath.Join(t.TempDir(), "missing-ca.pem")
	notPEM := filepath.Join(t.TempDir(), "not-a-cert.pem")
	if err := os.WriteFile(notPEM, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		cfg  temporalx.Config
		want string // in the error, so that it fails for the right reason
	}{
		{"no address", temporalx.Config{Namespace: "default"}, "no address"},
		{"missing CA file", temporalx.Config{Address: "127.0.0.1:1", TLS: temporalx.TLSConfig{CAFile: missing}}, "ca file"},
		{"CA file not PEM", temporalx.Config{Address: "127.0.0.1:1", TLS: temporalx.TLSConfig{CAFile: notPEM}}, "no PEM"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := temporalx.Dial(ctx, tt.cfg, nil)
			if err == nil {
				c.Close()
				t.Fatal("dial succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}
