package deploy_test

import (
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/modules"
)

// cluster is what one overlay builds, each object decoded strictly into
// its Kubernetes API type.
type cluster struct {
	overlay         string
	deployments     []*appsv1.Deployment
	services        []*corev1.Service
	serviceAccounts []*corev1.ServiceAccount
	configMaps      map[string]*corev1.ConfigMap
	pdbs            []*policyv1.PodDisruptionBudget
	hpas            []*autoscalingv2.HorizontalPodAutoscaler
	policies        []*networkingv1.NetworkPolicy
	ingresses       []*networkingv1.Ingress
	jobs            []*batchv1.Job
	monitors        []*monitoringv1.ServiceMonitor
}

// kinds are the objects the manifests may hold, by apiVersion and kind:
// anything else fails the build, so a new kind is decoded strictly too.
var kinds = map[string]func(c *cluster, data []byte) error{
	"v1/Namespace":      func(c *cluster, b []byte) error { return decode(b, new(corev1.Namespace)) },
	"v1/ServiceAccount": func(c *cluster, b []byte) error { return decodeInto(b, &c.serviceAccounts) },
	"v1/Service":        func(c *cluster, b []byte) error { return decodeInto(b, &c.services) },
	"v1/ConfigMap": func(c *cluster, b []byte) error {
		cm := new(corev1.ConfigMap)
		err := decode(b, cm)
		c.configMaps[cm.Name] = cm
		return err
	},
	"apps/v1/Deployment":                      func(c *cluster, b []byte) error { return decodeInto(b, &c.deployments) },
	"batch/v1/Job":                            func(c *cluster, b []byte) error { return decodeInto(b, &c.jobs) },
	"policy/v1/PodDisruptionBudget":           func(c *cluster, b []byte) error { return decodeInto(b, &c.pdbs) },
	"autoscaling/v2/HorizontalPodAutoscaler":  func(c *cluster, b []byte) error { return decodeInto(b, &c.hpas) },
	"networking.k8s.io/v1/NetworkPolicy":      func(c *cluster, b []byte) error { return decodeInto(b, &c.policies) },
	"networking.k8s.io/v1/Ingress":            func(c *cluster, b []byte) error { return decodeInto(b, &c.ingresses) },
	"monitoring.coreos.com/v1/ServiceMonitor": func(c *cluster, b []byte) error { return decodeInto(b, &c.monitors) },
}

func decode(data []byte, obj any) error { return yaml.UnmarshalStrict(data, obj) }

func decodeInto[T any](data []byte, list *[]*T) error {
	obj := new(T)
	*list = append(*list, obj)
	return decode(data, obj)
}

// overlays are the directories under deploy/k8s/overlays.
func overlays(tb testing.TB) []string {
	tb.Helper()
	entries, err := os.ReadDir(filepath.Join("k8s", "overlays"))
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	if len(out) == 0 {
		tb.Fatal("no overlays under deploy/k8s/overlays")
	}
	return out
}

// build runs kustomize on an overlay, on the real filesystem.
func buildOverlay(tb testing.TB, overlay string) *cluster {
	tb.Helper()
	dir, err := filepath.Abs(filepath.Join("k8s", "overlays", overlay))
	if err != nil {
		tb.Fatal(err)
	}
	m, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		tb.Fatalf("kustomize build %s: %v", overlay, err)
	}
	c := &cluster{overlay: overlay, configMaps: map[string]*corev1.ConfigMap{}}
	for _, r := range m.Resources() {
		data, err := r.AsYAML()
		if err != nil {
			tb.Fatal(err)
		}
		kind := r.GetApiVersion() + "/" + r.GetKind()
		add, ok := kinds[kind]
		if !ok {
			tb.Errorf("%s: %s %s is not a kind these tests decode", overlay, kind, r.GetName())
			continue
		}
		if err := add(c, data); err != nil {
			tb.Errorf("%s: %s %s does not decode strictly: %v", overlay, kind, r.GetName(), err)
		}
	}
	return c
}

// deployedTargets are the targets the binary declares, "all" aside: the
// one source of what must be deployed.
func deployedTargets() []modules.Target {
	var out []modules.Target
	for _, t := range app.New(app.DefaultConfig(), app.Serve, quietLogger()).Targets() {
		if t.Name != app.All {
			out = append(out, t)
		}
	}
	return out
}

// targetsOf are the targets a pod spec runs (its --target argument),
// none when it runs no `vextrus serve`.
func targetsOf(spec *corev1.PodSpec) []string {
	for _, c := range spec.Containers {
		for _, a := range c.Args {
			if list, ok := strings.CutPrefix(a, "--target="); ok && slices.Contains(c.Args, "serve") {
				return strings.Split(list, ",")
			}
		}
	}
	return nil
}

// deploymentOf is the Deployment that runs target, nil without one.
func (c *cluster) deploymentOf(target string) *appsv1.Deployment {
	for _, d := range c.deployments {
		if slices.Contains(targetsOf(&d.Spec.Template.Spec), target) {
			return d
		}
	}
	return nil
}

func quietLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
