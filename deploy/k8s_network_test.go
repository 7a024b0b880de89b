package deploy_test

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// monitoringNamespace is where Prometheus runs: it may reach the internal
// listener for /metrics, and nothing else.
const monitoringNamespace = "monitoring"

func TestOnlyTheGatewayIsReachableFromOutside(t *testing.T) {
	for _, overlay := range overlays(t) {
		c := buildOverlay(t, overlay)
		if !c.deniesByDefault() {
			t.Errorf("%s: no NetworkPolicy denies ingress to every pod by default", overlay)
		}
		edge := c.deploymentOf("gateway")
		for _, d := range c.deployments {
			ct := d.Spec.Template.Spec.Containers[0]
			var open []int32 // ports reachable from outside the namespace's Vextrus pods
			for _, p := range c.policies {
				if !selectsAll(t, p, d.Spec.Template.Labels) {
					continue
				}
				for _, rule := range p.Spec.Ingress {
					if outside(rule) {
						open = append(open, rulePorts(rule, ct)...)
					}
				}
			}
			public := portNamed(ct, "http")
			switch {
			case d == edge && !(len(open) > 0 && allEqual(open, public)):
				t.Errorf("%s: the gateway is reachable from outside on %v, want its public port %d alone", overlay, open, public)
			case d != edge && len(open) > 0:
				t.Errorf("%s: %s is reachable from outside the namespace's Vextrus pods on %v; only the gateway may be", overlay, d.Name, open)
			}
		}
	}
}

func (c *cluster) deniesByDefault() bool {
	for _, p := range c.policies {
		if len(p.Spec.PodSelector.MatchLabels) == 0 && len(p.Spec.PodSelector.MatchExpressions) == 0 &&
			len(p.Spec.Ingress) == 0 && hasIngressType(p) {
			return true
		}
	}
	return false
}

func hasIngressType(p *networkingv1.NetworkPolicy) bool {
	for _, ty := range p.Spec.PolicyTypes {
		if ty == networkingv1.PolicyTypeIngress {
			return true
		}
	}
	return false
}

// selectsAll reports whether p applies to pods with podLabels (an empty
// selector selects every pod).
func selectsAll(t *testing.T, p *networkingv1.NetworkPolicy, podLabels map[string]string) bool {
	t.Helper()
	sel := p.Spec.PodSelector
	if len(sel.MatchLabels) == 0 && len(sel.MatchExpressions) == 0 {
		return true
	}
	return selects(t, &sel, labels.Set(podLabels))
}

// outside reports whether rule admits anything beyond the namespace's
// own pods and Prometheus on the internal listener.
func outside(rule networkingv1.NetworkPolicyIngressRule) bool {
	if len(rule.From) == 0 {
		return true // every source
	}
	for _, peer := range rule.From {
		switch {
		case peer.IPBlock != nil:
			return true
		case peer.NamespaceSelector != nil:
			if !onlyMonitoring(peer) || !onlyPort(rule, 8081, "internal") {
				return true
			}
		case peer.PodSelector == nil:
			return true
		}
	}
	return false
}

func onlyMonitoring(peer networkingv1.NetworkPolicyPeer) bool {
	ns := peer.NamespaceSelector
	return peer.PodSelector == nil && len(ns.MatchExpressions) == 0 && len(ns.MatchLabels) == 1 &&
		ns.MatchLabels[corev1.LabelMetadataName] == monitoringNamespace
}

func onlyPort(rule networkingv1.NetworkPolicyIngressRule, number int32, name string) bool {
	if len(rule.Ports) == 0 {
		return false
	}
	for _, p := range rule.Ports {
		if p.Port == nil || p.EndPort != nil || (p.Port.IntVal != number && p.Port.StrVal != name) {
			return false
		}
	}
	return true
}

// rulePorts are the container ports rule admits (every port when it
// names none).
func rulePorts(rule networkingv1.NetworkPolicyIngressRule, ct corev1.Container) []int32 {
	var out []int32
	for _, cp := range ct.Ports {
		admitted := len(rule.Ports) == 0
		for _, p := range rule.Ports {
			switch {
			case p.Port == nil:
				admitted = true
			case p.Port.StrVal != "":
				admitted = admitted || p.Port.StrVal == cp.Name
			case p.EndPort != nil:
				admitted = admitted || p.Port.IntVal <= cp.ContainerPort && cp.ContainerPort <= *p.EndPort
			default:
				admitted = admitted || p.Port.IntVal == cp.ContainerPort
			}
		}
		if admitted {
			out = append(out, cp.ContainerPort)
		}
	}
	return out
}

func portNamed(ct corev1.Container, name string) int32 {
	for _, p := range ct.Ports {
		if p.Name == name {
			return p.ContainerPort
		}
	}
	return -1
}

func allEqual(ports []int32, want int32) bool {
	for _, p := range ports {
		if p != want {
			return false
		}
	}
	return true
}
