package deploy_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/config"
)

// settings is what a pod gives the process: its environment and the
// file its --config names, with the keys whose value is a vault:
// reference (counted as present: Vault holds them, not the manifests).
type podSettings struct {
	cfg       app.Config
	fromVault map[string]bool
	problems  config.Problems // loading's, besides the Vault-held keys
}

func TestEveryTargetGetsTheSettingsItsCheckRequires(t *testing.T) {
	for _, overlay := range overlays(t) {
		c := buildOverlay(t, overlay)
		// Every Deployment's targets together, as its process checks them;
		// TestEveryTargetHasADeploymentInEveryOverlay sees that each
		// target has one.
		for _, d := range c.deployments {
			name := overlay + ": " + d.Name
			s := c.settingsOf(t, name, &d.Spec.Template.Spec)
			err := app.New(s.cfg, app.Serve, quietLogger()).Check(targetsOf(&d.Spec.Template.Spec))
			for _, p := range append(s.problems, s.unsatisfied(err)...) {
				t.Errorf("%s: %s", name, p)
			}
			s.checkVaultLogin(t, name, &d.Spec.Template.Spec)
		}
	}
}

func TestMigrationJobRunsMigrateUpWithTheAdminDSN(t *testing.T) {
	for _, overlay := range overlays(t) {
		c := buildOverlay(t, overlay)
		var found bool
		for _, j := range c.jobs {
			spec := &j.Spec.Template.Spec
			if len(spec.Containers) == 0 || !slices.Equal(firstArgs(spec.Containers[0], 2), []string{"migrate", "up"}) {
				continue
			}
			found = true
			name := overlay + ": Job " + j.Name
			s := c.settingsOf(t, name, spec)
			for _, p := range s.problems {
				t.Errorf("%s: %s", name, p)
			}
			// What `vextrus migrate` checks before it bootstraps roles.
			for key, v := range map[string]string{"database.url": s.cfg.Database.URL, "database.app_password": s.cfg.Database.AppPassword} {
				if v == "" {
					t.Errorf("%s: %s is not set", name, key)
				}
			}
			if !s.fromVault["database.url"] {
				t.Errorf("%s: database.url (the admin DSN, with its password) should come from Vault", name)
			}
			s.checkVaultLogin(t, name, spec)
		}
		if !found {
			t.Errorf("%s: no Job runs `vextrus migrate up`", overlay)
		}
	}
}

// settingsOf loads the configuration the container of spec would: the
// ConfigMap file its --config names, then its environment, with every
// vault: reference resolved to a placeholder and remembered.
func (c *cluster) settingsOf(t *testing.T, name string, spec *corev1.PodSpec) *podSettings {
	t.Helper()
	ct := spec.Containers[0]
	env := map[string]string{}
	for _, e := range ct.Env {
		switch {
		case e.ValueFrom == nil:
			env[e.Name] = e.Value
		case !strings.HasPrefix(e.Name, config.Prefix+"_"):
			// the runtime's own (GOMEMLIMIT's inputs)
		case e.ValueFrom.ConfigMapKeyRef != nil:
			env[e.Name] = c.configMaps[e.ValueFrom.ConfigMapKeyRef.Name].Data[e.ValueFrom.ConfigMapKeyRef.Key]
		default:
			t.Errorf("%s: %s comes from neither a value, the ConfigMap nor Vault", name, e.Name)
		}
	}
	s := &podSettings{cfg: app.DefaultConfig(), fromVault: map[string]bool{}}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	secrets := config.NewSecrets(lookup)
	secrets.Register("vault", config.ResolverFunc(func(context.Context, string) (string, error) { return "held-in-vault", nil }))
	err := config.Load(context.Background(), &s.cfg, config.Source{
		File: c.configFile(t, name, spec), FileRequired: true, Lookup: lookup, Secrets: secrets,
		Referenced: func(key, ref string) { s.fromVault[key] = strings.HasPrefix(ref, "vault:") },
	})
	s.problems = s.unsatisfied(err)
	return s
}

// unsatisfied are the problems of err but those of settings held in
// Vault, whose placeholder need not pass validation.
func (s *podSettings) unsatisfied(err error) config.Problems {
	var ps config.Problems
	if err != nil && !errors.As(err, &ps) {
		return config.Problems{{Key: "", Message: err.Error()}}
	}
	var out config.Problems
	for _, p := range ps {
		if !s.fromVault[p.Key] {
			out = append(out, p)
		}
	}
	return out
}

// checkVaultLogin asserts that a pod reading vault: references logs in
// with its own service account, to the Vault role of the same name.
func (s *podSettings) checkVaultLogin(t *testing.T, name string, spec *corev1.PodSpec) {
	t.Helper()
	if len(s.fromVault) == 0 {
		return
	}
	v := s.cfg.Vault
	if v.Address == "" || v.Auth != "kubernetes" || v.Role != spec.ServiceAccountName || spec.ServiceAccountName == "" {
		t.Errorf("%s: reads Vault, want vault.auth=kubernetes with role %q (its service account), got address %q auth %q role %q",
			name, spec.ServiceAccountName, v.Address, v.Auth, v.Role)
	}
}

// configFile writes the ConfigMap entry the container's --config names
// to a file, as the kubelet would mount it.
func (c *cluster) configFile(t *testing.T, name string, spec *corev1.PodSpec) string {
	t.Helper()
	ct := spec.Containers[0]
	var path string
	for _, a := range ct.Args {
		if p, ok := strings.CutPrefix(a, "--config="); ok {
			path = p
		}
	}
	if path == "" {
		t.Fatalf("%s: no --config argument", name)
	}
	for _, m := range ct.VolumeMounts {
		if m.MountPath != filepath.Dir(path) {
			continue
		}
		for _, v := range spec.Volumes {
			if v.Name != m.Name || v.ConfigMap == nil {
				continue
			}
			cm, ok := c.configMaps[v.ConfigMap.Name]
			if !ok {
				t.Fatalf("%s: ConfigMap %s is not in the overlay", name, v.ConfigMap.Name)
			}
			data, ok := cm.Data[filepath.Base(path)]
			if !ok {
				t.Fatalf("%s: ConfigMap %s has no %s", name, cm.Name, filepath.Base(path))
			}
			file := filepath.Join(t.TempDir(), filepath.Base(path))
			if err := os.WriteFile(file, []byte(data), 0o600); err != nil {
				t.Fatal(err)
			}
			return file
		}
	}
	t.Fatalf("%s: no ConfigMap is mounted at %s", name, filepath.Dir(path))
	return ""
}

// firstArgs are the first n arguments of ct, fewer when it has fewer.
func firstArgs(ct corev1.Container, n int) []string { return ct.Args[:min(n, len(ct.Args))] }
