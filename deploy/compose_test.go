package deploy_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
	"gopkg.in/yaml.v3"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/config"
)

// composeFile is the Compose project, relative to this package.
const composeFile = "compose/compose.yaml"

// binary is where the Dockerfile puts vextrus in the image.
const binary = "/usr/local/bin/vextrus"

// loadCompose loads the project as `docker compose` would with an empty
// environment, so every ${VAR:-default} takes its default.
func loadCompose(t *testing.T) *types.Project {
	t.Helper()
	opts, err := cli.NewProjectOptions([]string{composeFile}, cli.WithWorkingDirectory(filepath.Dir(composeFile)),
		cli.WithEnv(nil), cli.WithResolvedPaths(true))
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("load %s: %v", composeFile, err)
	}
	return p
}

// publicTargets are the targets of the binary a deployment runs, one
// process each: every public target but the all-in-one.
func publicTargets(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, tg := range app.New(app.DefaultConfig(), app.Serve, slog.New(slog.DiscardHandler)).Targets() {
		if tg.Name != app.All {
			out = append(out, tg.Name)
		}
	}
	if len(out) < 10 {
		t.Fatalf("only %d targets: %v", len(out), out)
	}
	return out
}

// ours reports whether s runs the Vextrus image (it is built from the
// repository's Dockerfile).
func ours(s types.ServiceConfig) bool { return s.Build != nil }

func TestComposeRunsEveryTargetFromTheRepositoryImage(t *testing.T) {
	p := loadCompose(t)
	root, _ := filepath.Abs("..")
	for _, target := range publicTargets(t) {
		s, ok := p.Services[target]
		if !ok {
			t.Errorf("target %s has no service in %s", target, composeFile)
			continue
		}
		if !ours(s) || s.Build.Context != root || s.Build.Dockerfile != "Dockerfile" {
			t.Errorf("%s: build %+v, want the repository root with its Dockerfile", target, s.Build)
		}
		if want := []string{"serve", "--target=" + target}; !slices.Equal(s.Command[:min(2, len(s.Command))], want) {
			t.Errorf("%s: command %q, want it to start with %q", target, s.Command, want)
		}
		if !waitsFor(p, target, "migrate", map[string]bool{}) {
			t.Errorf("%s: does not wait, directly or through a service it waits for, for migrate to complete", target)
		}
	}
	m, ok := p.Services["migrate"]
	if !ok || !ours(m) || !slices.Equal(m.Command[:min(2, len(m.Command))], []string{"migrate", "up"}) || m.Restart != "no" {
		t.Errorf("migrate: want a one-shot `vextrus migrate up` of the image, got %+v", m.Command)
	}
}

// waitsFor reports whether service from starts only after one-shot has
// completed successfully: it depends on it with that condition, or waits
// for a service to be healthy or complete that does.
func waitsFor(p *types.Project, from, oneShot string, seen map[string]bool) bool {
	if seen[from] {
		return false
	}
	seen[from] = true
	for name, dep := range p.Services[from].DependsOn {
		if name == oneShot && dep.Condition == types.ServiceConditionCompletedSuccessfully {
			return true
		}
		if dep.Condition != types.ServiceConditionStarted && waitsFor(p, name, oneShot, seen) {
			return true
		}
	}
	return false
}

func TestEveryLongRunningServiceOfOursChecksItsHealthWithTheBinary(t *testing.T) {
	p := loadCompose(t)
	n := 0
	for name, s := range p.Services {
		if !ours(s) || s.Restart == types.RestartPolicyNo {
			continue
		}
		n++
		h := s.HealthCheck
		if h == nil || h.Disable || len(h.Test) < 3 || h.Test[0] != "CMD" || h.Test[1] != binary || h.Test[2] != "health" {
			t.Errorf("%s: health check %+v, want [CMD %s health ...] (the image has no shell)", name, h, binary)
		}
	}
	if n < len(publicTargets(t)) {
		t.Errorf("%d long-running services of ours, want at least one per target", n)
	}
}

func TestEngineImagesArePinnedToAVersion(t *testing.T) {
	p := loadCompose(t)
	for name, s := range p.Services {
		if ours(s) {
			continue
		}
		ref, _, _ := strings.Cut(s.Image, "@")
		i := strings.LastIndex(ref, ":")
		tag := ""
		if i > strings.LastIndex(ref, "/") {
			tag = ref[i+1:]
		}
		if tag == "" || tag == "latest" || !strings.ContainsAny(tag, "0123456789") {
			t.Errorf("%s: image %q is not pinned to a version", name, s.Image)
		}
	}
}

