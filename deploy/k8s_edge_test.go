package deploy_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"k8s.io/apimachinery/pkg/util/intstr"
)

// TestEveryDashboardShipsToTheClustersGrafana: every overlay carries each
// file of deploy/grafana/dashboards, unchanged, in a ConfigMap the
// Grafana sidecar loads (label grafana_dashboard=1), so a dashboard added
// for Compose cannot be left out of Kubernetes.
func TestEveryDashboardShipsToTheClustersGrafana(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("grafana", "dashboards", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no dashboards found: %v", err)
	}
	for _, overlay := range overlays(t) {
		c := buildOverlay(t, overlay)
		cm := c.configMaps["vextrus-dashboards"]
		if cm == nil {
			t.Errorf("%s: no ConfigMap vextrus-dashboards", overlay)
			continue
		}
		if cm.Labels["grafana_dashboard"] != "1" {
			t.Errorf("%s: vextrus-dashboards has labels %v, want grafana_dashboard=1 for the sidecar", overlay, cm.Labels)
		}
		for _, f := range files {
			want, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := cm.Data[filepath.Base(f)]
			switch {
			case !ok:
				t.Errorf("%s: vextrus-dashboards lacks %s (list it in deploy/grafana/kustomization.yaml)", overlay, filepath.Base(f))
			case got != string(want):
				t.Errorf("%s: vextrus-dashboards holds a %s that differs from the file", overlay, filepath.Base(f))
			case !json.Valid([]byte(got)):
				t.Errorf("%s: %s is not JSON", overlay, filepath.Base(f))
			}
		}
	}
}

// TestProductionIsReachedOnlyThroughTheGatewayOverTLS: prod's Ingress
// sends every path to the gateway Service's public port (never the
// internal listener, never another target), with TLS for each host, and
// lets uploads as large as files.max_size through.
func TestProductionIsReachedOnlyThroughTheGatewayOverTLS(t *testing.T) {
	c := buildOverlay(t, "prod")
	if len(c.ingresses) != 1 {
		t.Fatalf("prod has %d Ingresses, want 1", len(c.ingresses))
	}
	ing := c.ingresses[0]
	tlsHosts := map[string]bool{}
	for _, tls := range ing.Spec.TLS {
		for _, h := range tls.Hosts {
			tlsHosts[h] = tls.SecretName != ""
		}
	}
	var gatewayPort intstr.IntOrString
	for _, svc := range c.services {
		if svc.Name == "vextrus-gateway" {
			for _, p := range svc.Spec.Ports {
				if p.Name == "http" {
					gatewayPort = p.TargetPort
				}
			}
		}
	}
	if gatewayPort.String() != "http" {
		t.Fatalf("the gateway Service's port http targets %q, want the container's public port http", gatewayPort.String())
	}
	for _, rule := range ing.Spec.Rules {
		if !tlsHosts[rule.Host] {
			t.Errorf("host %q has no TLS with a certificate Secret", rule.Host)
		}
		for _, p := range rule.HTTP.Paths {
			b := p.Backend.Service
			if b == nil || b.Name != "vextrus-gateway" || b.Port.Name != "http" {
				t.Errorf("path %s goes to %+v, want the vextrus-gateway Service's port http", p.Path, p.Backend)
			}
		}
	}
	if got := ing.Annotations["nginx.ingress.kubernetes.io/proxy-body-size"]; got != "26m" {
		t.Errorf("proxy-body-size %q, want 26m: above files.max_size (25 MiB)", got)
	}
}

// TestScrapedSeriesCarryTheTargetLabelTheDashboardsGroupBy: each
// ServiceMonitor endpoint sets target from the Service's component, as
// Compose's scrape configuration sets it per process; without it every
// dashboard panel in a cluster would be empty.
func TestScrapedSeriesCarryTheTargetLabelTheDashboardsGroupBy(t *testing.T) {
	for _, overlay := range overlays(t) {
		c := buildOverlay(t, overlay)
		for _, m := range c.monitors {
			for _, e := range m.Spec.Endpoints {
				ok := false
				for _, r := range e.RelabelConfigs {
					ok = ok || r.TargetLabel == "target" && len(r.SourceLabels) == 1 &&
						r.SourceLabels[0] == "__meta_kubernetes_service_label_app_kubernetes_io_component"
				}
				if !ok {
					t.Errorf("%s: ServiceMonitor %s port %s does not set target from the Service's component", overlay, m.Name, e.Port)
				}
			}
		}
	}
}
