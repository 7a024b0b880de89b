package documents_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"github.com/vextrus/vextrus/internal/documents"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// jobAnswer is what the tests read of a job over REST.
type jobAnswer struct {
	ID       string     `json:"id"`
	Status   string     `json:"status"`
	Progress int        `json:"progress"`
	Step     string     `json:"step"`
	FileID   *uuid.UUID `json:"fileId"`
	FileName string     `json:"fileName"`
	Error    string     `json:"error"`
}

// waitDone waits for job id of the caller of ctx to finish and returns it.
func waitDone(tb testing.TB, f *fixture, ctx context.Context, id uuid.UUID, within time.Duration) documents.Job {
	tb.Helper()
	var j documents.Job
	testwait.For(tb, within, "job "+id.String()+" to finish", func() bool {
		var err error
		j, err = f.svc.Job(ctx, id)
		return err == nil && j.Done()
	})
	return j
}

// A Mushak-6.3 job of an approved invoice runs in its workflow: it is
// queued at once (202), succeeds with a PDF attached to the invoice,
// downloads through a presigned link, and report.ready says so.
func TestAMushak63JobSucceedsAndDownloads(t *testing.T) {
	c := engine(t)
	f := newFixture(t, func(d *documents.Deps) { d.Temporal = c })
	runWorker(t, c, f.svc)
	tn := tenant.New()
	inv := f.finance.invoice("approved")
	var j jobAnswer
	f.rest(t, tn).Do(http.MethodPost, documents.Base+"/jobs", map[string]any{"kind": "mushak_6_3",
		"params": map[string]any{"invoiceId": inv, "lang": "bn"}}).Want(t, http.StatusAccepted).Decode(t, &j)
	if j.Status != documents.StatusQueued || j.Progress != 0 {
		t.Fatalf("requested job = %+v, want queued at 0", j)
	}
	done := waitDone(t, f, clerk(tn), uuid.MustParse(j.ID), time.Minute)
	if done.Status != documents.StatusSucceeded || done.Progress != 100 {
		t.Fatalf("job = %+v, want succeeded at 100", done)
	}
	file := f.store.file(t, done.FileID)
	if !hasPrefix(file.body, "%PDF-") || file.ctype != "application/pdf" {
		t.Fatalf("stored %s (%s), want a PDF", file.name, file.ctype)
	}
	if file.owner != (documents.FileOwner{Type: "finance.invoice", ID: inv.String()}) || file.tenant != tn {
		t.Fatalf("file owner %+v of %s, want the invoice of %s", file.owner, file.tenant, tn)
	}
	if done.FileName != "mushak-6.3-INV-2026-27-000042-bn.pdf" {
		t.Fatalf("file name %q", done.FileName)
	}
	res := f.rest(t, tn).Do(http.MethodGet, documents.Base+"/jobs/"+j.ID+"/download", nil).Want(t, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "https://files.test/"+done.FileID.String()+"?sig=x" {
		t.Fatalf("download Location = %q", loc)
	}
	evs := f.db.Outbox(t, documents.Name, tn, documents.EventReportReady)
	if len(evs) != 1 {
		t.Fatalf("%d report.ready events, want 1", len(evs))
	}
	var ev documents.ReportReadyEvent
	if err := json.Unmarshal(evs[0].Data, &ev); err != nil || ev.Status != "succeeded" || ev.FileID != done.FileID.String() ||
		ev.RequestedBy != done.RequestedBy || ev.Kind != "mushak_6_3" {
		t.Fatalf("event = %+v (%v)", ev, err)
	}
	replayRun(t, c, j.ID, "job-succeeded.json")
}

// Every kind makes its file: the registers as XLSX and CSV, the 9.1
// figures as JSON and PDF, the trial balance and ageing as PDF and XLSX.
func TestEveryKindMakesItsFile(t *testing.T) {
	c := engine(t)
	f := newFixture(t, func(d *documents.Deps) { d.Temporal = c })
	runWorker(t, c, f.svc)
	tn := tenant.New()
	ctx := clerk(tn)
	f.finance.invoice("approved")
	cases := []struct {
		kind, params, name, prefix string
	}{
		{"mushak_6_2", `{"period":"2026-11"}`, "mushak-6.2-2026-11.xlsx", "PK"},
		{"mushak_6_2", `{"period":"2026-11","format":"csv"}`, "mushak-6.2-2026-11.csv", "\ufeffSL,Date,Mushak-6.3 No."},
		{"mushak_6_1", `{"from":"2026-11-01","to":"2026-11-15","format":"csv"}`, "mushak-6.1-2026-11-01_2026-11-15.csv", "\ufeffSL,"},
		{"vat_return_9_1", `{"period":"2026-11"}`, "mushak-9.1-2026-11.json", "{"},
		{"vat_return_9_1", `{"period":"2026-11","format":"pdf"}`, "mushak-9.1-2026-11.pdf", "%PDF-"},
		{"trial_balance", `{"asOf":"2026-11-30"}`, "trial-balance-2026-11-30.pdf", "%PDF-"},
		{"ageing", `{"side":"payables","asOf":"2026-11-30","format":"xlsx"}`, "payables-ageing-2026-11-30.xlsx", "PK"},
		{"ageing", `{"side":"receivables","asOf":"2026-11-30"}`, "receivables-ageing-2026-11-30.pdf", "%PDF-"},
	}
	ids := make([]uuid.UUID, len(cases))
	for i, k := range cases {
		j, err := f.svc.RequestJob(ctx, k.kind, json.RawMessage(k.params))
		if err != nil {
			t.Fatalf("request %s %s: %v", k.kind, k.params, err)
		}
		ids[i] = j.ID
	}
	for i, k := range cases {
		j := waitDone(t, f, ctx, ids[i], time.Minute)
		if j.Status != documents.StatusSucceeded {
			t.Fatalf("%s %s: %s: %s", k.kind, k.params, j.Status, j.Error)
		}
		file := f.store.file(t, j.FileID)
		if j.FileName != k.name || !hasPrefix(file.body, k.prefix) {
			t.Errorf("%s: file %q starting %q, want %q starting %q", k.kind, j.FileName, head(file.body), k.name, k.prefix)
		}
	}
	var ret documents.VATReturnJSON
	if err := json.Unmarshal(f.store.file(t, mustJob(t, f, ctx, ids[3]).FileID).body, &ret); err != nil {
		t.Fatal(err)
	}
	// 1,875 output − 600 input + 30 VDS we deducted − 50 VDS deducted from us.
	if ret.NetVAT.Decimal() != "1255.00" || ret.Output.VAT.Decimal() != "1875.00" {
		t.Fatalf("9.1 figures = %+v", ret)
	}
	book, err := excelize.OpenReader(bytes.NewReader(f.store.file(t, mustJob(t, f, ctx, ids[0]).FileID).body))
	if err != nil {
		t.Fatalf("register xlsx: %v", err)
	}
	rows, err := book.GetRows("Sheet1")
	if err != nil || len(rows) != 7 || rows[4][0] != "SL" || rows[5][2] != "INV/2026-27/000042" || rows[6][0] != "Total" ||
		rows[6][13] != "1,875.00" {
		t.Fatalf("register sheet rows %q (%v), want the title, header, one line and the totals", rows, err)
	}
	csv := string(f.store.file(t, mustJob(t, f, ctx, ids[1]).FileID).body)
	if !strings.Contains(csv, "INV/2026-27/000042") || !strings.Contains(csv, "12500.00,0.00,15%,1875.00") {
		t.Fatalf("sales register:\n%s", csv)
	}
}

func mustJob(tb testing.TB, f *fixture, ctx context.Context, id uuid.UUID) documents.Job {
	tb.Helper()
	j, err := f.svc.Job(ctx, id)
	if err != nil {
		tb.Fatal(err)
	}
	return j
}

func head(b []byte) string {
	if len(b) > 24 {
		b = b[:24]
	}
	return string(b)
}

// A job that cannot be made fails with the reason, and report.ready
// tells the requester so: the invoice was approved when asked for, and
// finance no longer finds it.
func TestAJobThatCannotBeMadeFailsWithTheReason(t *testing.T) {
	c := engine(t)
	f := newFixture(t, func(d *documents.Deps) { d.Temporal = c })
	tn := tenant.New()
	ctx := clerk(tn)
	inv := f.finance.invoice("approved")
	j, err := f.svc.RequestJob(ctx, documents.KindMushak63, json.RawMessage(`{"invoiceId":"`+inv.String()+`","lang":"en"}`))
	if err != nil {
		t.Fatal(err)
	}
	f.finance.mu.Lock()
	delete(f.finance.invoices, inv)
	f.finance.mu.Unlock()
	runWorker(t, c, f.svc)
	done := waitDone(t, f, ctx, j.ID, time.Minute)
	if done.Status != documents.StatusFailed || !strings.Contains(done.Error, "no invoice") || done.FileID != nil {
		t.Fatalf("job = %+v, want failed naming the invoice", done)
	}
	evs := f.db.Outbox(t, documents.Name, tn, documents.EventReportReady)
	if len(evs) != 1 || !strings.Contains(string(evs[0].Data), `"status":"failed"`) {
		t.Fatalf("events = %v", evs)
	}
	f.rest(t, tn).Do(http.MethodGet, documents.Base+"/jobs/"+j.ID.String()+"/download", nil).
		Want(t, http.StatusPreconditionFailed)
	replayRun(t, c, j.ID.String(), "job-failed.json")
}

// Tenant B sees none of tenant A's jobs: not in the list, not by id,
// and not its download.
func TestTenantBCannotSeeTenantAsJobs(t *testing.T) {
	c := engine(t)
	f := newFixture(t, func(d *documents.Deps) { d.Temporal = c })
	runWorker(t, c, f.svc)
	a, b := tenant.New(), tenant.New()
	j, err := f.svc.RequestJob(clerk(a), documents.KindTrialBalance, json.RawMessage(`{"asOf":"2026-11-30"}`))
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, f, clerk(a), j.ID, time.Minute)
	rb := f.rest(t, b)
	rb.Do(http.MethodGet, documents.Base+"/jobs/"+j.ID.String(), nil).Want(t, http.StatusNotFound)
	rb.Do(http.MethodGet, documents.Base+"/jobs/"+j.ID.String()+"/download", nil).Want(t, http.StatusNotFound)
	var page struct{ Items []jobAnswer }
	rb.Do(http.MethodGet, documents.Base+"/jobs", nil).Want(t, http.StatusOK).Decode(t, &page)
	if len(page.Items) != 0 {
		t.Fatalf("tenant B lists %v", page.Items)
	}
	f.rest(t, a).Do(http.MethodGet, documents.Base+"/jobs?mine=true", nil).Want(t, http.StatusOK).Decode(t, &page)
	if len(page.Items) != 1 || page.Items[0].ID != j.ID.String() {
		t.Fatalf("tenant A lists %v", page.Items)
	}
}
