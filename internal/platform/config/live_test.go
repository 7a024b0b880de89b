package config_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/joho/godotenv"

	"github.com/vextrus/vextrus/internal/platform/config"
)

type clientPolicy struct {
	Timeout     time.Duration `yaml:"timeout" reload:"live"`
	MaxInFlight int           `yaml:"max_in_flight"`
}

type liveRoot struct {
	HTTP struct {
		Addr string `yaml:"addr"`
	} `yaml:"http"`
	Log struct {
		Format string `yaml:"format"`
		Level  string `yaml:"level" reload:"live"`
	} `yaml:"log"`
	Database struct {
		URL string `yaml:"url" secret:"true"`
	} `yaml:"database"`
	Token   string                  `yaml:"token" secret:"true" reload:"live"`
	Clients map[string]clientPolicy `yaml:"clients"`
	Flags   map[string]bool         `yaml:"flags" reload:"live"`
}

func liveConfig() liveRoot {
	var c liveRoot
	c.HTTP.Addr = "127.0.0.1:8080"
	c.Log.Format, c.Log.Level = "json", "info"
	c.Database.URL = "postgres://u:old-pw@db/x"
	c.Token = "old-token"
	c.Clients = map[string]clientPolicy{"auth": {Timeout: time.Second, MaxInFlight: 8}}
	c.Flags = map[string]bool{"a": true, "b": true}
	return c
}

func byKey(cs []config.Change) map[string]config.Change {
	m := map[string]config.Change{}
	for _, c := range cs {
		m[c.Key] = c
	}
	return m
}

func TestApplyLiveAppliesLiveSettingsAndReportsTheRest(t *testing.T) {
	running, loaded := liveConfig(), liveConfig()
	loaded.HTTP.Addr = "0.0.0.0:9000"
	loaded.Log.Level = "debug"
	loaded.Database.URL = "postgres://u:new-pw@db/x"
	loaded.Clients["auth"] = clientPolicy{Timeout: 2 * time.Second, MaxInFlight: 8}

	changes, err := config.ApplyLive(&running, &loaded)
	if err != nil {
		t.Fatal(err)
	}
	got := byKey(changes)
	if len(changes) != 4 {
		t.Fatalf("changes = %+v, want http.addr, log.level, database.url, clients.auth.timeout", changes)
	}
	for key, live := range map[string]bool{"http.addr": false, "log.level": true, "database.url": false, "clients.auth.timeout": true} {
		if c, ok := got[key]; !ok || c.Live != live {
			t.Errorf("%s: change %+v, want live=%v", key, c, live)
		}
	}
	if running.Log.Level != "debug" || running.Clients["auth"].Timeout != 2*time.Second {
		t.Errorf("live settings not applied: level %q, timeout %v", running.Log.Level, running.Clients["auth"].Timeout)
	}
	if running.HTTP.Addr != "127.0.0.1:8080" || running.Database.URL != "postgres://u:old-pw@db/x" {
		t.Errorf("restart-only settings applied: addr %q, url %q", running.HTTP.Addr, running.Database.URL)
	}
	if c := got["log.level"]; c.Old != "info" || c.New != "debug" || c.Env() != "VEXTRUS_LOG_LEVEL" {
		t.Errorf("log.level change = %+v", c)
	}
}

func TestApplyLiveNeverShowsSecrets(t *testing.T) {
	running, loaded := liveConfig(), liveConfig()
	loaded.Database.URL = "postgres://u:new-pw@db/x"
	loaded.Token = "new-token"
	changes, _ := config.ApplyLive(&running, &loaded)
	for _, c := range changes {
		if strings.Contains(c.Old+c.New, "pw") || strings.Contains(c.Old+c.New, "token") {
			t.Errorf("secret shown in %+v", c)
		}
	}
	if c := byKey(changes)["token"]; !c.Live || c.New != config.Redacted {
		t.Errorf("token change = %+v", c)
	}
	if running.Token != "new-token" {
		t.Errorf("live secret not applied: %q", running.Token)
	}
}

func TestApplyLiveComparesMapEntriesEitherSideHolds(t *testing.T) {
	running, loaded := liveConfig(), liveConfig()
	loaded.Clients["rules"] = clientPolicy{Timeout: 3 * time.Second, MaxInFlight: 4}
	delete(loaded.Flags, "b")
	loaded.Flags["c"] = true

	changes, _ := config.ApplyLive(&running, &loaded)
	got := byKey(changes)
	if c := got["clients.rules.timeout"]; !c.Live || c.New != "3s" {
		t.Errorf("new entry's live setting: %+v", c)
	}
	if c := got["clients.rules.max_in_flight"]; c.Live || c.New != "4" {
		t.Errorf("new entry's restart setting: %+v", c)
	}
	if p := running.Clients["rules"]; p.Timeout != 3*time.Second || p.MaxInFlight != 0 {
		t.Errorf("running clients.rules = %+v, want the timeout only", p)
	}
	if _, ok := running.Flags["b"]; ok || !running.Flags["c"] {
		t.Errorf("live map entries not replaced: %v", running.Flags)
	}
}

func TestApplyLiveOfEqualConfigurationsChangesNothing(t *testing.T) {
	running, loaded := liveConfig(), liveConfig()
	if changes, _ := config.ApplyLive(&running, &loaded); len(changes) != 0 {
		t.Fatalf("changes = %+v", changes)
	}
}

func TestPrintMarksLiveAndRestartSettingsAndStillLoadsAsDotenv(t *testing.T) {
	cfg := liveConfig()
	cfg.HTTP.Addr = ""
	var b bytes.Buffer
	if err := config.Print(&b, &cfg); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"VEXTRUS_LOG_LEVEL=info # live\n", "VEXTRUS_LOG_FORMAT=json # restart\n",
		"VEXTRUS_CLIENTS_AUTH_TIMEOUT=1s # live\n", "VEXTRUS_CLIENTS_AUTH_MAX_IN_FLIGHT=8 # restart\n",
		"VEXTRUS_DATABASE_URL=" + config.Redacted + " # restart\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	env, err := godotenv.Unmarshal(out)
	if err != nil {
		t.Fatal(err)
	}
	if env["VEXTRUS_LOG_LEVEL"] != "info" || env["VEXTRUS_HTTP_ADDR"] != "" || env["VEXTRUS_CLIENTS_AUTH_TIMEOUT"] != "1s" {
		t.Errorf("as .env: %v", env)
	}
}

func TestApplyLiveNeverWritesThroughWhatACopyShares(t *testing.T) {
	shared := liveConfig()
	running, loaded := shared, liveConfig()
	loaded.Clients["auth"] = clientPolicy{Timeout: 9 * time.Second, MaxInFlight: 8}
	loaded.Flags["a"] = false
	if _, err := config.ApplyLive(&running, &loaded); err != nil {
		t.Fatal(err)
	}
	if shared.Clients["auth"].Timeout != time.Second || !shared.Flags["a"] {
		t.Fatalf("the original's maps changed: %+v %v", shared.Clients, shared.Flags)
	}
	if running.Clients["auth"].Timeout != 9*time.Second || running.Flags["a"] {
		t.Fatalf("the copy did not change: %+v %v", running.Clients, running.Flags)
	}
}
