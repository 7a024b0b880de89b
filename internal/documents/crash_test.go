package documents_test

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/documents"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// stuckRenderer never finishes a drawing: the worker rendering with it
// is as good as dead. entered is closed when a drawing starts.
type stuckRenderer struct {
	entered chan struct{}
	once    sync.Once
	release chan struct{}
}

func (r *stuckRenderer) Mushak63(documents.Form63) ([]byte, error) {
	r.once.Do(func() { close(r.entered) })
	<-r.release
	return nil, nil
}

func (r *stuckRenderer) Table(documents.FormTable) ([]byte, error) {
	return r.Mushak63(documents.Form63{})
}

// A job whose worker dies while it renders completes on another worker:
// the first worker stops mid-activity, its heartbeats stop, and the
// engine gives the activity to the next worker, which finishes the job
// with one file and one report.ready.
func TestAJobWhoseWorkerDiesCompletesOnAnother(t *testing.T) {
	c := engine(t)
	stuck := &stuckRenderer{entered: make(chan struct{}), release: make(chan struct{})}
	t.Cleanup(func() { close(stuck.release) })
	f := newFixture(t, func(d *documents.Deps) { d.Temporal, d.Renderer = c, stuck })
	stopFirst := runWorker(t, c, f.svc)
	tn := tenant.New()
	ctx := clerk(tn)
	inv := f.finance.invoice("approved")
	j, err := f.svc.RequestJob(ctx, documents.KindMushak63, json.RawMessage(`{"invoiceId":"`+inv.String()+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	testwait.For(t, time.Minute, "the first worker to start rendering", func() bool {
		select {
		case <-stuck.entered:
			return true
		default:
			return false
		}
	})
	mid := mustJob(t, f, ctx, j.ID)
	if mid.Status != documents.StatusRunning || mid.Progress != 50 || mid.Step != "rendering" {
		t.Fatalf("job midway = %s %d%% %q, want running 50%% rendering", mid.Status, mid.Progress, mid.Step)
	}
	stopFirst()

	deps := f.deps
	deps.Renderer = documents.Forms{}
	second, err := documents.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	runWorker(t, c, second)
	done := waitDone(t, f, ctx, j.ID, 2*time.Minute)
	if done.Status != documents.StatusSucceeded {
		t.Fatalf("job = %s: %s, want succeeded", done.Status, done.Error)
	}
	if n := f.store.count(); n != 1 {
		t.Fatalf("%d files stored, want 1", n)
	}
	if evs := f.db.Outbox(t, documents.Name, tn, documents.EventReportReady); len(evs) != 1 {
		t.Fatalf("%d report.ready events, want 1", len(evs))
	}
}
