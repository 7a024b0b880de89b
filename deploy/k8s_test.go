package deploy_test

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

func TestEveryTargetHasADeploymentInEveryOverlay(t *testing.T) {
	targets := deployedTargets()
	for _, overlay := range overlays(t) {
		c := buildOverlay(t, overlay)
		for _, target := range targets {
			if c.deploymentOf(target.Name) == nil {
				t.Errorf("%s: no Deployment runs `vextrus serve --target=%s` (%s)", overlay, target.Name, target.Summary)
			}
		}
		known := map[string]bool{}
		for _, target := range targets {
			known[target.Name] = true
		}
		for _, d := range c.deployments {
			runs := targetsOf(&d.Spec.Template.Spec)
			if len(runs) == 0 {
				t.Errorf("%s: Deployment %s runs no `vextrus serve --target=...`", overlay, d.Name)
			}
			for _, tg := range runs {
				if !known[tg] {
					t.Errorf("%s: Deployment %s runs target %q, which the binary does not declare", overlay, d.Name, tg)
				}
			}
		}
	}
}

func TestPodsAreProbedBoundedAndLockedDown(t *testing.T) {
	for _, overlay := range overlays(t) {
		c := buildOverlay(t, overlay)
		for _, d := range c.deployments {
			spec := &d.Spec.Template.Spec
			checkPod(t, overlay+": Deployment "+d.Name, spec)
			for _, ct := range spec.Containers {
				name := overlay + ": " + d.Name + "/" + ct.Name
				checkProbe(t, name+" readiness", ct.ReadinessProbe, "/readyz", ct)
				checkProbe(t, name+" liveness", ct.LivenessProbe, "/healthz", ct)
			}
		}
		for _, j := range c.jobs {
			checkPod(t, overlay+": Job "+j.Name, &j.Spec.Template.Spec)
		}
	}
}

// checkPod asserts what every Vextrus pod needs: pinned images, requests
// and limits, a non-root user, a read-only root filesystem and a
// writable /tmp.
func checkPod(t *testing.T, name string, spec *corev1.PodSpec) {
	t.Helper()
	podNonRoot := spec.SecurityContext != nil && isTrue(spec.SecurityContext.RunAsNonRoot)
	for _, ct := range spec.Containers {
		name := name + "/" + ct.Name
		if !pinnedImage(ct.Image) {
			t.Errorf("%s: image %q: want a tag other than latest", name, ct.Image)
		}
		for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
			if ct.Resources.Limits.Name(r, "").IsZero() || ct.Resources.Requests.Name(r, "").IsZero() {
				t.Errorf("%s: want a %s request and limit", name, r)
			}
		}
		sc := ct.SecurityContext
		switch {
		case sc == nil:
			t.Errorf("%s: no securityContext", name)
		case !podNonRoot && !isTrue(sc.RunAsNonRoot):
			t.Errorf("%s: want runAsNonRoot", name)
		case !isTrue(sc.ReadOnlyRootFilesystem):
			t.Errorf("%s: want readOnlyRootFilesystem", name)
		case sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation:
			t.Errorf("%s: want allowPrivilegeEscalation false", name)
		}
		if !mountsEmptyDir(spec, ct, "/tmp") {
			t.Errorf("%s: want an emptyDir at /tmp (the root filesystem is read-only)", name)
		}
	}
}

func isTrue(b *bool) bool { return b != nil && *b }

// pinnedImage is an image named with a tag or digest, not latest.
func pinnedImage(image string) bool {
	if _, digest, ok := strings.Cut(image, "@sha256:"); ok {
		return len(digest) == 64
	}
	i := strings.LastIndex(image, ":")
	return i > strings.LastIndex(image, "/") && image[i+1:] != "latest" && image[i+1:] != ""
}

func mountsEmptyDir(spec *corev1.PodSpec, ct corev1.Container, path string) bool {
	for _, m := range ct.VolumeMounts {
		if m.MountPath != path {
			continue
		}
		for _, v := range spec.Volumes {
			if v.Name == m.Name && v.EmptyDir != nil {
				return true
			}
		}
	}
	return false
}

