package pgserver

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// waitReady polls until the server accepts a connection, the process exits,
// or the start deadline passes.
func (s *Server) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		attempt, cancelAttempt := context.WithTimeout(ctx, time.Second)
		conn, err := pgconn.Connect(attempt, s.URL())
		cancelAttempt()
		if err == nil {
			return conn.Close(ctx)
		}
		select {
		case <-s.done:
			logs := s.tail.String()
			if strings.Contains(logs, "could not bind") || strings.Contains(logs, "already in use") {
				return fmt.Errorf("postgres on port %d: %w", s.port, errPortInUse)
			}
			return fmt.Errorf("postgres exited during start (%v): %s", s.waitErr, logs)
		case <-ctx.Done():
			return fmt.Errorf("postgres not ready: %w (last error: %v): %s", ctx.Err(), err, s.tail.String())
		case <-tick.C:
		}
	}
}

// Stop asks the server for a fast shutdown (rolls back open transactions,
// disconnects clients, checkpoints) and waits until the postmaster and its
// children have exited, so the port is free when Stop returns. A server that
// does not stop in time is killed. Stop is safe to call more than once.
func (s *Server) Stop() error {
	s.stop.Do(func() { s.stopErr = s.shutdown() })
	return s.stopErr
}

func (s *Server) shutdown() error {
	steps := []struct {
		sig  syscall.Signal
		wait time.Duration
	}{
		{syscall.SIGINT, 30 * time.Second},  // fast shutdown
		{syscall.SIGQUIT, 5 * time.Second},  // immediate shutdown
		{syscall.SIGKILL, 10 * time.Second}, // children notice the dead postmaster
	}
	for _, step := range steps {
		select {
		case <-s.done:
			return nil
		default:
		}
		_ = s.cmd.Process.Signal(step.sig)
		timer := time.NewTimer(step.wait)
		select {
		case <-s.done:
			timer.Stop()
			return nil
		case <-timer.C:
		}
	}
	return fmt.Errorf("pgserver: postgres (pid %d) did not exit", s.cmd.Process.Pid)
}

// logTail forwards the server's output to a logger line by line and keeps
// the last lines to explain a failed start.
type logTail struct {
	log     *slog.Logger
	mu      sync.Mutex
	partial []byte
	lines   []string
}

const tailLines = 20

func newLogTail(log *slog.Logger) *logTail { return &logTail{log: log} }

func (t *logTail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.partial = append(t.partial, p...)
	for {
		i := bytes.IndexByte(t.partial, '\n')
		if i < 0 {
			break
		}
		line := string(t.partial[:i])
		t.partial = t.partial[i+1:]
		t.log.Debug("postgres", "line", line)
		t.lines = append(t.lines, line)
		if len(t.lines) > tailLines {
			t.lines = t.lines[1:]
		}
	}
	return len(p), nil
}

func (t *logTail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(append(t.lines, string(t.partial)), "\n")
}
