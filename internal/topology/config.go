package topology

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// plan gives each process its ports and writes the configuration they
// share. The settings common to every process (engines, secrets, where
// each service listens) are in one file, as a ConfigMap and a Secret
// would hold them; each process's own listen addresses come from its
// environment.
//
// The services map is in the file, not the environment: the loader
// applies VEXTRUS_SERVICES_<NAME>_URL only to a service the file (or the
// defaults) already names, so a variable alone would be ignored.
func (t *Topology) plan() error {
	services := map[string]map[string]string{}
	// Every probe listener stays open until all are chosen, so that no
	// two processes are given one port.
	var probes []net.Listener
	defer func() {
		for _, l := range probes {
			l.Close()
		}
	}()
	freeAddr := func() (string, error) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return "", fmt.Errorf("free port: %w", err)
		}
		probes = append(probes, l)
		return l.Addr().String(), nil
	}
	for _, targets := range t.opts.Targets {
		pub, err := freeAddr()
		if err != nil {
			return err
		}
		internal, err := freeAddr()
		if err != nil {
			return err
		}
		p := &Process{Name: strings.Join(targets, "+"), Targets: targets, Addr: pub, InternalAddr: internal,
			URL: "http://" + pub, InternalURL: "http://" + internal, t: t}
		t.procs = append(t.procs, p)
		for _, target := range targets {
			if t.byName[target] != nil {
				return fmt.Errorf("topology: target %s is in two processes", target)
			}
			t.byName[target] = p
			services[target] = map[string]string{"url": p.URL, "internal_url": p.InternalURL}
		}
	}
	e := t.engines
	host, port, err := net.SplitHostPort(e.smtp.Addr())
	if err != nil {
		return fmt.Errorf("smtp sink address: %w", err)
	}
	smtpPort, _ := strconv.Atoi(port)
	cfg := map[string]any{
		"database": map[string]any{"url": e.pg.URL(), "app_password": e.appPassword},
		"kafka": map[string]any{"brokers": e.kafka.Addrs(), "partitions": 1, "replication_factor": 1,
			"create_topics": true},
		"temporal": map[string]any{"address": e.temporal.FrontendAddr()},
		"auth":     map[string]any{"key_encryption_key": e.keyEncryptionKey, "service_token_secret": e.serviceTokenSecret},
		"notify":   map[string]any{"smtp": map[string]any{"host": host, "port": smtpPort, "tls": "none"}},
		"files": map[string]any{"endpoint": e.s3.URL(), "path_style": true, "access_key": e.s3Access,
			"secret_key": e.s3Secret},
		"services": services,
		"log":      map[string]any{"format": "json", "level": "info"},
	}
	if t.opts.OTLPEndpoint != "" {
		cfg["otel"] = map[string]any{"endpoint": t.opts.OTLPEndpoint, "insecure": true, "sample_ratio": 1}
	}
	b, err := yaml.Marshal(cfg)
	if err != nil {
		return err
	}
	t.config = filepath.Join(t.opts.Dir, "vextrus.yaml")
	return os.WriteFile(t.config, b, 0o600)
}

// baseEnv is every process's environment: no VEXTRUS_* of this process
// leaks in, so a process sees only its configuration.
func (t *Topology) baseEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "VEXTRUS_") {
			env = append(env, kv)
		}
	}
	return append(env, t.opts.Env...)
}

// command is the binary run with args against the shared configuration.
func (t *Topology) command(ctx context.Context, env []string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, t.opts.Binary, slices.Concat(args, []string{"--config=" + t.config})...)
	cmd.Dir = t.opts.Dir
	cmd.Env = env
	return cmd
}
