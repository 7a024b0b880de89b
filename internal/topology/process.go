package topology

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// stopGrace is how long a process may drain after SIGTERM before it is
// killed.
const stopGrace = 20 * time.Second

// Process is one `vextrus serve` of the topology.
type Process struct {
	// Name is its targets joined by "+".
	Name    string
	Targets []string
	// Addr and InternalAddr are its listeners; URL and InternalURL their
	// base URLs.
	Addr, InternalAddr string
	URL, InternalURL   string

	t    *Topology
	cmd  *exec.Cmd
	tail *tail
	file *os.File
	done chan struct{} // closed when the process has exited
	err  error         // its exit, set before done closes
}

// start launches the process; it does not wait for it to be ready.
func (p *Process) start() error {
	env := append(p.t.baseEnv(), "VEXTRUS_HTTP_ADDR="+p.Addr, "VEXTRUS_HTTP_INTERNAL_ADDR="+p.InternalAddr)
	p.cmd = p.t.command(context.Background(), env, "serve", "--target="+strings.Join(p.Targets, ","))
	p.tail = &tail{}
	var out io.Writer
	if p.t.opts.Logs != nil {
		out = &prefixed{w: p.t.opts.Logs, prefix: []byte(p.Name + " | ")}
	} else {
		f, err := os.Create(filepath.Join(p.t.opts.Dir, p.Name+".log"))
		if err != nil {
			return fmt.Errorf("log of %s: %w", p.Name, err)
		}
		p.file, out = f, f
	}
	w := io.MultiWriter(out, p.tail)
	p.cmd.Stdout, p.cmd.Stderr = w, w
	if err := p.cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", p.Name, err)
	}
	p.done = make(chan struct{})
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	return nil
}

// waitReady polls the public /readyz until it answers 200, failing when
// the process exits or ctx ends first, with the end of its log.
func (p *Process) waitReady(ctx context.Context) error {
	client := &http.Client{Timeout: 2 * time.Second}
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.URL+"/readyz", nil)
		if res, err := client.Do(req); err == nil {
			res.Body.Close()
			// A process that exited cannot have answered: another
			// program holds its port.
			if exited, err := p.Exited(); exited {
				return fmt.Errorf("%s exited before it was ready (%v); its log ends:\n%s", p.Name, err, p.Log())
			}
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-p.done:
			return fmt.Errorf("%s exited before it was ready (%v); its log ends:\n%s", p.Name, p.err, p.Log())
		case <-ctx.Done():
			if exited, err := p.Exited(); exited {
				return fmt.Errorf("%s exited before it was ready (%v); its log ends:\n%s", p.Name, err, p.Log())
			}
			return fmt.Errorf("%s not ready at %s/readyz: %w; its log ends:\n%s", p.Name, p.URL, ctx.Err(), p.Log())
		case <-tick.C:
		}
	}
}

// Exited reports whether the process has ended, and how.
func (p *Process) Exited() (bool, error) {
	select {
	case <-p.done:
		return true, p.err
	default:
		return false, nil
	}
}

// Log is the last lines the process wrote.
func (p *Process) Log() string { return p.tail.String() }

// stop sends SIGTERM, then SIGKILL if the process outlives stopGrace. A
// process that exits on SIGTERM has stopped cleanly whatever its status;
// one that had exited before is an error when reportExited.
func (p *Process) stop(reportExited bool) error {
	if p.done == nil {
		return nil
	}
	defer func() {
		if p.file != nil {
			p.file.Close()
		}
	}()
	select {
	case <-p.done:
		if !reportExited {
			return nil
		}
		return fmt.Errorf("%s had already exited (%v); its log ends:\n%s", p.Name, p.err, p.Log())
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		return nil
	case <-time.After(stopGrace):
	}
	_ = p.cmd.Process.Kill()
	<-p.done
	return fmt.Errorf("%s did not stop within %v of SIGTERM and was killed", p.Name, stopGrace)
}

// tail keeps the last tailSize bytes written to it.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

const tailSize = 16 << 10

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > tailSize {
		t.buf = append(t.buf[:0:0], t.buf[len(t.buf)-tailSize:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

// prefixed writes whole lines to w, each after prefix, so the output of
// processes sharing w stays readable.
type prefixed struct {
	mu     sync.Mutex
	w      io.Writer
	prefix []byte
	part   []byte
}

func (p *prefixed) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.part = append(p.part, b...)
	for {
		i := bytes.IndexByte(p.part, '\n')
		if i < 0 {
			return len(b), nil
		}
		if _, err := p.w.Write(append(append([]byte(nil), p.prefix...), p.part[:i+1]...)); err != nil {
			return 0, err
		}
		p.part = p.part[i+1:]
	}
}
