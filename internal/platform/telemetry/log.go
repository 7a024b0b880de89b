// Package telemetry sets up logs, traces and metrics: log/slog with the
// request id, tenant id and trace id of every call, an OpenTelemetry tracer
// exporting over OTLP when an endpoint is configured, and a Prometheus
// registry for /metrics.
package telemetry

import (
	"context"
	"io"
	"log/slog"
	"strings"

	"go.opentelemetry.io/otel/trace"

	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/requestid"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// LogConfig chooses the log format and level.
type LogConfig struct {
	Format string `yaml:"format" doc:"log format: json or text (default json in serve, text in dev)"`
	Level  string `yaml:"level" reload:"live" doc:"log level: debug, info, warn or error"`
}

// Validate implements config.Validator.
func (c *LogConfig) Validate(v *config.Checker) {
	v.Check(c.Format == "" || c.Format == "json" || c.Format == "text", "format", "must be json or text, not %q", c.Format)
	_, ok := parseLevel(c.Level)
	v.Check(ok, "level", "must be debug, info, warn or error, not %q", c.Level)
}

func parseLevel(s string) (slog.Level, bool) {
	switch strings.ToLower(s) {
	case "debug":
		return slog.LevelDebug, true
	case "", "info":
		return slog.LevelInfo, true
	case "warn", "warning":
		return slog.LevelWarn, true
	case "error":
		return slog.LevelError, true
	}
	return slog.LevelInfo, false
}

// SlogLevel is the level cfg.Level names, info when it names none.
func (c LogConfig) SlogLevel() slog.Level {
	level, _ := parseLevel(c.Level)
	return level
}

// NewLogger returns a logger writing to w in the configured format whose
// records carry the request id, tenant id and trace id of their context.
// It logs at level, which it sets to cfg's: a configuration reload sets
// level again (log.level is live), and every logger derived from this one
// follows at once. A nil level fixes the level at cfg's.
func NewLogger(w io.Writer, cfg LogConfig, level *slog.LevelVar) *slog.Logger {
	if level == nil {
		level = new(slog.LevelVar)
	}
	level.Set(cfg.SlogLevel())
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler
	if cfg.Format == "text" {
		h = slog.NewTextHandler(w, opts)
	} else {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(contextHandler{h})
}

// contextHandler adds the request's identity to every record.
type contextHandler struct{ slog.Handler }

func (h contextHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := requestid.From(ctx); id != "" {
		r.AddAttrs(slog.String("requestId", id))
	}
	if t, ok := tenant.From(ctx); ok {
		r.AddAttrs(slog.String("tenantId", t.String()))
	}
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		r.AddAttrs(slog.String("traceId", sc.TraceID().String()))
	}
	return h.Handler.Handle(ctx, r)
}

func (h contextHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return contextHandler{h.Handler.WithAttrs(as)}
}

func (h contextHandler) WithGroup(name string) slog.Handler {
	return contextHandler{h.Handler.WithGroup(name)}
}
