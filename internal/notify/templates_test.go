package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/notify"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestEveryEventTypeHasATemplateInBothLanguages(t *testing.T) {
	f := newFixture(t)
	ts, err := f.svc.Templates(as(tenant.New(), "admin"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2*len(notify.EventTypes) {
		t.Fatalf("%d templates, want %d", len(ts), 2*len(notify.EventTypes))
	}
	for _, tpl := range ts {
		if tpl.Custom || tpl.Subject == "" || tpl.Text == "" {
			t.Errorf("%s/%s: %+v", tpl.EventType, tpl.Locale, tpl)
		}
	}
}

func TestATenantOverridesATemplate(t *testing.T) {
	f := newFixture(t)
	a, b := tenant.New(), tenant.New()
	admin := as(a, "admin")
	bad := []struct {
		name, field string
		tpl         notify.Template
	}{
		{"text that does not parse", "text", notify.Template{Subject: "ok", Text: "{{.Name"}},
		{"a variable the event has not", "subject", notify.Template{Subject: "{{.Nmae}}", Text: "ok"}},
		{"html that does not parse", "html", notify.Template{Subject: "ok", Text: "ok", HTML: "<p>{{if}}</p>"}},
	}
	for _, c := range bad {
		t.Run("refuses "+c.name, func(t *testing.T) {
			c.tpl.EventType, c.tpl.Locale = notify.EventApprovalCompleted, "en"
			_, err := f.svc.SetTemplate(admin, c.tpl)
			if e := errs.As(err); e == nil || e.Code != errs.InvalidArgument || len(e.Fields) == 0 || e.Fields[0].Field != c.field {
				t.Errorf("err = %v, want INVALID_ARGUMENT on %s", err, c.field)
			}
		})
	}
	_, err := f.svc.SetTemplate(admin, notify.Template{EventType: notify.EventApprovalCompleted, Locale: "en",
		Subject: "[{{.Company}}] {{.Document}} is {{.Status}}", Text: "Hello {{.Name}}."})
	if err != nil {
		t.Fatal(err)
	}
	user := f.dir.addUser("lima@meghna.example", "Lima", "en")
	for _, tid := range []tenant.ID{a, b} {
		c := completed(tid, user)
		f.handle(t, event(c.t, c.typ, c.data))
	}
	feedA, _ := f.svc.FeedOf(as(a, user), 0, 1, false)
	feedB, _ := f.svc.FeedOf(as(b, user), 0, 1, false)
	if got := feedA.Items[0].Title; got != "[Meghna Builders Ltd] Sales invoice SI-0009 is approved" {
		t.Errorf("tenant A's title %q, want its override", got)
	}
	if got := feedB.Items[0].Title; got != "Sales invoice SI-0009: approved" {
		t.Errorf("tenant B's title %q, want the default", got)
	}
	if err := f.svc.ResetTemplate(admin, notify.EventApprovalCompleted, "en"); err != nil {
		t.Fatal(err)
	}
}

func TestQuietHoursEnd(t *testing.T) {
	dhaka, _ := time.LoadLocation("Asia/Dhaka")
	at := func(h, m int) time.Time { return time.Date(2026, 12, 4, h, m, 0, 0, dhaka) }
	for _, c := range []struct {
		name       string
		now        time.Time
		start, end int
		want       time.Time
	}{
		{"outside", at(12, 0), 22 * 60, 7 * 60, at(12, 0)},
		{"late evening, over midnight", at(23, 30), 22 * 60, 7*60 + 30, time.Date(2026, 12, 5, 7, 30, 0, 0, dhaka)},
		{"small hours", at(3, 0), 22 * 60, 7 * 60, at(7, 0)},
		{"the end itself is outside", at(7, 0), 22 * 60, 7 * 60, at(7, 0)},
		{"a daytime window", at(13, 15), 13 * 60, 14 * 60, at(14, 0)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := notify.QuietEnd(c.now, c.start, c.end, dhaka); !got.Equal(c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

// TestAReportMessageNamesTheReportInTheReadersLanguage: the reader is
// told of a trial balance, not of trial_balance.
func TestAReportMessageNamesTheReportInTheReadersLanguage(t *testing.T) {
	for locale, want := range map[string]string{"en": "The trial balance report", "bn": "রেওয়ামিল রিপোর্টটি"} {
		_, text, err := notify.RenderDefault(notify.EventReportReady, locale, map[string]string{"Kind": "trial_balance",
			"Status": "succeeded", "FileName": "trial-balance-2026-11-30.pdf", "Name": "Nasrin"})
		if err != nil || !strings.Contains(text, want) || strings.Contains(text, "trial_balance") {
			t.Errorf("%s: %v\n%s\nwant %q", locale, err, text, want)
		}
	}
}
