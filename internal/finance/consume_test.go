package finance_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/kafkax/kafkatest"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// TestTheConsumerNeverDeadlocksWithAnApprovalApplyingBesideIt: in the dev
// process the workflow's callback applies an invoice's approval while the
// consumer applies the same outcomes from Kafka. Here two outcomes wait on
// the workflow topic; as the consumer takes the first invoice's numbers,
// the callback starts applying the second and queues behind them. Had the
// consumer gone on to lock the second invoice in the same transaction,
// each would wait for the other until PostgreSQL's deadlock detector
// (deadlock_timeout, a second) killed one: in the soak that stalled every
// approval and payment of the tenant for seconds at a time. Both
// invoices end approved with consecutive numbers, and the database
// counts no deadlock.
func TestTheConsumerNeverDeadlocksWithAnApprovalApplyingBesideIt(t *testing.T) {
	f := newInvoiceFixture(t)
	tid, ctx := newTenantCtx(t)
	var invs [2]finance.Invoice
	for i := range invs {
		invs[i] = f.mustSubmit(t, ctx, f.mustCreate(t, ctx, smallSale("2026-12-04", 200_000_00)).ID)
	}

	broker := kafkatest.New(t)
	cl := kafkatest.Client(t, broker)
	topics := []string{events.Topic("auth"), events.Topic("workflow"), events.Topic("orders")}
	if err := kafkax.EnsureTopics(ctx, cl, broker.Config(), topics...); err != nil {
		t.Fatal(err)
	}
	for _, inv := range invs {
		ev := completedEvent(t, tid, "finance", *inv.ApprovalID, inv.ID, finance.ApprovalApproved)
		// One subject, so one partition and this order.
		ev.Source, ev.Subject, ev.Time = "workflow", "approvals", time.Now()
		if err := cl.ProduceSync(ctx, events.Record(events.Topic("workflow"), ev)).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}

	second := invs[1]
	var once sync.Once
	applied := make(chan error, 1)
	finance.SetAfterNumber(f.svc, func(context.Context) {
		once.Do(func() {
			// The consumer holds the first invoice's numbers: the
			// callback applies the second beside it, and waits.
			go func() {
				applied <- f.svc.ApplyApproval(ctx, finance.ApprovalOutcome{ApprovalID: *second.ApprovalID,
					DocumentID: second.ID, Status: finance.ApprovalApproved, DecidedBy: "0190a0b0-0000-7000-8000-0000000000aa"})
			}()
			// This runs on the consumer's goroutine, where the test may
			// not stop: a wait that ends without the lock is reported,
			// and the deadlock count below fails the test if it matters.
			waiting := func() bool {
				var n int
				err := f.db.Admin.QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity
					WHERE datname = $1 AND wait_event_type = 'Lock'`, f.db.Name).Scan(&n)
				return err == nil && n > 0
			}
			for deadline := time.Now().Add(10 * time.Second); !waiting(); time.Sleep(5 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Errorf("the callback never waited on a lock")
					return
				}
			}
		})
	})
	consumers, err := f.svc.Consumers(f.db.App, broker.Config(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range consumers {
		if err := c.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		for _, c := range consumers {
			if err := c.Stop(sctx); err != nil {
				t.Errorf("stop consumer: %v", err)
			}
		}
	}
	t.Cleanup(stop)

	if err := <-applied; err != nil {
		t.Fatalf("the callback: %v", err)
	}
	numbers := map[string]bool{}
	testwait.Until(t, 30*time.Second, "both invoices approved", func() (bool, error) {
		for _, inv := range invs {
			got, err := f.svc.Invoice(ctx, inv.ID)
			if err != nil || got.Status != finance.StatusApproved {
				return false, err
			}
			numbers[got.Number] = true
		}
		return true, nil
	})
	if !numbers["INV/2026-27/000001"] || !numbers["INV/2026-27/000002"] {
		t.Fatalf("numbers %v, want INV/2026-27/000001 and 000002", numbers)
	}

	// A backend reports its deadlocks to the statistics when it is idle
	// for a while or exits: end every connection of the test's database,
	// then read the count.
	stop()
	f.db.App.Close()
	testwait.Until(t, 30*time.Second, "the test's connections to end", func() (bool, error) {
		var n int
		err := f.db.Admin.QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity
			WHERE datname = $1 AND usename <> current_user`, f.db.Name).Scan(&n)
		return n == 0, err
	})
	var deadlocks int64
	if err := f.db.Admin.QueryRow(context.Background(), `SELECT deadlocks FROM pg_stat_database WHERE datname = $1`,
		f.db.Name).Scan(&deadlocks); err != nil {
		t.Fatal(err)
	}
	if deadlocks != 0 {
		t.Fatalf("%d deadlocks between the consumer and the callback", deadlocks)
	}
}
