package app_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/documents/pdf/pdftest"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/errs"
	moneypkg "github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// documentJob is what the test reads of a document job.
type documentJob struct {
	ID       string `json:"id"`
	Status   string `json:"status"`
	Progress int    `json:"progress"`
	FileName string `json:"fileName"`
	Error    string `json:"error"`
}

// runDocument requests kind with params, waits for the job to succeed
// and returns its file's bytes, downloaded through the presigned link
// the job's download answers with.
func runDocument(t *testing.T, api, noRedirect *apitest.Client, kind string, params map[string]any) (documentJob, []byte) {
	t.Helper()
	var j documentJob
	api.Do(http.MethodPost, "/api/v1/documents/jobs", map[string]any{"kind": kind, "params": params}).
		Want(t, http.StatusAccepted).Decode(t, &j)
	testwait.For(t, 90*time.Second, kind+" job to finish", func() bool {
		api.Do(http.MethodGet, "/api/v1/documents/jobs/"+j.ID, nil).Want(t, http.StatusOK).Decode(t, &j)
		return j.Status == "succeeded" || j.Status == "failed"
	})
	if j.Status != "succeeded" || j.Progress != 100 {
		t.Fatalf("%s job %+v, want succeeded", kind, j)
	}
	link := noRedirect.Do(http.MethodGet, "/api/v1/documents/jobs/"+j.ID+"/download", nil).Want(t, http.StatusSeeOther).
		Header.Get("Location")
	res, err := http.Get(link) // presigned: no credential
	if err != nil {
		t.Fatalf("download %s: %v", link, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("download %s: %d %v", link, res.StatusCode, err)
	}
	return j, body
}

// taka reads a decimal of taka as poisha.
func taka(t *testing.T, s string) int64 {
	t.Helper()
	a, err := moneypkg.Parse(s, moneypkg.BDT)
	if err != nil {
		t.Fatalf("amount %q: %v", s, err)
	}
	return a.Minor()
}

// TestDocumentsOfTheWholePlatform runs finance, master data, files and
// documents together on embedded engines: the Mushak-6.2 sales register
// of November lists exactly November's approved sales invoices (not
// December's, not a draft), and its totals are finance's VAT summary of
// the month; a Mushak-6.3 of an approved invoice is a PDF that
// downloads through its presigned link, whose file the gateway fills in
// from the files subgraph, and one of a draft is refused naming the
// invoice.
func TestDocumentsOfTheWholePlatform(t *testing.T) {
	m, err := app.NewMain(context.Background(), app.Options{Dir: dataDir(t)})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	base := m.URL()
	token := devLogin(t, base)
	owner := newClient(t, base, token)
	noRedirect := apitest.New(t, base, &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}).WithToken(token)
	// No approval below 1 lakh: submitting approves at once.
	publish(t, owner, "approval.chain.invoice", map[string]any{"description": "approver above 1 lakh", "condition": "amount > 100000",
		"outputs": map[string]string{"role": `"approver"`, "mode": `"any"`, "slaHours": "24"}})
	var customer struct{ ID string }
	owner.Do(http.MethodPost, "/api/v1/masterdata/customers", map[string]any{"code": "CUST-RAHMAN", "name": "Rahman Construction Ltd",
		"nameBn": "রহমান কনস্ট্রাকশন", "type": "company", "bin": "002345678-0202",
		"address": map[string]any{"line1": "Plot 7, Agrabad", "district": "Chattogram", "postCode": "4100"}}).
		Want(t, http.StatusCreated).Decode(t, &customer)
	invoice := func(date, price string, submit bool) invoiceAnswer {
		var inv invoiceAnswer
		owner.Do(http.MethodPost, "/api/v1/finance/invoices", map[string]any{"kind": "sales", "date": date,
			"party": map[string]any{"id": customer.ID}, "lines": []any{
				map[string]any{"description": "Stone chips, 3/4 inch", "vatCategory": "standard", "quantity": "12.5", "unit": "cft",
					"unitPrice": money{price, "BDT"}},
				map[string]any{"description": "Site works", "vatCategory": "construction_firm", "quantity": "1", "unit": "job",
					"unitPrice": money{"5000.00", "BDT"}}}}).Want(t, http.StatusCreated).Decode(t, &inv)
		if submit {
			owner.Do(http.MethodPost, "/api/v1/finance/invoices/"+inv.ID+"/submit", nil).Want(t, http.StatusOK).Decode(t, &inv)
			if inv.Status != "approved" {
				t.Fatalf("invoice of %s: %s, want approved", date, inv.Status)
			}
		}
		return inv
	}
	first, second := invoice("2026-11-10", "1000.00", true), invoice("2026-11-28", "1200.50", true)
	draft := invoice("2026-11-20", "900.00", false)
	december := invoice("2026-12-01", "1100.00", true)

	_, body := runDocument(t, owner, noRedirect, "mushak_6_2", map[string]any{"period": "2026-11", "format": "csv"})
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) < 1 {
		t.Fatalf("register csv: %v\n%s", err, body)
	}
	col := func(name string) int {
		i := slices.Index(rows[0], name)
		if i < 0 {
			t.Fatalf("register has no column %q: %v", name, rows[0])
		}
		return i
	}
	number, value, sd, vat := col("Mushak-6.3 No."), col("Value"), col("SD"), col("VAT")
	numbers := map[string]int{}
	var sums [3]int64
	for _, r := range rows[1:] {
		numbers[r[number]]++
		sums[0], sums[1], sums[2] = sums[0]+taka(t, r[value]), sums[1]+taka(t, r[sd]), sums[2]+taka(t, r[vat])
	}
	if len(numbers) != 2 || numbers[*first.Number] != 2 || numbers[*second.Number] != 2 {
		t.Fatalf("register lists %v, want the two lines of each of %s and %s (not %v, not the draft %s)",
			numbers, *first.Number, *second.Number, *december.Number, draft.ID)
	}
	var summary struct {
		SalesValue, SalesSd, OutputVat money
	}
	owner.Do(http.MethodGet, "/api/v1/finance/vat-summary?month=2026-11", nil).Want(t, http.StatusOK).Decode(t, &summary)
	if want := [3]int64{taka(t, summary.SalesValue.Amount), taka(t, summary.SalesSd.Amount), taka(t, summary.OutputVat.Amount)}; sums != want {
		t.Fatalf("register totals (value, SD, VAT) %v, VAT summary %v", sums, want)
	}

	j, pdf := runDocument(t, owner, noRedirect, "mushak_6_3", map[string]any{"invoiceId": first.ID, "lang": "bn"})
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !strings.HasSuffix(j.FileName, "-bn.pdf") {
		t.Fatalf("Mushak-6.3 %s starts %q, want a PDF", j.FileName, pdf[:min(len(pdf), 8)])
	}
	// Its text copies out as printed: the buyer's Bangla name (its
	// conjuncts shaped), the BIN as master data keeps it, and the total in Bangla digits grouped
	// in lakh. Page 1 is kept as a test artifact (go test -artifacts).
	text := pdftest.Text(t, pdf)
	total := moneypkg.FormatLakh(moneypkg.New(taka(t, first.Total.Amount), moneypkg.BDT), moneypkg.WithBengaliDigits())
	for _, want := range []string{"রহমান কনস্ট্রাকশন", "0023456780202", total} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext of the Bangla Mushak-6.3 lacks %q:\n%s", want, text)
		}
	}
	pdftest.KeepPage(t, pdf, 1, "mushak63-approved-invoice-bn")
	p := owner.Do(http.MethodPost, "/api/v1/documents/jobs", map[string]any{"kind": "mushak_6_3",
		"params": map[string]any{"invoiceId": draft.ID}}).WantProblem(t, http.StatusPreconditionFailed, errs.FailedPrecondition)
	if len(p.Errors) != 1 || p.Errors[0].Field != "params.invoiceId" {
		t.Fatalf("a draft's Mushak-6.3: %+v, want params.invoiceId named", p)
	}
	// Through the gateway the job's file is filled in by the files
	// subgraph.
	var viaGraph struct {
		Status string
		File   struct{ Name, ContentType string }
	}
	data := owner.GraphQL("/graphql", `query($id: ID!) { documentJob(id: $id) { status file { name contentType } } }`,
		map[string]any{"id": j.ID}).Data(t)
	if err := json.Unmarshal(data["documentJob"], &viaGraph); err != nil || viaGraph.Status != "SUCCEEDED" ||
		viaGraph.File.Name != j.FileName || viaGraph.File.ContentType != "application/pdf" {
		t.Fatalf("documentJob through the gateway: %s (%v)", data["documentJob"], err)
	}
	// The tax invoice is attached to its invoice in files.
	var attached struct {
		Items []struct{ Name string } `json:"items"`
	}
	owner.Do(http.MethodGet, "/api/v1/files?ownerType=finance.invoice&ownerId="+first.ID, nil).Want(t, http.StatusOK).Decode(t, &attached)
	if len(attached.Items) != 1 || attached.Items[0].Name != j.FileName {
		t.Fatalf("the invoice's attachments %+v, want %s", attached.Items, j.FileName)
	}
}