func TestEverySettingATargetRequiresComesFromComposeOrVault(t *testing.T) {
	p := loadCompose(t)
	vault := seededSecrets(t, p)
	for _, target := range publicTargets(t) {
		s, ok := p.Services[target]
		if !ok {
			continue // reported by TestComposeRunsEveryTargetFromTheRepositoryImage
		}
		t.Run(target, func(t *testing.T) {
			cfg := app.DefaultConfig()
			if err := config.Load(context.Background(), &cfg, serviceSource(t, p, s, vault)); err != nil {
				t.Fatalf("the configuration %s would load: %v", target, err)
			}
			err := app.New(cfg, app.Serve, slog.New(slog.DiscardHandler)).Check([]string{target})
			var problems config.Problems
			if errors.As(err, &problems) {
				for _, pr := range problems {
					t.Errorf("%s: %s is missing or wrong (set %s in the service's environment, a vault: reference to a seeded secret, or the config file): %s",
						target, pr.Key, pr.Env(), pr.Message)
				}
			} else if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// serviceSource is what a process of service s loads its configuration
// from: the service's environment, the file its --config flag names (a
// Compose config mounted there), and Vault's seeded secrets.
func serviceSource(t *testing.T, p *types.Project, s types.ServiceConfig, vault map[string]string) config.Source {
	t.Helper()
	env := map[string]string{}
	for k, v := range s.Environment {
		if v != nil {
			env[k] = *v
		}
	}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	src := config.Source{Lookup: lookup, Secrets: config.NewSecrets(lookup)}
	src.Secrets.Register("vault", config.ResolverFunc(func(_ context.Context, ref string) (string, error) {
		if v, ok := vault[ref]; ok {
			return v, nil
		}
		return "", fmt.Errorf("vault:%s is not written by the vault-seed service", ref)
	}))
	for _, arg := range s.Command {
		path, ok := strings.CutPrefix(arg, "--config=")
		if !ok {
			continue
		}
		for _, c := range s.Configs {
			if c.Target == path {
				src.File, src.FileRequired = p.Configs[c.Source].File, true
			}
		}
		if src.File == "" {
			t.Fatalf("%s: --config=%s is not a config mounted in the service", s.Name, path)
		}
	}
	return src
}

// seededSecrets reads the script the vault-seed service runs and returns
// each value it writes by reference (secret/vextrus/db#password), with
// the service's environment expanded in it.
func seededSecrets(t *testing.T, p *types.Project) map[string]string {
	t.Helper()
	s, ok := p.Services["vault-seed"]
	if !ok || len(s.Entrypoint) < 2 {
		t.Fatal("no vault-seed service running a script")
	}
	var script string
	for _, v := range s.Volumes {
		if v.Target == s.Entrypoint[len(s.Entrypoint)-1] {
			script = v.Source
		}
	}
	b, err := os.ReadFile(script)
	if err != nil {
		t.Fatalf("vault-seed's script: %v", err)
	}
	env := func(k string) string {
		if v := s.Environment[k]; v != nil {
			return *v
		}
		t.Errorf("vault-seed's script uses $%s, which the service does not set", k)
		return ""
	}
	out := map[string]string{}
	for _, line := range strings.Split(strings.ReplaceAll(string(b), "\\\n", " "), "\n") {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), "vault kv put ")
		if !ok {
			continue
		}
		var path string
		for _, f := range shellFields(rest) {
			k, v, isKV := strings.Cut(f, "=")
			switch {
			case strings.HasPrefix(f, "-"):
			case !isKV && path == "":
				path = f
			case isKV && path != "":
				out[path+"#"+k] = os.Expand(v, env)
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s writes no secret", script)
	}
	return out
}

// shellFields splits a command line on blanks outside double quotes and
// drops the quotes; the seed script needs no more of the shell's syntax.
func shellFields(s string) []string {
	var out []string
	var cur strings.Builder
	quoted, in := false, false
	for _, r := range s {
		switch {
		case r == '"':
			quoted, in = !quoted, true
		case (r == ' ' || r == '\t') && !quoted:
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if in {
		out = append(out, cur.String())
	}
	return out
}

// internalPort is the internal listener's port in the image (the
// Dockerfile's VEXTRUS_HTTP_INTERNAL_ADDR), where /metrics is served.
const internalPort = "8081"

func TestPrometheusScrapesEveryTargetsInternalListener(t *testing.T) {
	p := loadCompose(t)
	prom, ok := p.Services["prometheus"]
	if !ok {
		t.Fatal("no prometheus service")
	}
	var file string
	for _, v := range prom.Volumes {
		if v.Target == "/etc/prometheus/prometheus.yml" {
			file = v.Source
		}
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("prometheus configuration: %v", err)
	}
	var cfg struct {
		ScrapeConfigs []struct {
			MetricsPath   string `yaml:"metrics_path"`
			StaticConfigs []struct {
				Targets []string          `yaml:"targets"`
				Labels  map[string]string `yaml:"labels"`
			} `yaml:"static_configs"`
		} `yaml:"scrape_configs"`
	}
	if err := yaml.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	scraped := map[string]string{} // host:port -> target label
	for _, sc := range cfg.ScrapeConfigs {
		if sc.MetricsPath != "" && sc.MetricsPath != "/metrics" {
			continue
		}
		for _, st := range sc.StaticConfigs {
			for _, addr := range st.Targets {
				scraped[addr] = st.Labels["target"]
			}
		}
	}
	for _, target := range publicTargets(t) {
		if s, ok := p.Services[target]; ok && s.Environment["VEXTRUS_HTTP_INTERNAL_ADDR"] != nil {
			t.Errorf("%s: sets VEXTRUS_HTTP_INTERNAL_ADDR; the scrape configuration expects the image's :%s", target, internalPort)
		}
		if label, ok := scraped[target+":"+internalPort]; !ok || label != target {
			t.Errorf("prometheus does not scrape %s:%s/metrics with label target=%s", target, internalPort, target)
		}
	}
}
