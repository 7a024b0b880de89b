package webhook_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/notify/webhook"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

const invoiceApproved = "vextrus.finance.invoice.approved.v1"

func TestReceiverFailingThreeTimesGetsTheEventOnceSigned(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tid := tenant.New()
	ctx := admin(tid)
	rcv := newReceiver(t, func(n int) int {
		if n <= 3 {
			return 503
		}
		return 204
	})
	ep, secret := e.create(t, ctx, rcv.URL+"/hooks", "vextrus.finance.*")
	ev := event(tid, invoiceApproved, map[string]string{"invoiceId": "inv-1", "total": "1150.00"})
	e.record(t, ev)
	run(t, e.svc)

	testwait.Until(t, 20*time.Second, "delivered", func() (bool, error) {
		ds, _, err := e.svc.Deliveries(ctx, ep.ID, webhook.Delivered, 0, "")
		return len(ds) == 1, err
	})
	got := rcv.receipts()
	if len(got) != 4 || rcv.ok() != 1 {
		t.Fatalf("receiver got %d requests, %d answered 2xx; want 4 and 1", len(got), rcv.ok())
	}
	last := got[3]
	if err := webhook.Verify(secret, last.header.Get(webhook.HeaderTimestamp), last.body, last.header.Get(webhook.HeaderSignature)); err != nil {
		t.Fatalf("signature does not verify: %v (header %q)", err, last.header.Get(webhook.HeaderSignature))
	}
	if err := webhook.Verify("whsec_other", last.header.Get(webhook.HeaderTimestamp), last.body, last.header.Get(webhook.HeaderSignature)); err == nil {
		t.Fatal("another secret verifies the signature")
	}
	for _, g := range got {
		if g.header.Get(webhook.HeaderID) != ev.ID {
			t.Errorf("Webhook-Id = %q, want the event id %s on every attempt", g.header.Get(webhook.HeaderID), ev.ID)
		}
	}
	var env webhook.Envelope
	if err := json.Unmarshal(last.body, &env); err != nil {
		t.Fatal(err)
	}
	if env.ID != ev.ID || env.Type != invoiceApproved || env.TenantID != tid.String() || env.SpecVersion != "1.0" ||
		!strings.Contains(string(env.Data), `"inv-1"`) {
		t.Fatalf("body = %s", last.body)
	}
	ds, _, err := e.svc.Deliveries(ctx, ep.ID, "", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	if d := ds[0]; d.Attempts != 4 || d.LastStatus == nil || *d.LastStatus != 204 || d.DeliveredAt == nil {
		t.Fatalf("delivery = %+v", d)
	}
}

func TestReceiverThatNeverAnswersIsDeadLetteredAndCanBeResent(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(d *webhook.Deps) {
		d.Timeout = 100 * time.Millisecond
		d.Schedule = shortSchedule[:2]
	})
	tid := tenant.New()
	ctx := admin(tid)
	var answering bool
	rcv := newReceiver(t, func(int) int {
		if answering {
			return 200
		}
		return 0 // hang
	})
	ep, _ := e.create(t, ctx, rcv.URL, "*")
	e.record(t, event(tid, invoiceApproved, map[string]int{"n": 1}))
	run(t, e.svc)

	var dead []webhook.Delivery
	testwait.Until(t, 20*time.Second, "dead-lettered", func() (bool, error) {
		var err error
		dead, _, err = e.svc.DeadLetters(ctx, 0, "")
		return len(dead) == 1, err
	})
	d := dead[0]
	if d.Attempts != 3 || d.EndpointID != ep.ID || d.LastStatus != nil || !strings.Contains(d.LastError, "no answer") {
		t.Fatalf("dead letter = %+v", d)
	}
	if n := len(rcv.receipts()); n != 3 {
		t.Fatalf("receiver got %d requests, want 3", n)
	}

	rcv.mu.Lock()
	answering = true
	rcv.mu.Unlock()
	resent, err := e.svc.Resend(ctx, ep.ID, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if resent.Status != webhook.Pending || resent.Attempts != 0 || resent.Resends != 1 {
		t.Fatalf("resent = %+v", resent)
	}
	testwait.Until(t, 20*time.Second, "delivered after resend", func() (bool, error) {
		ds, _, err := e.svc.Deliveries(ctx, ep.ID, webhook.Delivered, 0, "")
		return len(ds) == 1, err
	})
	if rcv.ok() != 1 {
		t.Fatalf("receiver answered 2xx %d times, want 1", rcv.ok())
	}
	left, _, err := e.svc.DeadLetters(ctx, 0, "")
	if err != nil || len(left) != 0 {
		t.Fatalf("dead letters after resend = %v, %v", left, err)
	}
	if _, err := e.svc.Resend(ctx, ep.ID, uuid.New()); !errs.Is(err, errs.NotFound) {
		t.Fatalf("resend of an unknown delivery: %v", err)
	}
}

func TestOutsideDevTheSenderRefusesPrivateAddresses(t *testing.T) {
	t.Parallel()
	// The production client (no Client in Deps, AllowInsecure off) must
	// not reach the receiver on 127.0.0.1.
	e := newEnv(t, func(d *webhook.Deps) { d.Client, d.Schedule = nil, []time.Duration{} })
	tid := tenant.New()
	ctx := admin(tid)
	rcv := newReceiver(t, func(int) int { return 200 })
	e.create(t, ctx, rcv.URL, "*")
	e.record(t, event(tid, invoiceApproved, map[string]int{"n": 1}))
	run(t, e.svc)
	var dead []webhook.Delivery
	testwait.Until(t, 20*time.Second, "dead-lettered", func() (bool, error) {
		var err error
		dead, _, err = e.svc.DeadLetters(ctx, 0, "")
		return len(dead) == 1, err
	})
	if !strings.Contains(dead[0].LastError, "private") || len(rcv.receipts()) != 0 {
		t.Fatalf("last error %q, %d requests received", dead[0].LastError, len(rcv.receipts()))
	}
}
