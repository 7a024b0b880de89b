package reload_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/reload"
	"github.com/vextrus/vextrus/internal/platform/telemetry"
)

// settings is a process configuration with a live section and
// restart-only ones.
type settings struct {
	HTTP struct {
		Addr string `yaml:"addr"`
	} `yaml:"http"`
	Log      telemetry.LogConfig `yaml:"log"`
	Database struct {
		URL string `yaml:"url" secret:"true"`
	} `yaml:"database"`
}

func defaults() settings {
	var s settings
	s.HTTP.Addr = "127.0.0.1:8080"
	s.Log = telemetry.LogConfig{Format: "json", Level: "info"}
	return s
}

// fixture is a reloader of a vextrus.yaml in its own directory, loaded as
// start-up loads it, with its log and metrics.
type fixture struct {
	file string
	r    *reload.Reloader[settings]
	reg  *prometheus.Registry
	mu   sync.Mutex
	log  bytes.Buffer
}

func (f *fixture) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.log.Write(p)
}

func (f *fixture) logged() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.log.String()
}

func load(file string) func(context.Context) (settings, error) {
	return func(ctx context.Context) (settings, error) {
		s := defaults()
		err := config.Load(ctx, &s, config.Source{File: file, Lookup: func(string) (string, bool) { return "", false }})
		return s, err
	}
}

func newFixture(tb testing.TB, yaml string) *fixture {
	tb.Helper()
	f := &fixture{file: filepath.Join(tb.TempDir(), "vextrus.yaml"), reg: prometheus.NewRegistry()}
	f.write(tb, yaml)
	start, err := load(f.file)(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	f.r = reload.New(start, load(f.file), reload.Options{Logger: slog.New(slog.NewJSONHandler(f, nil)), Metrics: f.reg})
	return f
}

func (f *fixture) write(tb testing.TB, yaml string) {
	tb.Helper()
	if err := os.WriteFile(f.file, []byte(yaml), 0o600); err != nil {
		tb.Fatal(err)
	}
}

// metric is the value of the series of name whose labels include want.
func (f *fixture) metric(tb testing.TB, name string, want ...string) float64 {
	tb.Helper()
	mfs, err := f.reg.Gather()
	if err != nil {
		tb.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			if len(want) == 0 || len(m.GetLabel()) > 0 && m.GetLabel()[0].GetValue() == want[0] {
				return m.GetCounter().GetValue() + m.GetGauge().GetValue()
			}
		}
	}
	tb.Fatalf("no metric %s %v", name, want)
	return 0
}

func (f *fixture) reloads(tb testing.TB, result string) float64 {
	return f.metric(tb, "vextrus_config_reloads_total", result)
}

func (f *fixture) pending(tb testing.TB) float64 {
	return f.metric(tb, "vextrus_config_restart_pending")
}

func TestALiveChangeReachesTheCallbacksAndTheRunningConfiguration(t *testing.T) {
	f := newFixture(t, "log:\n  level: info\n")
	var seen []string
	f.r.OnChange(func(old, new *settings) { seen = append(seen, old.Log.Level+"->"+new.Log.Level) })

	f.write(t, "log:\n  level: debug\n")
	out, err := f.r.Reload(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if out.Result != reload.Applied || len(out.Applied) != 1 || out.Applied[0].Key != "log.level" || len(out.Pending) != 0 {
		t.Fatalf("outcome = %+v", out)
	}
	if strings.Join(seen, ",") != "info->debug" || f.r.Current().Log.Level != "debug" {
		t.Fatalf("callbacks saw %v; current level %q", seen, f.r.Current().Log.Level)
	}
	if f.reloads(t, reload.Applied) != 1 {
		t.Errorf("reloads{result=applied} = %v", f.reloads(t, reload.Applied))
	}

	// The same file again changes nothing and calls nobody.
	if out, _ := f.r.Reload(context.Background()); out.Result != reload.Unchanged || len(seen) != 1 {
		t.Fatalf("second reload: %+v, callbacks %v", out, seen)
	}
}

func TestARestartOnlyChangeIsReportedByNameAndNotApplied(t *testing.T) {
	f := newFixture(t, "http:\n  addr: 127.0.0.1:8080\ndatabase:\n  url: postgres://app:old-secret@db/vextrus\n")
	called := false
	f.r.OnChange(func(_, _ *settings) { called = true })

	f.write(t, "http:\n  addr: 0.0.0.0:9000\ndatabase:\n  url: postgres://app:new-secret@db/vextrus\n")
	out, err := f.r.Reload(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, c := range out.Pending {
		keys = append(keys, c.Key)
	}
	if out.Result != reload.Unchanged || strings.Join(keys, ",") != "http.addr,database.url" {
		t.Fatalf("outcome = %+v", out)
	}
	cur := f.r.Current()
	if called || cur.HTTP.Addr != "127.0.0.1:8080" || !strings.Contains(cur.Database.URL, "old-secret") {
		t.Fatalf("restart-only settings applied: callbacks %v, %+v", called, cur)
	}
	if got := f.pending(t); got != 2 {
		t.Errorf("vextrus_config_restart_pending = %v, want 2", got)
	}
	log := f.logged()
	if !strings.Contains(log, `"key":"http.addr"`) || !strings.Contains(log, `"key":"database.url"`) || !strings.Contains(log, "VEXTRUS_HTTP_ADDR") {
		t.Errorf("log does not name the settings:\n%s", log)
	}
	if strings.Contains(log, "secret@") {
		t.Errorf("log shows a secret:\n%s", log)
	}

	// Putting the file back leaves nothing waiting.
	f.write(t, "http:\n  addr: 127.0.0.1:8080\ndatabase:\n  url: postgres://app:old-secret@db/vextrus\n")
	if out, _ := f.r.Reload(context.Background()); len(out.Pending) != 0 || f.pending(t) != 0 {
		t.Fatalf("after reverting: %+v", out)
	}
}

func TestAnInvalidConfigurationIsRefusedNamingEveryFieldAndTheRunningOneKept(t *testing.T) {
	f := newFixture(t, "log:\n  level: warn\n")
	called := false
	f.r.OnChange(func(_, _ *settings) { called = true })

	f.write(t, "log:\n  level: loud\n  format: xml\n")
	out, err := f.r.Reload(context.Background())
	if out.Result != reload.Invalid || err == nil || !strings.Contains(err.Error(), "VEXTRUS_LOG_LEVEL") || !strings.Contains(err.Error(), "VEXTRUS_LOG_FORMAT") {
		t.Fatalf("outcome %+v, err %v", out, err)
	}
	if called || f.r.Current().Log.Level != "warn" {
		t.Fatalf("the refused configuration was applied: level %q", f.r.Current().Log.Level)
	}
	if f.reloads(t, reload.Invalid) != 1 {
		t.Errorf("reloads{result=invalid} = %v", f.reloads(t, reload.Invalid))
	}
	if log := f.logged(); !strings.Contains(log, `"keys":["log.format","log.level"]`) && !strings.Contains(log, `"keys":["log.level","log.format"]`) {
		t.Errorf("log does not name the fields:\n%s", log)
	}

	f.write(t, "log:\n  level: [unclosed\n")
	if _, err := f.r.Reload(context.Background()); err == nil || f.r.Current().Log.Level != "warn" {
		t.Fatalf("a file that does not parse: err %v, level %q", err, f.r.Current().Log.Level)
	}
}
