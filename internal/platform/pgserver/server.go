package pgserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Options configure Start.
type Options struct {
	// DataDir holds the cluster. An empty or missing directory is initialised;
	// an existing cluster is reused, so data survives restarts.
	DataDir string
	// Port is the TCP port on 127.0.0.1; 0 picks a free one.
	Port int
	// Logger receives the server's own log lines at debug level; nil discards them.
	Logger *slog.Logger
	// Ephemeral trades durability for speed (fsync, synchronous_commit and
	// full_page_writes off): for throwaway test clusters only.
	Ephemeral bool
	// BinDir overrides where the server binaries are; empty means Find.
	BinDir string
	// Home keeps the cluster when the server runs as the postgres OS user
	// (the process runs as root) and that user cannot reach DataDir: the
	// cluster is then kept in a directory of Home owned by postgres, and
	// DataDir becomes a symbolic link to it. Empty means DefaultHome.
	Home string
}

// startTimeout bounds how long a server may take to accept connections,
// crash recovery of a large dev cluster included.
const startTimeout = 60 * time.Second

// errPortInUse marks a start that lost the race for a port picked as free.
var errPortInUse = errors.New("port already in use")

// Server is a running PostgreSQL cluster started by Start.
type Server struct {
	port    int
	dataDir string
	cmd     *exec.Cmd
	tail    *logTail
	done    chan struct{}
	waitErr error // set before done is closed
	stop    sync.Once
	stopErr error
}

// Start runs initdb when DataDir holds no cluster yet, then starts postgres
// listening on 127.0.0.1 and waits until it accepts connections. The caller
// must call Stop.
func Start(ctx context.Context, opts Options) (*Server, error) {
	if opts.DataDir == "" {
		return nil, errors.New("pgserver: data dir is required")
	}
	dataDir, err := filepath.Abs(opts.DataDir)
	if err != nil {
		return nil, fmt.Errorf("pgserver: resolve data dir: %w", err)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cred, err := identity()
	if err != nil {
		return nil, fmt.Errorf("pgserver: %w", err)
	}
	if dataDir, err = place(dataDir, opts.Home, cred); err != nil {
		return nil, fmt.Errorf("pgserver: %w", err)
	}
	binDir := opts.BinDir
	if binDir == "" {
		if binDir, err = findForData(dataDir); err != nil {
			return nil, err
		}
	}
	fresh, err := prepareDataDir(dataDir, cred)
	if err != nil {
		return nil, fmt.Errorf("pgserver: %w", err)
	}
	if fresh {
		if err := initdb(ctx, binDir, dataDir, cred, opts.Ephemeral, log); err != nil {
			return nil, fmt.Errorf("pgserver: %w", err)
		}
	}
	if err := clearStalePID(dataDir); err != nil {
		return nil, fmt.Errorf("pgserver: %w", err)
	}
	for attempt := 0; ; attempt++ {
		port := opts.Port
		if port == 0 {
			if port, err = freePort(); err != nil {
				return nil, fmt.Errorf("pgserver: %w", err)
			}
		}
		s, err := launch(ctx, binDir, dataDir, port, cred, opts.Ephemeral, log)
		if errors.Is(err, errPortInUse) && opts.Port == 0 && attempt < 3 {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("pgserver: %w", err)
		}
		return s, nil
	}
}

func initdb(ctx context.Context, binDir, dataDir string, cred *syscall.Credential, ephemeral bool, log *slog.Logger) error {
	args := []string{"-D", dataDir, "-U", "postgres", "-E", "UTF8", "--locale=C", "--auth=trust"}
	if ephemeral {
		args = append(args, "--no-sync")
	}
	cmd := exec.CommandContext(ctx, filepath.Join(binDir, "initdb"), args...)
	cmd.Dir = dataDir
	cmd.Env = serverEnv()
	cmd.SysProcAttr = sysProcAttr(cred)
	out, err := cmd.CombinedOutput()
	log.Debug("initdb", "output", string(out))
	if err != nil {
		return fmt.Errorf("initdb: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

// serverEnv is the whole environment of initdb and postgres: TZ spares initdb
// its slow time zone probe and stores instants in UTC, as DESIGN §4 wants.
func serverEnv() []string { return []string{"TZ=UTC", "LC_ALL=C"} }

func launch(ctx context.Context, binDir, dataDir string, port int, cred *syscall.Credential, ephemeral bool, log *slog.Logger) (*Server, error) {
	args := []string{"-D", dataDir,
		"-c", "listen_addresses=127.0.0.1",
		"-c", "port=" + strconv.Itoa(port),
		"-c", "unix_socket_directories=",
		"-c", "logging_collector=off",
		// A new WAL segment is otherwise filled with 16 MB of zeros and
		// flushed by the backend that needs it, while every commit waits:
		// a young cluster has no segments to recycle, so under load every
		// commit sometimes waited about 300 ms at once (docs/scaling.md,
		// events). The commits' own flushes keep the WAL durable; zeroing
		// only reserves the space ahead of time.
		"-c", "wal_init_zero=off",
	}
	if ephemeral {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	cmd := exec.Command(filepath.Join(binDir, "postgres"), args...)
	cmd.Dir = dataDir
	cmd.Env = serverEnv()
	cmd.SysProcAttr = sysProcAttr(cred)
	tail := newLogTail(log)
	cmd.Stdout = tail
	cmd.Stderr = tail
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start postgres: %w", err)
	}
	s := &Server{port: port, dataDir: dataDir, cmd: cmd, tail: tail, done: make(chan struct{})}
	go func() {
		s.waitErr = cmd.Wait()
		close(s.done)
	}()
	if err := s.waitReady(ctx); err != nil {
		_ = s.Stop()
		return nil, err
	}
	log.Info("postgres started", "port", port, "dataDir", dataDir, "pid", cmd.Process.Pid)
	return s, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pick free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// URL returns the superuser DSN of the cluster.
func (s *Server) URL() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", s.port)
}

// Port returns the TCP port the server listens on.
func (s *Server) Port() int { return s.port }

// DataDir returns the absolute directory the cluster is kept in, which
// differs from Options.DataDir when that is a link (see Options.Home).
func (s *Server) DataDir() string { return s.dataDir }

// PID returns the process id of the postmaster.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// Done is closed when the server process has exited, whether through Stop or
// a crash, so a supervisor can stop the rest of the process.
func (s *Server) Done() <-chan struct{} { return s.done }
