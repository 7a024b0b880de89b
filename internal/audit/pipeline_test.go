package audit_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"

	"github.com/vextrus/vextrus/internal/audit"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

const (
	subjects   = 20
	perSubject = 250 // 5,000 events
)

// checkLog asserts the tenant's log holds every event exactly once, in
// order per subject, and that its chain verifies.
func (e *env) checkLog(t *testing.T, tid tenant.ID) {
	t.Helper()
	ctx := reader(tid, audit.PermEventRead, audit.PermChainVerify)
	seen := map[string]bool{}
	last := map[string]int{} // newest first: each subject's n counts down
	f := audit.Filter{Limit: audit.MaxLimit}
	for {
		page, err := e.svc.List(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			if seen[it.EventID] {
				t.Fatalf("event %s recorded twice", it.EventID)
			}
			seen[it.EventID] = true
			var p struct{ N int }
			if err := json.Unmarshal(it.Data, &p); err != nil {
				t.Fatal(err)
			}
			if want, ok := last[it.Subject]; (ok && p.N != want-1) || (!ok && p.N != perSubject) {
				t.Fatalf("%s: entry %d out of order (newest first, previous %d)", it.Subject, p.N, want)
			}
			last[it.Subject] = p.N
		}
		if page.NextCursor == "" {
			break
		}
		f.Cursor = page.NextCursor
	}
	if len(seen) != subjects*perSubject {
		t.Fatalf("audit log holds %d events, want %d", len(seen), subjects*perSubject)
	}
	res, err := e.svc.VerifyTenant(tenant.With(context.Background(), tid))
	if err != nil || !res.OK {
		t.Fatalf("verify: %+v %v", res, err)
	}
}

// untilStored waits until the log holds at least n entries.
func (e *env) untilStored(t *testing.T, n int) {
	t.Helper()
	testwait.Until(t, 40*time.Second, "entries stored", func() (bool, error) {
		got, err := e.stored()
		if got < n {
			sent, _ := e.sent()
			t.Logf("stored %d, sent %d", got, sent)
		}
		return got >= n, err
	})
}

func TestRelayKilledAtRandomPointsLosesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tid := tenant.New()
	stopConsumer := e.consumer(t)
	defer stopConsumer()
	writing := e.writeAll(tenant.With(context.Background(), tid), subjects, perSubject)
	_, stop := e.relay(t)
	for done := false; !done; {
		// Kill the relay once it has published a random number more.
		sent, _ := e.sent()
		target := sent + 100 + rand.N(600)
		testwait.Until(t, 30*time.Second, "relay progress", func() (bool, error) {
			n, err := e.sent()
			return n >= target || n == subjects*perSubject, err
		})
		stop()
		select {
		case err := <-writing:
			if err != nil {
				t.Fatal(err)
			}
			done = true
		default:
		}
		_, stop = e.relay(t)
	}
	defer stop()
	e.untilStored(t, subjects*perSubject)
	e.checkLog(t, tid)
}

func TestConsumerKilledAtRandomPointsLosesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tid := tenant.New()
	_, stopRelay := e.relay(t)
	defer stopRelay()
	writing := e.writeAll(tenant.With(context.Background(), tid), subjects, perSubject)
	adm := e.admin(t)
	stop := e.consumer(t)
	for done := false; !done; {
		stored, _ := e.stored()
		target := stored + 100 + rand.N(600)
		testwait.Until(t, 30*time.Second, "consumer progress", func() (bool, error) {
			n, err := e.stored()
			return n >= target || n == subjects*perSubject, err
		})
		stop()
		// A crash loses the commits of what was handled since the last
		// one: rewind the group so the next consumer sees them again.
		rewind(t, adm)
		select {
		case err := <-writing:
			if err != nil {
				t.Fatal(err)
			}
			done = true
		default:
		}
		stop = e.consumer(t)
	}
	defer stop()
	e.untilStored(t, subjects*perSubject)
	e.checkLog(t, tid)
}

func (e *env) sent() (int, error) {
	var n int
	err := e.db.Admin.QueryRow(context.Background(), "select count(*) from shop.outbox where sent_at is not null").Scan(&n)
	return n, err
}

func (e *env) admin(t *testing.T) *kadm.Client {
	t.Helper()
	cl, err := kafkax.NewClient(e.kafka)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return kadm.NewClient(cl)
}

// rewind moves each committed offset of the audit group back by a random
// amount, up to all the way.
func rewind(t *testing.T, adm *kadm.Client) {
	t.Helper()
	ctx := context.Background()
	offs, err := adm.FetchOffsets(ctx, "audit")
	if err != nil {
		t.Fatal(err)
	}
	back := kadm.Offsets{}
	offs.Each(func(o kadm.OffsetResponse) {
		at := o.At - rand.Int64N(o.At+1)
		back.AddOffset(o.Topic, o.Partition, at, -1)
	})
	if _, err := adm.CommitOffsets(ctx, "audit", back); err != nil {
		t.Fatal(err)
	}
}
