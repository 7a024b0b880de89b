package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/reload"
	"github.com/vextrus/vextrus/internal/platform/telemetry"
	"github.com/vextrus/vextrus/internal/platform/temporalx/temporaltest"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// lockedBuffer is a log sink that the process writes while the test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// replace writes content to file as editors do: a new file renamed over it.
func replace(tb testing.TB, file, content string) {
	tb.Helper()
	tmp := file + ".swp"
	if err := os.WriteFile(tmp, []byte(content), 0o600); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, file); err != nil {
		tb.Fatal(err)
	}
}

// TestARunningProcessReloadsItsConfiguration runs `vextrus dev` with a
// vextrus.yaml and a log level read through a file: reference, and
// changes both while it runs.
func TestARunningProcessReloadsItsConfiguration(t *testing.T) {
	dir := dataDir(t)
	file := filepath.Join(t.TempDir(), "vextrus.yaml")
	levelFile := filepath.Join(t.TempDir(), "log-level")
	if err := os.WriteFile(levelFile, []byte("info\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Dev runs the gateway's limits a hundred times wider: a burst of 1
	// is 100 requests.
	yaml := func(anonymousRate string, anonymousBurst int, addr string, more ...string) string {
		return fmt.Sprintf("http:\n  addr: %s\n  internal_addr: 127.0.0.1:0\nlog:\n  level: file:%s\n"+
			"gateway:\n  anonymous_rate: %s\n  anonymous_burst: %d\n", addr, levelFile, anonymousRate, anonymousBurst) + strings.Join(more, "")
	}
	replace(t, file, yaml("0.0001", 1, "127.0.0.1:0"))

	ctx := context.Background()
	load := func(ctx context.Context) (app.Config, error) { return app.LoadConfig(ctx, file, app.Dev) }
	cfg, err := load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var logs lockedBuffer
	level := new(slog.LevelVar)
	log := telemetry.NewLogger(&logs, cfg.Log, level)
	m, err := app.NewMain(ctx, app.Options{Dir: dir, Config: &cfg, Logger: log, LogLevel: level,
		Reload: &app.ConfigSource{Declared: cfg, Load: load, File: file}})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Error(err)
		}
	})
	anonymous := func() int {
		res, err := http.Get(m.URL() + "/.well-known/jwks.json")
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}

	t.Run("writing vextrus.yaml changes the rate limit of the next requests", func(t *testing.T) {
		limited := false
		for range 150 {
			if limited = anonymous() == http.StatusTooManyRequests; limited {
				break
			}
		}
		if !limited {
			t.Fatal("the starting anonymous limit never answered 429")
		}
		replace(t, file, yaml("1000", 1000, "127.0.0.1:0"))
		testwait.For(t, 10*time.Second, "the raised limit to let requests through", func() bool {
			return anonymous() != http.StatusTooManyRequests
		})
	})

	t.Run("SIGHUP changes the log level", func(t *testing.T) {
		if log.Enabled(ctx, slog.LevelDebug) {
			t.Fatal("debug enabled before the change")
		}
		// The referenced file is outside the watched directory: only the
		// signal makes the process read it again.
		if err := os.WriteFile(levelFile, []byte("debug\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
		testwait.For(t, 10*time.Second, "the logger to log debug records", func() bool { return log.Enabled(ctx, slog.LevelDebug) })
	})

	t.Run("a feature flag's default changes", func(t *testing.T) {
		if d, _ := m.App.Flags.Lookup("notify.sms"); d.Default {
			t.Fatal("notify.sms is on by default before the change")
		}
		replace(t, file, yaml("1000", 1000, "127.0.0.1:0", "features:\n  notify.sms:\n    default: true\n"))
		testwait.For(t, 10*time.Second, "notify.sms on by default", func() bool {
			d, _ := m.App.Flags.Lookup("notify.sms")
			return d.Default
		})
	})

	t.Run("a restart-only change is reported by name and not applied", func(t *testing.T) {
		replace(t, file, yaml("1000", 1000, "127.0.0.1:1"))
		out, err := m.App.Reload.Reload(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(out.Pending, func(c config.Change) bool { return c.Key == "http.addr" && c.New == "127.0.0.1:1" }) {
			t.Fatalf("pending = %+v, want http.addr", out.Pending)
		}
		if code := anonymous(); code != http.StatusOK {
			t.Fatalf("the server on its old address answered %d", code)
		}
		if !strings.Contains(logs.String(), "key=http.addr") {
			t.Errorf("the log does not name http.addr:\n%s", logs.String())
		}
		metrics := scrape(t, m.InternalURL()+"/metrics")
		if v := temporaltest.Sample(metrics, "vextrus_config_restart_pending", ""); v != 1 {
			t.Errorf("vextrus_config_restart_pending = %v, want 1", v)
		}
		if v := temporaltest.Sample(metrics, "vextrus_config_reloads_total", `result="applied"`); v < 3 {
			t.Errorf("reloads applied = %v, want at least the rate, the level and the flag", v)
		}
	})

	t.Run("an invalid file keeps the running configuration and names the field", func(t *testing.T) {
		replace(t, file, yaml("-1", 1000, "127.0.0.1:0"))
		out, err := m.App.Reload.Reload(ctx)
		if out.Result != reload.Invalid || err == nil || !strings.Contains(err.Error(), "VEXTRUS_GATEWAY_ANONYMOUS_RATE") {
			t.Fatalf("outcome %+v, err %v", out, err)
		}
		if got := m.App.Reload.Current().Gateway.AnonymousRate; got != 1000 {
			t.Fatalf("running anonymous_rate = %v, want 1000 kept", got)
		}
		for range 5 {
			if code := anonymous(); code != http.StatusOK {
				t.Fatalf("a request under the kept limit answered %d", code)
			}
		}
		if !strings.Contains(logs.String(), "keys=[gateway.anonymous_rate]") {
			t.Errorf("the log does not name gateway.anonymous_rate:\n%s", logs.String())
		}
	})
}

func scrape(tb testing.TB, url string) string {
	tb.Helper()
	res, err := http.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return string(body)
}
