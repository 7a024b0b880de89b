package embedded

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/vextrus/vextrus/internal/platform/kafkax"
)

// A broker without SyncWrites leaves its files to the operating system
// while it runs; Stop must force every one of them to disk.
func TestStopFlushesWhatTheBrokerWrote(t *testing.T) {
	var synced []string
	syncFile = func(path string) error {
		synced = append(synced, path)
		return syncPath(path)
	}
	t.Cleanup(func() { syncFile = syncPath })
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := Start(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	cl, err := kafkax.NewClient(b.Config())
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if err := kafkax.EnsureTopics(ctx, cl, b.Config(), "flushed"); err != nil {
		t.Fatal(err)
	}
	if err := cl.ProduceSync(ctx, &kgo.Record{Topic: "flushed", Value: []byte("x")}).FirstErr(); err != nil {
		t.Fatal(err)
	}
	if len(synced) > 0 {
		t.Fatalf("flushed %v before Stop", synced)
	}
	if err := b.Stop(); err != nil {
		t.Fatal(err)
	}
	var segments int
	for _, p := range synced {
		if strings.Contains(p, "flushed") && filepath.Ext(p) == ".dat" {
			segments++
		}
	}
	if segments == 0 || !slices.Contains(synced, dir) {
		t.Errorf("Stop flushed %v, want the topic's segment and the data directory", synced)
	}
}
