package devserver

import (
	"context"
	"log/slog"
	"sync/atomic"

	"go.temporal.io/server/common/log"
	"go.temporal.io/server/common/log/tag"
)

// minLevel keeps the embedded server quiet: at info it logs every service
// start, shard movement and namespace refresh, which would drown the
// application's own logs in `vextrus dev`.
const minLevel = slog.LevelWarn

// slogLogger adapts slog to the server's logger interface. The level is
// shared by every logger derived with With, so that Stop can silence them
// all at once.
type slogLogger struct {
	l     *slog.Logger
	level *atomic.Int64
}

var (
	_ log.Logger     = slogLogger{}
	_ log.WithLogger = slogLogger{}
)

func newLogger(l *slog.Logger) slogLogger {
	level := &atomic.Int64{}
	level.Store(int64(minLevel))
	return slogLogger{l: l.With("component", "temporal-server"), level: level}
}

// quietStop silences the server. While the services stop in turn, pollers,
// clients and in-flight calls report every connection and context the
// previous service closed, at warn and error level; that is the expected
// course of a shutdown, not news.
func (s slogLogger) quietStop() { s.level.Store(int64(slog.LevelError + 1)) }

func (s slogLogger) Debug(msg string, tags ...tag.Tag) { s.log(slog.LevelDebug, msg, tags) }
func (s slogLogger) Info(msg string, tags ...tag.Tag)  { s.log(slog.LevelInfo, msg, tags) }
func (s slogLogger) Warn(msg string, tags ...tag.Tag)  { s.log(slog.LevelWarn, msg, tags) }
func (s slogLogger) Error(msg string, tags ...tag.Tag) { s.log(slog.LevelError, msg, tags) }

// DPanic panics only in the server's development builds; here it is an
// error like any other.
func (s slogLogger) DPanic(msg string, tags ...tag.Tag) { s.log(slog.LevelError, msg, tags) }

// Panic and Fatal keep their meaning: the server relies on them not to
// return. A panic rather than os.Exit lets a test see the stack. They are
// logged whatever the level, even while stopping.
func (s slogLogger) Panic(msg string, tags ...tag.Tag) {
	s.l.Log(context.Background(), slog.LevelError, msg, attrs(tags)...)
	panic(msg)
}

func (s slogLogger) Fatal(msg string, tags ...tag.Tag) {
	s.l.Log(context.Background(), slog.LevelError, msg, attrs(tags)...)
	panic(msg)
}

// With is how the server tags a logger per service and shard; attributes
// are converted once instead of on every line.
func (s slogLogger) With(tags ...tag.Tag) log.Logger {
	return slogLogger{l: s.l.With(attrs(tags)...), level: s.level}
}

func (s slogLogger) log(level slog.Level, msg string, tags []tag.Tag) {
	ctx := context.Background()
	if level < slog.Level(s.level.Load()) || !s.l.Enabled(ctx, level) {
		return
	}
	s.l.Log(ctx, level, msg, attrs(tags)...)
}

func attrs(tags []tag.Tag) []any {
	out := make([]any, len(tags))
	for i, t := range tags {
		out[i] = slog.Any(t.Key(), t.Value())
	}
	return out
}
