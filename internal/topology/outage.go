package topology

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
)

// Engine names a shared engine that can be stopped and started again
// while the processes keep running, to rehearse its outage.
type Engine string

// The engines an outage can take away.
const (
	Postgres Engine = "postgres"
	Kafka    Engine = "kafka"
	Temporal Engine = "temporal"
)

// Engines lists them in the order an outage run takes them away.
func Engines() []Engine { return []Engine{Postgres, Kafka, Temporal} }

// ParseEngine reads an engine's name.
func ParseEngine(s string) (Engine, error) {
	for _, e := range Engines() {
		if string(e) == s {
			return e, nil
		}
	}
	return "", fmt.Errorf("topology: unknown engine %q (want postgres, kafka or temporal)", s)
}

// StopEngine stops one shared engine, as an outage would take it away:
// its port closes and every connection to it ends, while the `vextrus
// serve` processes keep running. Its data stays for StartEngine.
// PostgreSQL is shut down fast (open transactions roll back), the broker
// and Temporal are stopped in this process.
func (t *Topology) StopEngine(e Engine) error {
	t.engineMu.Lock()
	defer t.engineMu.Unlock()
	if t.down[e] {
		return fmt.Errorf("topology: %s is already stopped", e)
	}
	var err error
	switch e {
	case Postgres:
		err = t.engines.pg.Stop()
	case Kafka:
		err = t.engines.kafka.Stop()
	case Temporal:
		err = t.engines.temporal.Stop()
	default:
		return fmt.Errorf("topology: unknown engine %q", e)
	}
	if err != nil {
		return fmt.Errorf("topology: stop %s: %w", e, err)
	}
	t.down[e] = true
	return nil
}

// StartEngine starts a stopped engine again on the address the processes
// were configured with and on the data it had, and returns once it
// serves. The processes are not told: they must find it again themselves.
func (t *Topology) StartEngine(ctx context.Context, e Engine) error {
	t.engineMu.Lock()
	defer t.engineMu.Unlock()
	if !t.down[e] {
		return fmt.Errorf("topology: %s is running", e)
	}
	if err := t.engines.restart(ctx, e, t.opts.Dir); err != nil {
		return fmt.Errorf("topology: start %s again: %w", e, err)
	}
	delete(t.down, e)
	return nil
}

// EngineAddr is the host:port the processes reach engine e at; it stays
// the same across StopEngine and StartEngine.
func (t *Topology) EngineAddr(e Engine) string {
	t.engineMu.Lock()
	defer t.engineMu.Unlock()
	switch e {
	case Postgres:
		return net.JoinHostPort("127.0.0.1", strconv.Itoa(t.engines.pg.Port()))
	case Kafka:
		return t.engines.kafka.Addrs()[0]
	case Temporal:
		return t.engines.temporal.FrontendAddr()
	}
	return ""
}

// restart starts engine e again on its old port and data. The port was
// released by Stop; another program may take it meanwhile on a busy
// machine, so a refused bind is tried again for a while.
func (e *engines) restart(ctx context.Context, eng Engine, dir string) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := e.startAgain(ctx, eng, dir)
		if err == nil || !strings.Contains(err.Error(), "in use") || time.Now().After(deadline) || ctx.Err() != nil {
			return err
		}
		pause := time.NewTimer(200 * time.Millisecond)
		select {
		case <-ctx.Done():
			pause.Stop()
			return err
		case <-pause.C:
		}
	}
}

func (e *engines) startAgain(ctx context.Context, eng Engine, dir string) error {
	switch eng {
	case Postgres:
		pg, err := startPostgres(ctx, dir, e.pg.Port())
		if err != nil {
			return err
		}
		e.pg = pg
	case Kafka:
		port, err := portOf(e.kafka.Addrs()[0])
		if err != nil {
			return err
		}
		k, err := startKafka(ctx, dir, port)
		if err != nil {
			return err
		}
		e.kafka = k
	case Temporal:
		port, err := portOf(e.temporal.FrontendAddr())
		if err != nil {
			return err
		}
		ts, err := startTemporal(ctx, dir, port)
		if err != nil {
			return err
		}
		e.temporal = ts
	}
	return nil
}

func portOf(addr string) (int, error) {
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(p)
}
