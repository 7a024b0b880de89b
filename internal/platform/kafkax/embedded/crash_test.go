package embedded_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/kafkax/embedded"
	"github.com/vextrus/vextrus/internal/platform/kafkax/kafkatest"
)

// crashDirEnv tells the test binary, re-run as a child, to act as a broker
// process that dies without Stop.
const crashDirEnv = "VEXTRUS_KAFKA_CRASH_DIR"

const (
	crashRecords = 500
	// crashExit is the child's exit code; the testing package forbids
	// os.Exit(0) inside a test.
	crashExit = 3
)

// TestAcknowledgedRecordsSurviveACrash runs a broker in a child process that
// exits without Stop right after its records are acknowledged, as
// `vextrus dev` does when killed, and checks a new broker serves them all.
func TestAcknowledgedRecordsSurviveACrash(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashingBroker$")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir)
	out, err := cmd.CombinedOutput()
	if ee, ok := errors.AsType[*exec.ExitError](err); !ok || ee.ExitCode() != crashExit {
		t.Fatalf("crashing broker ended with %v, want exit code %d\n%s", err, crashExit, out)
	}

	b := start(t, embedded.Options{DataDir: dir})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	got := consume(t, ctx, kafkatest.Client(t, b, fromStart("crash")...),
		func(vs []string) bool { return len(vs) >= crashRecords })
	if len(got) != crashRecords {
		t.Fatalf("read %d records after the crash, want %d", len(got), crashRecords)
	}
}

// TestCrashingBroker is the child of TestAcknowledgedRecordsSurviveACrash.
func TestCrashingBroker(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("runs only as the child of TestAcknowledgedRecordsSurviveACrash")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := embedded.Start(ctx, embedded.Options{DataDir: dir})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	cl, err := kafkax.NewClient(b.Config())
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	if err := kafkax.EnsureTopics(ctx, cl, b.Config(), "crash"); err != nil {
		t.Fatalf("EnsureTopics: %v", err)
	}
	recs := make([]*kgo.Record, crashRecords)
	for i := range recs {
		recs[i] = &kgo.Record{Topic: "crash", Value: []byte(strconv.Itoa(i))}
	}
	if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		t.Fatalf("produce: %v", err)
	}
	os.Exit(crashExit) // no Stop, no deferred cleanup: the broker dies mid-flight
}
