package embedded

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/twmb/franz-go/pkg/kfake"
)

// kfakeLogger forwards kfake's printf-style logs to slog. kfake logs every
// request at its info level, so that becomes debug here. It also keeps the
// errors kfake logs while shutting down, because kfake.Cluster.Close has no
// error result and a failed final save must not go unnoticed by Stop.
type kfakeLogger struct {
	log *slog.Logger

	mu       sync.Mutex
	closing  bool
	closeErr []error
}

func (l *kfakeLogger) Logf(level kfake.LogLevel, format string, args ...any) {
	lv := slogLevel(level)
	if lv == slog.LevelError {
		l.mu.Lock()
		if l.closing {
			l.closeErr = append(l.closeErr, fmt.Errorf("kafka broker: "+format, args...))
		}
		l.mu.Unlock()
	}
	ctx := context.Background()
	if !l.log.Enabled(ctx, lv) {
		return
	}
	l.log.Log(ctx, lv, fmt.Sprintf(format, args...), slog.String("component", "kfake"))
}

// startClose begins collecting the errors of a shutdown.
func (l *kfakeLogger) startClose() {
	l.mu.Lock()
	l.closing = true
	l.mu.Unlock()
}

// closeErrors returns what went wrong during the shutdown.
func (l *kfakeLogger) closeErrors() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return errors.Join(l.closeErr...)
}

func slogLevel(level kfake.LogLevel) slog.Level {
	switch level {
	case kfake.LogLevelError:
		return slog.LevelError
	case kfake.LogLevelWarn:
		return slog.LevelWarn
	default:
		return slog.LevelDebug
	}
}
