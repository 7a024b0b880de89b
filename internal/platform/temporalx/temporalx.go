// Package temporalx is the platform's Temporal wiring: the process
// configuration of a Temporal connection, a client dialled from it, and a
// readiness probe for /readyz.
//
// The same Config serves both shapes of the binary: `vextrus dev` leaves
// Address empty and embeds a dev server (package temporalx/devserver), while
// `vextrus serve` points Address at a Temporal cluster, usually over TLS.
package temporalx

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"

	"github.com/vextrus/vextrus/internal/platform/config"
)

// Defaults shared by every service (DESIGN §6).
const (
	DefaultNamespace = "default"
	DefaultTaskQueue = "vextrus-workflows"
	// DefaultWorkflowCache holds the runs a busy office keeps active at
	// once (docs/workflow.md, "Workflow cache").
	DefaultWorkflowCache = 1000
)

// Config says how to reach Temporal. The zero value is not usable; start from
// DefaultConfig so that the namespace and task queue are set.
type Config struct {
	// Address is the frontend host:port. Empty means "not configured": dev
	// embeds a server, serve must refuse to start.
	Address   string `yaml:"address" doc:"Temporal frontend host:port; empty in dev embeds a dev server"`
	Namespace string `yaml:"namespace" doc:"Temporal namespace"`
	TaskQueue string `yaml:"task_queue" doc:"task queue of the vextrus workflow worker"`
	// WorkflowCache bounds the runs the process's workers keep in memory
	// between their workflow tasks (the SDK's sticky cache, shared by
	// every worker of the process). A run waiting for weeks (a purchase
	// order not yet received, an approval not yet decided) holds a
	// goroutine and its state while cached; the SDK's own default of
	// 10,000 is sized for machines that run workers only. A run evicted
	// replays its history on its next task, which for these workflows is
	// short.
	WorkflowCache int       `yaml:"workflow_cache" doc:"workflow runs the process's workers keep in memory between tasks; the others replay their history on their next task"`
	TLS           TLSConfig `yaml:"tls"`
}

// TLSConfig enables TLS (and mutual TLS with a client certificate) towards a
// production cluster. All fields empty means plaintext.
type TLSConfig struct {
	CAFile     string `yaml:"ca_file" doc:"PEM CA bundle that signed the server certificate; empty uses the system roots"`
	CertFile   string `yaml:"cert_file" doc:"PEM client certificate for mutual TLS"`
	KeyFile    string `yaml:"key_file" doc:"PEM key of the client certificate"`
	ServerName string `yaml:"server_name" doc:"name expected in the server certificate when it differs from the address host"`
}

// DefaultConfig returns the defaults: no address, namespace "default",
// task queue "vextrus-workflows", a cache of 1,000 runs, no TLS.
func DefaultConfig() Config {
	return Config{Namespace: DefaultNamespace, TaskQueue: DefaultTaskQueue, WorkflowCache: DefaultWorkflowCache}
}

// Enabled reports whether any TLS setting is present, which turns TLS on.
func (t TLSConfig) Enabled() bool {
	return t.CAFile != "" || t.CertFile != "" || t.KeyFile != "" || t.ServerName != ""
}

// Validate reports every problem with c at once. It does not require
// Address, because an empty one is meaningful in dev; the composition root
// of `serve` checks that.
func (c *Config) Validate(p *config.Checker) {
	p.Check(c.Namespace != "", "namespace", "must not be empty")
	p.Check(c.TaskQueue != "", "task_queue", "must not be empty")
	p.Check(c.WorkflowCache > 0, "workflow_cache", "must be at least 1")
	p.Check((c.TLS.CertFile == "") == (c.TLS.KeyFile == ""), "tls.cert_file",
		"cert_file and key_file must be set together")
	p.Check(!c.TLS.Enabled() || c.Address != "", "address",
		"must be set when TLS is configured")
}

// clientTLS builds the TLS configuration of the SDK connection, or nil for
// plaintext. Files are read here, at dial time, so a rotated certificate is
// picked up by the next process start.
func (t TLSConfig) clientTLS() (*tls.Config, error) {
	if !t.Enabled() {
		return nil, nil
	}
	conf := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: t.ServerName}
	if t.CAFile != "" {
		pem, err := os.ReadFile(t.CAFile)
		if err != nil {
			return nil, fmt.Errorf("read temporal ca file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("temporal ca file %s: no PEM certificate found", t.CAFile)
		}
		conf.RootCAs = pool
	}
	if t.CertFile != "" || t.KeyFile != "" {
		cert, err := tls.LoadX509KeyPair(t.CertFile, t.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("load temporal client certificate: %w", err)
		}
		conf.Certificates = []tls.Certificate{cert}
	}
	return conf, nil
}
