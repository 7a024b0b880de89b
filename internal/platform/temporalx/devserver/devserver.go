// Package devserver runs a real Temporal server inside the current process:
// frontend, history, matching and worker services on one history shard,
// persisted in a SQLite file (or in memory), with the Temporal Web UI when
// asked for. `vextrus dev` and end-to-end tests use it; production talks to
// a Temporal cluster instead.
//
// It is our own small take on the Temporal CLI's dev server, whose package
// is internal to the CLI, and on the server's temporaltest, which is
// memory-only.
package devserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"go.temporal.io/server/temporal"
)

// Options configures Start. The zero value starts an in-memory server with
// namespace "default" on free ports of 127.0.0.1, with the Web UI.
type Options struct {
	// DBFile is the SQLite file that keeps workflows across restarts; it is
	// created with its schema when missing. Empty keeps everything in memory.
	DBFile string
	// Namespace is registered when absent; default "default".
	Namespace string
	// IP to bind every listener on; default 127.0.0.1.
	IP string
	// Port of the frontend gRPC listener; 0 picks a free port.
	Port int
	// UIPort of the Web UI; 0 picks a free port, -1 runs no UI.
	UIPort int
	// Logger receives the server's warnings and errors; nil discards them.
	Logger *slog.Logger
}

// Server is a running dev server. Stop it to free its ports.
type Server struct {
	temporal  temporal.Server
	logger    slogLogger
	ui        *uiServer
	store     *store
	frontend  string
	namespace string

	stopOnce sync.Once
	stopErr  error
}

// Start builds and starts a dev server and returns once its frontend
// accepts connections and, when enabled, its Web UI answers; ctx bounds the
// wait for the UI. Start takes about half a second.
func Start(ctx context.Context, opts Options) (*Server, error) {
	opts = withDefaults(opts)
	ports, err := choosePorts(opts)
	if err != nil {
		return nil, err
	}
	st, err := openStore(opts, clusterName)
	if err != nil {
		return nil, err
	}
	s := &Server{
		logger:    newLogger(opts.Logger),
		store:     st,
		frontend:  hostPort(opts.IP, ports.frontend),
		namespace: opts.Namespace,
	}
	s.temporal, err = temporal.NewServer(serverOptions(opts, ports, st.conf, s.logger)...)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("build temporal server: %w", err), st.close())
	}
	if err := s.temporal.Start(); err != nil {
		return nil, errors.Join(fmt.Errorf("start temporal server: %w", err), st.close())
	}
	if ports.ui > 0 {
		s.ui, err = startUI(ctx, opts, ports.ui, s.frontend)
		if err != nil {
			return nil, errors.Join(fmt.Errorf("start temporal ui: %w", err), s.Stop())
		}
	}
	return s, nil
}

// FrontendAddr is the host:port SDK clients dial.
func (s *Server) FrontendAddr() string { return s.frontend }

// Namespace is the namespace Start registered.
func (s *Server) Namespace() string { return s.namespace }

// UIURL is the address of the Web UI, or "" when it does not run.
func (s *Server) UIURL() string {
	if s.ui == nil {
		return ""
	}
	return s.ui.url
}

// Stop stops the Web UI and every Temporal service and closes their
// listeners. It is safe to call more than once; later calls return the
// first result.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		var errsSeen []error
		if s.ui != nil {
			errsSeen = append(errsSeen, s.ui.stop())
		}
		s.logger.quietStop()
		if err := s.temporal.Stop(); err != nil {
			errsSeen = append(errsSeen, fmt.Errorf("stop temporal server: %w", err))
		}
		errsSeen = append(errsSeen, s.store.close())
		s.stopErr = errors.Join(errsSeen...)
	})
	return s.stopErr
}

func withDefaults(opts Options) Options {
	if opts.Namespace == "" {
		opts.Namespace = "default"
	}
	if opts.IP == "" {
		opts.IP = "127.0.0.1"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return opts
}