// checkProbe asserts an HTTP probe of path on the container's public
// listener (its port named http).
func checkProbe(t *testing.T, name string, p *corev1.Probe, path string, ct corev1.Container) {
	t.Helper()
	if p == nil || p.HTTPGet == nil {
		t.Errorf("%s: want an HTTP probe of %s", name, path)
		return
	}
	if p.HTTPGet.Path != path {
		t.Errorf("%s: probes %s, want %s", name, p.HTTPGet.Path, path)
	}
	port := p.HTTPGet.Port
	for _, cp := range ct.Ports {
		if cp.Name == "http" && (port.StrVal == "http" || port.IntVal == cp.ContainerPort) {
			return
		}
	}
	t.Errorf("%s: probes port %s, want the public listener (port named http)", name, port.String())
}

func TestEveryTargetCanBeDisruptedAndScaledSafely(t *testing.T) {
	for _, overlay := range overlays(t) {
		c := buildOverlay(t, overlay)
		for _, target := range deployedTargets() {
			d := c.deploymentOf(target.Name)
			if d == nil {
				continue // TestEveryTargetHasADeploymentInEveryOverlay
			}
			pods := labels.Set(d.Spec.Template.Labels)
			pdb := false
			for _, p := range c.pdbs {
				if selects(t, p.Spec.Selector, pods) {
					pdb = p.Spec.MaxUnavailable != nil || p.Spec.MinAvailable != nil
				}
			}
			if !pdb {
				t.Errorf("%s: no PodDisruptionBudget bounds the pods of %s", overlay, d.Name)
			}
			// Every target is stateless (docs/scaling.md): state lives in
			// PostgreSQL, Kafka and Temporal, caches drop on events.
			hpa := false
			for _, h := range c.hpas {
				ref := h.Spec.ScaleTargetRef
				if ref.Kind == "Deployment" && ref.Name == d.Name {
					hpa = h.Spec.MinReplicas != nil && *h.Spec.MinReplicas >= 1 && h.Spec.MaxReplicas >= *h.Spec.MinReplicas
				}
			}
			if !hpa {
				t.Errorf("%s: no HorizontalPodAutoscaler scales %s", overlay, d.Name)
			}
			if d.Spec.Replicas != nil {
				t.Errorf("%s: %s sets replicas; its autoscaler owns them", overlay, d.Name)
			}
		}
	}
}

func selects(t *testing.T, sel *metav1.LabelSelector, set labels.Set) bool {
	t.Helper()
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		t.Fatal(err)
	}
	return !s.Empty() && s.Matches(set)
}

func TestServiceMonitorScrapesEveryTargetsInternalListener(t *testing.T) {
	for _, overlay := range overlays(t) {
		c := buildOverlay(t, overlay)
		for _, target := range deployedTargets() {
			d := c.deploymentOf(target.Name)
			if d == nil {
				continue
			}
			if !c.scraped(t, d.Spec.Template.Labels) {
				t.Errorf("%s: no ServiceMonitor scrapes /metrics on the internal port of a Service of %s", overlay, d.Name)
			}
		}
	}
}

// scraped reports whether a ServiceMonitor selects a Service of the pods
// with podLabels and scrapes /metrics on its port named internal.
func (c *cluster) scraped(t *testing.T, podLabels map[string]string) bool {
	t.Helper()
	for _, svc := range c.services {
		if len(svc.Spec.Selector) == 0 || !labels.SelectorFromSet(svc.Spec.Selector).Matches(labels.Set(podLabels)) {
			continue
		}
		internal := false
		for _, p := range svc.Spec.Ports {
			internal = internal || p.Name == "internal" && p.TargetPort.String() == "internal"
		}
		for _, m := range c.monitors {
			if !internal || !selects(t, &m.Spec.Selector, labels.Set(svc.Labels)) {
				continue
			}
			for _, e := range m.Spec.Endpoints {
				if e.Port == "internal" && e.Path == "/metrics" {
					return true
				}
			}
		}
	}
	return false
}
