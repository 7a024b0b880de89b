package webhook_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/notify/webhook"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

func TestTenantBCannotSeeOrTouchTenantAsWebhooks(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := tenant.New(), tenant.New()
	rcv := newReceiver(t, func(int) int { return 500 })
	ep, _ := e.create(t, admin(a), rcv.URL, "*")
	e.record(t, event(a, invoiceApproved, map[string]int{"n": 1}))
	ds, _, err := e.svc.Deliveries(admin(a), ep.ID, "", 0, "")
	if err != nil || len(ds) != 1 {
		t.Fatalf("tenant A's deliveries = %v, %v", ds, err)
	}

	bctx := admin(b)
	if list, _, err := e.svc.List(bctx, 0, ""); err != nil || len(list) != 0 {
		t.Errorf("B lists %d endpoints (%v), want none", len(list), err)
	}
	if _, err := e.svc.Get(bctx, ep.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("B gets A's endpoint: %v", err)
	}
	if _, _, err := e.svc.Deliveries(bctx, ep.ID, "", 0, ""); !errs.Is(err, errs.NotFound) {
		t.Errorf("B lists A's deliveries: %v", err)
	}
	if _, err := e.svc.Resend(bctx, ep.ID, ds[0].ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("B re-sends A's delivery: %v", err)
	}
	paused := webhook.Paused
	if _, err := e.svc.Update(bctx, ep.ID, 0, webhook.EndpointPatch{Status: &paused}); !errs.Is(err, errs.NotFound) {
		t.Errorf("B updates A's endpoint: %v", err)
	}
	if _, _, err := e.svc.RotateSecret(bctx, ep.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("B rotates A's secret: %v", err)
	}
	if err := e.svc.Delete(bctx, ep.ID, 0); !errs.Is(err, errs.NotFound) {
		t.Errorf("B deletes A's endpoint: %v", err)
	}
	// B's own event does not reach A's endpoint.
	e.record(t, event(b, invoiceApproved, map[string]int{"n": 2}))
	if ds, _, _ := e.svc.Deliveries(admin(a), ep.ID, "", 0, ""); len(ds) != 1 {
		t.Errorf("A's endpoint has %d deliveries after B's event, want 1", len(ds))
	}
	if dl, _, err := e.svc.DeadLetters(bctx, 0, ""); err != nil || len(dl) != 0 {
		t.Errorf("B's dead letters = %v, %v", dl, err)
	}
}

