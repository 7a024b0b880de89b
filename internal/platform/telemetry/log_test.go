package telemetry_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/platform/telemetry"
)

func TestSettingTheLevelChangesWhatARunningLoggerWrites(t *testing.T) {
	var out bytes.Buffer
	level := new(slog.LevelVar)
	log := telemetry.NewLogger(&out, telemetry.LogConfig{Format: "json", Level: "info"}, level).With("module", "gateway")
	log.Debug("hidden")
	level.Set(telemetry.LogConfig{Level: "debug"}.SlogLevel())
	log.DebugContext(context.Background(), "shown")
	if got := out.String(); strings.Contains(got, "hidden") || !strings.Contains(got, "shown") {
		t.Fatalf("log output:\n%s", got)
	}
}
