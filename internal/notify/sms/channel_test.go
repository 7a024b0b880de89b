package sms_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/vextrus/vextrus/internal/notify"
	"github.com/vextrus/vextrus/internal/notify/sms"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestChannelSendsToTheParsedMobile(t *testing.T) {
	var r sms.Recorder
	ch := sms.NewChannel(&r)
	if ch.Name() != "sms" {
		t.Fatalf("Name = %q", ch.Name())
	}
	m := notify.Message{Tenant: tenant.New(), EventID: "e1", UserID: "u1", Locale: "bn", To: "01712 345678", Text: "আপনার অনুমোদন প্রয়োজন"}
	if err := ch.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	sent := r.Sent()
	if len(sent) != 1 || sent[0].To != "+8801712345678" || sent[0].Text != m.Text || sent[0].Encoding != sms.UCS2 {
		t.Fatalf("sent = %+v", sent)
	}
}

func TestChannelRefusesWhatNoRetryFixes(t *testing.T) {
	ch := sms.NewChannel(&sms.Recorder{})
	for name, m := range map[string]notify.Message{
		"not a mobile": {To: "someone@example.com", Text: "hi"},
		"empty text":   {To: "+8801712345678", Text: "  "},
	} {
		err := ch.Send(context.Background(), m)
		if !errs.Is(err, errs.InvalidArgument) {
			t.Errorf("%s: err = %v, want INVALID_ARGUMENT", name, err)
		}
		var p interface{ Permanent() bool }
		if !errors.As(err, &p) || !p.Permanent() {
			t.Errorf("%s: err = %v, want permanent so that notify does not retry it", name, err)
		}
	}
}

func TestChannelNamesARetryLikeTheFirstTry(t *testing.T) {
	g, p := newGateway(t, http.StatusOK, accepted)
	ch := sms.NewChannel(p)
	m := notify.Message{Tenant: tenant.New(), EventID: "e1", UserID: "u1", To: "+8801812345678", Text: "hello"}
	for range 2 {
		if err := ch.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	m.EventID = "e2"
	if err := ch.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if len(g.got) != 3 || g.got[0]["csms_id"] != g.got[1]["csms_id"] || g.got[0]["csms_id"] == g.got[2]["csms_id"] {
		t.Fatalf("csms_ids = %q, %q, %q; want the first two equal, the third different",
			g.got[0]["csms_id"], g.got[1]["csms_id"], g.got[2]["csms_id"])
	}
}
