package console_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/apitest"
)

// receipt records, through the API, a bank receipt of the invoice's
// 1,15,000.00 allocated to it; returns its id, number and date.
func receipt(t *testing.T, owner *apitest.Client, customerID, invoiceID, reference string) (id, number, date string) {
	t.Helper()
	var p struct{ ID, Number, Date string }
	owner.Do(http.MethodPost, "/api/v1/finance/payments", map[string]any{"kind": "receipt", "partyId": customerID, "method": "bank",
		"amount": map[string]string{"amount": "115000.00", "currency": "BDT"}, "reference": reference,
		"allocations": []any{map[string]any{"invoiceId": invoiceID, "amount": map[string]string{"amount": "115000.00", "currency": "BDT"}}}}).
		Want(t, http.StatusCreated).Decode(t, &p)
	return p.ID, p.Number, p.Date
}

// postFile posts a multipart form with fields and one file, as a
// browser's upload.
func postFile(b *browserless, path string, fields url.Values, file string, content []byte) (int, string, string) {
	b.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	fw, _ := w.CreateFormFile(file, "statement.csv")
	_, _ = fw.Write(content)
	_ = w.Close()
	res, err := b.hc.Post(b.base+path, w.FormDataContentType(), &body)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(out)
}

var statementLocation = regexp.MustCompile(`^/console/bank-statements/([0-9a-f-]{36})$`)

func TestAReversedPaymentLeavesItsInvoiceOwedAgain(t *testing.T) {
	base, owner := platform(t)
	_, customerID := customer(t, owner, "Bhairab Sand")
	invoiceID := approvedInvoice(t, owner, customerID, "100000.00")
	paymentID, _, _ := receipt(t, owner, customerID, invoiceID, "CHQ 440021")
	b := newBrowserless(t, base)
	b.signIn(app.DevTenant, app.DevAdmin, devPassword)
	page := "/console/payments/" + paymentID
	if _, body := b.get(page); !strings.Contains(body, `action="`+page+`/reverse"`) {
		t.Fatalf("the recorded payment offers no reversal:\n%s", body)
	}
	if status, _, body := b.post(page+"/reverse", url.Values{"csrf": {b.csrf}, "reason": {""}}); status != http.StatusBadRequest || !strings.Contains(body, `id="f-reason-error"`) {
		t.Fatalf("a reversal without a reason: %d, want 400 with the error by the reason\n%s", status, body)
	}
	if status, _, body := b.post(page+"/reverse", url.Values{"csrf": {b.csrf}, "reason": {"Cheque bounced"}, "date": {"2020-01-01"}}); status != http.StatusBadRequest || !strings.Contains(body, `id="f-date-error"`) {
		t.Fatalf("a reversal before the payment: %d, want 400 with the error by the date\n%s", status, body)
	}
	if status, _, body := b.post(page+"/reverse", url.Values{"csrf": {b.csrf}, "reason": {"Cheque bounced"}}); status != http.StatusSeeOther {
		t.Fatalf("reverse: %d\n%s", status, body)
	}
	_, body := b.get(page)
	if !strings.Contains(body, "badge-reversed") || !strings.Contains(body, "Cheque bounced") || strings.Contains(body, `action="`+page+`/reverse"`) {
		t.Fatalf("the reversed payment's page:\n%s", body)
	}
	if _, inv := b.get("/console/invoices/" + invoiceID); !strings.Contains(inv, "badge-approved") || strings.Contains(inv, "badge-paid") {
		t.Fatalf("the invoice is not owed again after the reversal:\n%s", inv)
	}
}

func TestABankStatementIsImportedAndItsProposedMatchConfirmed(t *testing.T) {
	base, owner := platform(t)
	_, customerID := customer(t, owner, "Gorai Traders")
	invoiceID := approvedInvoice(t, owner, customerID, "100000.00")
	paymentID, number, date := receipt(t, owner, customerID, invoiceID, "BEFTN 771903")
	var accounts struct {
		Items []struct{ ID, Role string }
	}
	owner.Do(http.MethodGet, "/api/v1/finance/accounts", nil).Want(t, http.StatusOK).Decode(t, &accounts)
	var bank string
	for _, a := range accounts.Items {
		if a.Role == "bank" {
			bank = a.ID
		}
	}
	b := newBrowserless(t, base)
	b.signIn(app.DevTenant, app.DevAdmin, devPassword)
	if _, list := b.get("/console/payments"); !strings.Contains(list, "/console/bank-statements/new") {
		t.Fatal("the payments page does not offer a statement import")
	}
	if _, form := b.get("/console/bank-statements/new"); !strings.Contains(form, `<option value="`+bank+`"`) {
		t.Fatalf("the import form does not offer the bank account %s:\n%s", bank, form)
	}
	fields := url.Values{"csrf": {b.csrf}, "accountId": {bank}, "name": {"Current account"}}

	bad := "date,description,reference,amount\n" + date + ",BEFTN credit,BEFTN 771903,115000.00\n31/13/2026,Charges,,-50.00\n"
	status, _, body := postFile(b, "/console/bank-statements", fields, "file", []byte(bad))
	if status != http.StatusBadRequest || !strings.Contains(body, `id="f-file-error"`) || !strings.Contains(body, "line 3") {
		t.Fatalf("a statement with a bad date on line 3: %d, want 400 with the line's error by the file\n%s", status, body)
	}

	good := "date,description,reference,amount\n" + date + ",BEFTN credit Gorai Traders,BEFTN 771903,115000.00\n"
	status, loc, body := postFile(b, "/console/bank-statements", fields, "file", []byte(good))
	m := statementLocation.FindStringSubmatch(loc)
	if status != http.StatusSeeOther || m == nil {
		t.Fatalf("import the statement: %d %q\n%s", status, loc, body)
	}
	_, page := b.get(loc)
	match := loc + "/lines/1/match"
	if !strings.Contains(page, number) || !strings.Contains(page, `action="`+match+`"`) || !strings.Contains(page, `value="`+paymentID+`"`) {
		t.Fatalf("the statement does not propose payment %s for its line:\n%s", number, page)
	}
	if status, _, body := b.post(match, url.Values{"csrf": {b.csrf}, "paymentId": {paymentID}}); status != http.StatusSeeOther {
		t.Fatalf("confirm the match: %d\n%s", status, body)
	}
	_, page = b.get(loc)
	if !strings.Contains(page, "The matched payment") || !strings.Contains(page, loc+"/lines/1/unmatch") || !strings.Contains(page, "1 of 1 lines") {
		t.Fatalf("the statement after the match:\n%s", page)
	}
	// A reconciled payment is unmatched before it can be reversed: its
	// page says so instead of offering a reversal finance would refuse.
	_, pay := b.get("/console/payments/" + paymentID)
	if !strings.Contains(pay, "Reconciled with") || strings.Contains(pay, "/console/payments/"+paymentID+"/reverse") {
		t.Fatalf("the reconciled payment's page:\n%s", pay)
	}
	if status, _, body := b.post(loc+"/lines/1/unmatch", url.Values{"csrf": {b.csrf}}); status != http.StatusSeeOther {
		t.Fatalf("undo the match: %d\n%s", status, body)
	}
	if _, page = b.get(loc); !strings.Contains(page, `action="`+match+`"`) {
		t.Fatalf("the line is not proposed again after the undo:\n%s", page)
	}
}