func TestAnEventRecordedTwiceMakesOneDelivery(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tid := tenant.New()
	ctx := admin(tid)
	finance, _ := e.create(t, ctx, "https://erp.example.com/a", "vextrus.finance.*")
	approvals, _ := e.create(t, ctx, "https://erp.example.com/b", "vextrus.*.invoice.approved.v1", "vextrus.orders.*")
	orders, _ := e.create(t, ctx, "https://erp.example.com/c", "vextrus.orders.*")
	ev := event(tid, invoiceApproved, map[string]int{"n": 1})
	e.record(t, ev)
	e.record(t, ev)
	e.record(t, ev, ev)
	for ep, want := range map[uuid.UUID]int{finance.ID: 1, approvals.ID: 1, orders.ID: 0} {
		ds, _, err := e.svc.Deliveries(ctx, ep, "", 0, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != want {
			t.Errorf("endpoint %s has %d deliveries, want %d", ep, len(ds), want)
		}
	}
}

func TestPausedEndpointGetsNothingNewAndHoldsWhatIsPending(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tid := tenant.New()
	ctx := admin(tid)
	rcv := newReceiver(t, func(int) int { return 200 })
	ep, _ := e.create(t, ctx, rcv.URL, "*")
	e.record(t, event(tid, invoiceApproved, map[string]int{"n": 1}))
	paused, active := webhook.Paused, webhook.Active
	ep, err := e.svc.Update(ctx, ep.ID, ep.Version, webhook.EndpointPatch{Status: &paused})
	if err != nil {
		t.Fatal(err)
	}
	e.record(t, event(tid, invoiceApproved, map[string]int{"n": 2}))
	run(t, e.svc)
	// Nothing may arrive while paused; a later delivery to another
	// endpoint shows the runner has been round.
	other := newReceiver(t, func(int) int { return 200 })
	e.create(t, ctx, other.URL, "vextrus.finance.invoice.paid.v1")
	e.record(t, event(tid, "vextrus.finance.invoice.paid.v1", map[string]int{"n": 3}))
	testwait.For(t, 20*time.Second, "the other endpoint served", func() bool { return other.ok() == 1 })
	if n := len(rcv.receipts()); n != 0 {
		t.Fatalf("paused endpoint received %d requests", n)
	}
	if _, err := e.svc.Update(ctx, ep.ID, ep.Version-1, webhook.EndpointPatch{Status: &active}); !errs.Is(err, errs.Conflict) {
		t.Fatalf("update from a stale version: %v", err)
	}
	if _, err := e.svc.Update(ctx, ep.ID, ep.Version, webhook.EndpointPatch{Status: &active}); err != nil {
		t.Fatal(err)
	}
	testwait.For(t, 20*time.Second, "the held delivery sent after resuming", func() bool { return rcv.ok() == 1 })
	ds, _, err := e.svc.Deliveries(ctx, ep.ID, "", 0, "")
	if err != nil || len(ds) != 1 {
		t.Fatalf("deliveries = %v, %v; want only the one recorded before the pause", ds, err)
	}
}

func TestRotatedSecretSignsBesideTheOldOneDuringTheGrace(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tid := tenant.New()
	ctx := admin(tid)
	rcv := newReceiver(t, func(int) int { return 200 })
	ep, oldSecret := e.create(t, ctx, rcv.URL, "*")
	_, newSecret, err := e.svc.RotateSecret(ctx, ep.ID)
	if err != nil {
		t.Fatal(err)
	}
	if newSecret == oldSecret || len(newSecret) < 40 {
		t.Fatalf("rotated secret %q", newSecret)
	}
	e.record(t, event(tid, invoiceApproved, map[string]int{"n": 1}))
	run(t, e.svc)
	testwait.For(t, 20*time.Second, "delivered", func() bool { return rcv.ok() == 1 })
	g := rcv.receipts()[0]
	for name, secret := range map[string]string{"new": newSecret, "old": oldSecret} {
		if err := webhook.Verify(secret, g.header.Get(webhook.HeaderTimestamp), g.body, g.header.Get(webhook.HeaderSignature)); err != nil {
			t.Errorf("the %s secret does not verify: %v", name, err)
		}
	}
}

func TestCreateRefusesBadEndpoints(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := admin(tenant.New())
	cases := []struct {
		name  string
		in    webhook.EndpointInput
		field string
	}{
		{"plain http", webhook.EndpointInput{URL: "http://erp.example.com/h", EventTypes: []string{"*"}}, "url"},
		{"relative URL", webhook.EndpointInput{URL: "/hooks", EventTypes: []string{"*"}}, "url"},
		{"credentials in the URL", webhook.EndpointInput{URL: "https://u:p@erp.example.com/h", EventTypes: []string{"*"}}, "url"},
		{"no event types", webhook.EndpointInput{URL: "https://erp.example.com/h"}, "eventTypes"},
		{"a pattern outside vextrus", webhook.EndpointInput{URL: "https://erp.example.com/h", EventTypes: []string{"finance.*"}}, "eventTypes"},
		{"a partial wildcard", webhook.EndpointInput{URL: "https://erp.example.com/h", EventTypes: []string{"vextrus.fin*"}}, "eventTypes"},
		{"an unknown status", webhook.EndpointInput{URL: "https://erp.example.com/h", EventTypes: []string{"*"}, Status: "off"}, "status"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := e.svc.Create(ctx, c.in)
			pe := errs.As(err)
			if pe.Code != errs.InvalidArgument || len(pe.Fields) == 0 || pe.Fields[0].Field != c.field {
				t.Fatalf("err = %v, want INVALID_ARGUMENT on %s", err, c.field)
			}
		})
	}
	reader := admin(tenant.New())
	p, _ := authzPrincipal(reader)
	delete(p.Permissions, webhook.PermWrite)
	if _, _, err := e.svc.Create(reader, webhook.EndpointInput{URL: "https://erp.example.com/h", EventTypes: []string{"*"}}); !errs.Is(err, errs.PermissionDenied) {
		t.Fatalf("create without %s: %v", webhook.PermWrite, err)
	}
	if _, _, err := e.svc.List(context.Background(), 0, ""); !errs.Is(err, errs.Unauthenticated) {
		t.Fatalf("list without a caller: %v", err)
	}
}

func TestDevAcceptsPlainHTTP(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(d *webhook.Deps) { d.AllowInsecure = true })
	if _, _, err := e.svc.Create(admin(tenant.New()), webhook.EndpointInput{URL: "http://localhost:9000/h", EventTypes: []string{"*"}}); err != nil {
		t.Fatal(err)
	}
}

func TestWebhookTablesAreUnderRowLevelSecurity(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	problems, err := db.CheckRLS(context.Background(), e.db.Admin, "notify")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

func TestCredentialsAndNotifysOwnEventsNeverLeaveByWebhook(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tid := tenant.New()
	ctx := admin(tid)
	ep, _ := e.create(t, ctx, "https://erp.example.com/all", "*")
	e.record(t,
		event(tid, "vextrus.auth.user.invited.v1", map[string]string{"sealedToken": "x"}),
		event(tid, "vextrus.auth.user.password_reset_issued.v1", map[string]string{"sealedToken": "y"}),
		event(tid, "vextrus.notify.delivery.failed.v1", map[string]int{"n": 1}),
		event(tid, "vextrus.auth.user.created.v1", map[string]int{"n": 2}))
	ds, _, err := e.svc.Deliveries(ctx, ep.ID, "", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].EventType != "vextrus.auth.user.created.v1" {
		t.Fatalf("deliveries = %+v, want only the user.created event", ds)
	}
}
