// Package httpx is the HTTP platform: the server with timeouts and graceful
// shutdown, the middleware every route passes (request id, recovery, access
// log, trace, metrics, body limit), JSON and problem+json helpers, the
// Idempotency-Key contract, and health and readiness endpoints.
package httpx

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
)

// Config is the HTTP server's configuration.
type Config struct {
	Addr string `yaml:"addr" doc:"listen address of the HTTP server"`
	// InternalAddr is the internal listener: subgraph endpoints, /metrics
	// and the detailed /readyz. Only the gateway and the operator's
	// scrapers and probes may reach it (docs/security.md).
	InternalAddr string `yaml:"internal_addr" doc:"listen address of the internal listener (subgraphs, /metrics, detailed /readyz); never expose it publicly"`
	// TrustedProxies are the peers whose X-Forwarded-For is believed
	// (ClientAddr); empty believes no one.
	TrustedProxies  []string      `yaml:"trusted_proxies" doc:"CIDRs or addresses of reverse proxies whose X-Forwarded-For names the client"`
	PublicURL       string        `yaml:"public_url" doc:"URL clients use to reach this server (default derived from addr)"`
	ReadTimeout     time.Duration `yaml:"read_timeout" doc:"maximum time to read a request"`
	WriteTimeout    time.Duration `yaml:"write_timeout" doc:"maximum time to write a response"`
	IdleTimeout     time.Duration `yaml:"idle_timeout" doc:"keep-alive idle timeout"`
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout" doc:"time allowed to drain requests on shutdown"`
	MaxBodyBytes    int64         `yaml:"max_body_bytes" doc:"largest request body accepted"`
}

// DefaultConfig is the documented default: loopback port 8080.
func DefaultConfig() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		InternalAddr:    "127.0.0.1:8081",
		ReadTimeout:     15 * time.Second,
		WriteTimeout:    60 * time.Second,
		IdleTimeout:     120 * time.Second,
		ShutdownTimeout: 20 * time.Second,
		MaxBodyBytes:    4 << 20,
	}
}

// Validate implements config.Validator.
func (c *Config) Validate(v *config.Checker) {
	_, _, err := net.SplitHostPort(c.Addr)
	v.Check(err == nil, "addr", "must be host:port, not %q", c.Addr)
	_, port, err := net.SplitHostPort(c.InternalAddr)
	v.Check(err == nil, "internal_addr", "must be host:port, not %q", c.InternalAddr)
	v.Check(err != nil || port == "0" || c.InternalAddr != c.Addr, "internal_addr", "must differ from addr: the public listener never serves internal endpoints")
	_, err = ParseProxies(c.TrustedProxies)
	v.Check(err == nil, "trusted_proxies", "%v", err)
	v.Check(c.MaxBodyBytes > 0, "max_body_bytes", "must be positive")
	v.Check(c.ReadTimeout > 0 && c.WriteTimeout > 0, "read_timeout", "read and write timeouts must be positive")
}

// Server serves a handler on the configured address as a lifecycle service.
type Server struct {
	cfg    Config
	srv    *http.Server
	ln     net.Listener
	logger *slog.Logger
	*lifecycle.Basic
}

// NewServer returns a server for h; nothing listens until Start.
func NewServer(cfg Config, h http.Handler, logger *slog.Logger) *Server {
	s := &Server{cfg: cfg, logger: logger}
	s.srv = &http.Server{
		Handler:           h,
		ReadTimeout:       cfg.ReadTimeout,
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	s.Basic = lifecycle.New("http", lifecycle.Funcs{
		Starting: s.listen,
		Running:  s.serve,
		Stopping: s.shutdown,
	})
	return s
}

func (s *Server) listen(ctx context.Context) error {
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.cfg.Addr, err)
	}
	s.ln = ln
	s.logger.Info("http server listening", "addr", ln.Addr().String())
	return nil
}

func (s *Server) serve(ctx context.Context) error {
	err := s.srv.Serve(s.ln)
	if errors.Is(err, http.ErrServerClosed) {
		<-ctx.Done()
		return nil
	}
	return err
}

// shutdown stops accepting and drains in-flight requests.
func (s *Server) shutdown(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.ShutdownTimeout)
	defer cancel()
	return s.srv.Shutdown(ctx)
}

// Stop closes the listener first so Running returns, then drains.
func (s *Server) Stop(ctx context.Context) error {
	err := s.shutdown(ctx)
	return errors.Join(err, s.Basic.Stop(ctx))
}

// Handler is the server's whole handler chain, for in-process calls.
func (s *Server) Handler() http.Handler { return s.srv.Handler }

// Addr is the bound address, valid after Start (useful with port 0).
func (s *Server) Addr() string {
	if s.ln == nil {
		return s.cfg.Addr
	}
	return s.ln.Addr().String()
}

// URL is the base URL of the server.
func (s *Server) URL() string {
	if s.cfg.PublicURL != "" {
		return s.cfg.PublicURL
	}
	return "http://" + s.Addr()
}
