package console_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// customer makes a customer of the dev tenant and returns its code and id.
func customer(t *testing.T, owner *apitest.Client, name string) (code, id string) {
	t.Helper()
	code = fmt.Sprintf("C2-%d", time.Now().UnixNano())
	var made struct{ ID string }
	owner.Do(http.MethodPost, "/api/v1/masterdata/customers", map[string]any{"code": code, "name": name, "type": "company"}).
		Want(t, http.StatusCreated).Decode(t, &made)
	return code, made.ID
}

// invoiceChainOnce puts in force an invoice approval chain with one level
// above 10 lakh, so the tests' invoices are approved when submitted.
var invoiceChainOnce sync.Once

func smallInvoicesNeedNoApproval(t *testing.T, owner *apitest.Client) {
	t.Helper()
	invoiceChainOnce.Do(func() {
		key := "approval.chain.invoice"
		testwait.For(t, 30*time.Second, "the tenant's "+key, func() bool {
			return owner.Do(http.MethodGet, "/api/v1/rules/rulesets/"+key, nil).Status == http.StatusOK
		})
		var draft struct {
			Number int `json:"number"`
		}
		owner.Do(http.MethodPost, "/api/v1/rules/rulesets/"+key+"/versions", map[string]any{
			"hitPolicy": "COLLECT", "collectAs": "levels", "effectiveFrom": "2026-01-01", "reference": "console finance test",
			"tests": []any{}, "rows": []any{map[string]any{"description": "finance manager above 10 lakh", "condition": "amount > 1000000",
				"outputs": map[string]string{"role": `"finance_manager"`, "mode": `"any"`, "slaHours": "24"}}}}).
			Want(t, http.StatusCreated).Decode(t, &draft)
		owner.Do(http.MethodPost, fmt.Sprintf("/api/v1/rules/rulesets/%s/versions/%d/publish", key, draft.Number), nil).
			Want(t, http.StatusOK)
	})
}

var invoiceLocation = regexp.MustCompile(`^/console/invoices/([0-9a-f-]{36})$`)

// draftInvoice posts the console's new-invoice form for the customer:
// one line of 50 bags at 2,500 taka.
func draftInvoice(t *testing.T, b *browserless, code string) string {
	t.Helper()
	return draftInvoiceOf(t, b, code, "50")
}

// draftInvoiceOf is draftInvoice with bags bags.
func draftInvoiceOf(t *testing.T, b *browserless, code, bags string) string {
	t.Helper()
	b.get("/console/invoices/new")
	status, loc, body := b.post("/console/invoices", url.Values{"csrf": {b.csrf}, "kind": {"sales"}, "party.id": {code},
		"lines[0].description": {"Cement, 50 kg bag"}, "lines[0].quantity": {bags}, "lines[0].unit": {"bag"},
		"lines[0].unitPrice": {"2,500.00"}, "lines[0].vatCategory": {"standard"}})
	m := invoiceLocation.FindStringSubmatch(loc)
	if status != http.StatusSeeOther || m == nil {
		t.Fatalf("create a draft invoice: %d %q\n%s", status, loc, body)
	}
	return m[1]
}

func TestADraftInvoiceMadeInTheConsoleShowsItsTaxesAndCanBeSubmitted(t *testing.T) {
	base, owner := platform(t)
	smallInvoicesNeedNoApproval(t, owner)
	code, _ := customer(t, owner, "Padma Builders")
	b := newBrowserless(t, base)
	b.signIn(app.DevTenant, app.DevAdmin, devPassword)
	id := draftInvoice(t, b, code)

	status, page := b.get("/console/invoices/" + id)
	if status != http.StatusOK {
		t.Fatalf("invoice page: %d\n%s", status, page)
	}
	// 50 x 2,500 = 1,25,000 net; standard VAT 15% = 18,750; total 1,43,750.
	for _, want := range []string{"Padma Builders", "1,25,000.00", "18,750.00", "1,43,750.00", "Submit for approval", "Draft"} {
		if !strings.Contains(page, want) {
			t.Errorf("invoice page lacks %q", want)
		}
	}
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)
	if version == nil {
		t.Fatalf("the submit button carries no version:\n%s", page)
	}
	if status, _, body := b.post("/console/invoices/"+id+"/submit", url.Values{"csrf": {b.csrf}, "version": {version[1]}}); status != http.StatusSeeOther {
		t.Fatalf("submit: %d\n%s", status, body)
	}
	_, page = b.get("/console/invoices/" + id)
	if strings.Contains(page, "Submit for approval") || !strings.Contains(page, `badge-approved`) {
		t.Fatalf("the submitted invoice is not approved, or still offers submitting:\n%s", page)
	}
	for _, want := range []string{"/console/invoices/" + id + "/mushak", "/console/payments/new?invoice=" + id} {
		if !strings.Contains(page, want) {
			t.Errorf("the approved invoice does not offer %s", want)
		}
	}

	// The list, filtered in the URL, finds it; Bangla shows the total in
	// Bangla digits, lakh grouping.
	_, list := b.get("/console/invoices?side=sales&status=draft")
	if strings.Contains(list, id) {
		t.Fatalf("the draft filter lists the submitted invoice %s", id)
	}
	if status, _, _ := b.post("/console/lang", url.Values{"csrf": {b.csrf}, "lang": {"bn"}}); status != http.StatusSeeOther {
		t.Fatalf("switch to Bangla: %d", status)
	}
	_, list = b.get("/console/invoices?side=sales")
	if !strings.Contains(list, "/console/invoices/"+id) || !strings.Contains(list, "১,৪৩,৭৫০.০০") {
		t.Fatalf("the Bangla list lacks the invoice or its total ১,৪৩,৭৫০.০০:\n%s", list)
	}
}

func TestTheInvoiceFormShowsTheServicesErrorsByTheirInputs(t *testing.T) {
	base, owner := platform(t)
	code, _ := customer(t, owner, "Jamuna Traders")
	b := newBrowserless(t, base)
	b.signIn(app.DevTenant, app.DevAdmin, devPassword)
	b.get("/console/invoices/new")
	status, _, body := b.post("/console/invoices", url.Values{"csrf": {b.csrf}, "kind": {"sales"}, "party.id": {code},
		"lines[0].description": {"Rod"}, "lines[0].quantity": {"10"}})
	if status != http.StatusBadRequest {
		t.Fatalf("a line without a price: %d, want 400\n%s", status, body)
	}
	if !strings.Contains(body, `id="f-lines[0].unitPrice-error"`) || !strings.Contains(body, `aria-invalid="true"`) {
		t.Fatalf("the price's error is not by its input:\n%s", body)
	}
	status, _, body = b.post("/console/invoices", url.Values{"csrf": {b.csrf}, "kind": {"sales"}, "party.id": {"NO-SUCH-CODE"},
		"lines[0].description": {"Rod"}, "lines[0].quantity": {"10"}, "lines[0].unitPrice": {"100"}})
	if status != http.StatusBadRequest || !strings.Contains(body, `id="f-party.id-error"`) {
		t.Fatalf("an unknown party code: %d, want 400 with the error by the party:\n%s", status, body)
	}
}

func TestAUserWhoMayOnlyReadInvoicesIsOfferedNoSubmitAndIsRefusedOne(t *testing.T) {
	base, owner := platform(t)
	code, _ := customer(t, owner, "Karnaphuli Steel")
	admin := newBrowserless(t, base)
	admin.signIn(app.DevTenant, app.DevAdmin, devPassword)
	id := draftInvoice(t, admin, code)

	role(t, owner, "c2_invoice_reader", "finance.invoice.read")
	reader := newBrowserless(t, base)
	reader.signIn(app.DevTenant, person(t, base, owner, "reader", "c2_invoice_reader"), userPassword)
	status, page := reader.get("/console/invoices/" + id)
	if status != http.StatusOK || !strings.Contains(page, "Karnaphuli Steel") {
		t.Fatalf("the reader's invoice page: %d\n%s", status, page)
	}
	if strings.Contains(page, "/submit") || strings.Contains(page, "New sales invoice") {
		t.Fatalf("the reader is offered to submit or create:\n%s", page)
	}
	status, _, body := reader.post("/console/invoices/"+id+"/submit", url.Values{"csrf": {reader.csrf}})
	if status != http.StatusForbidden {
		t.Fatalf("the reader's submit: %d, want 403\n%s", status, body)
	}
	if _, page = admin.get("/console/invoices/" + id); !strings.Contains(page, "badge-draft") {
		t.Fatalf("the refused submit changed the invoice:\n%s", page)
	}
}

func TestCreditAndDebitNotesAreMadeFromAnApprovedInvoice(t *testing.T) {
	base, owner := platform(t)
	_, customerID := customer(t, owner, "Rupsha Builders")
	id := approvedInvoice(t, owner, customerID, "100000.00") // 1,15,000.00 with VAT
	b := newBrowserless(t, base)
	b.signIn(app.DevTenant, app.DevAdmin, devPassword)
	_, page := b.get("/console/invoices/" + id)
	for _, want := range []string{"/console/invoices/" + id + "/credit-note", "/console/invoices/" + id + "/debit-note"} {
		if !strings.Contains(page, want) {
			t.Fatalf("the approved invoice does not offer %s:\n%s", want, page)
		}
	}
	status, form := b.get("/console/invoices/" + id + "/credit-note")
	if status != http.StatusOK || !strings.Contains(form, `value="Brick, first class"`) || !strings.Contains(form, `value="100000.00"`) {
		t.Fatalf("the credit note form does not start from the invoice's lines: %d\n%s", status, form)
	}
	note := func(path string, v url.Values) (int, string, string) {
		v.Set("csrf", b.csrf)
		return b.post("/console/invoices/"+id+"/"+path, v)
	}
	line := func(price string) url.Values {
		return url.Values{"lines[0].description": {"Brick, first class (returned)"}, "lines[0].quantity": {"1"}, "lines[0].unit": {"lot"},
			"lines[0].unitPrice": {price}, "lines[0].vatCategory": {"standard"}}
	}

	t.Run("finance's refusals come back by their fields", func(t *testing.T) {
		v := line("10,000.00")
		v.Set("date", "2020-01-01")
		if status, _, body := note("credit-note", v); status != http.StatusBadRequest || !strings.Contains(body, `id="f-date-error"`) {
			t.Fatalf("a note dated before the invoice: %d, want 400 with the error by the date\n%s", status, body)
		}
		if status, _, body := note("credit-note", line("5,00,000.00")); status != http.StatusBadRequest || !strings.Contains(body, `id="f-lines"`) ||
			!strings.Contains(body, "exceeds what remains") {
			t.Fatalf("a credit note over the invoice: %d, want 400 with the error by the lines\n%s", status, body)
		}
		if status, _, body := note("credit-note", line("ten thousand")); status != http.StatusBadRequest || !strings.Contains(body, `id="f-lines[0].unitPrice-error"`) {
			t.Fatalf("a price that is no amount: %d, want 400 with the error by the price\n%s", status, body)
		}
	})

	t.Run("a credit note is a draft that names its invoice", func(t *testing.T) {
		v := line("10,000.00")
		v.Set("memo", "Ten thousand bricks returned broken")
		status, loc, body := note("credit-note", v)
		m := invoiceLocation.FindStringSubmatch(loc)
		if status != http.StatusSeeOther || m == nil || m[1] == id {
			t.Fatalf("make the credit note: %d %q\n%s", status, loc, body)
		}
		_, page := b.get(loc)
		for _, want := range []string{"Credit note", "badge-draft", `id="note-corrects" href="/console/invoices/` + id + `"`, "11,500.00", "Submit for approval"} {
			if !strings.Contains(page, want) {
				t.Errorf("the credit note's page lacks %q", want)
			}
		}
		if strings.Contains(page, "/credit-note\"") {
			t.Error("a note offers a note against itself")
		}
	})

	t.Run("a debit note starts empty and adds to the invoice", func(t *testing.T) {
		_, form := b.get("/console/invoices/" + id + "/debit-note")
		if strings.Contains(form, `value="Brick, first class"`) {
			t.Fatal("the debit note form is filled with the invoice's lines")
		}
		status, loc, body := note("debit-note", line("2,000.00"))
		if status != http.StatusSeeOther || invoiceLocation.FindStringSubmatch(loc) == nil {
			t.Fatalf("make the debit note: %d %q\n%s", status, loc, body)
		}
		if _, page := b.get(loc); !strings.Contains(page, "Debit note") || !strings.Contains(page, "2,300.00") {
			t.Fatalf("the debit note's page:\n%s", page)
		}
	})

	t.Run("a user who may not approve invoices is offered no note and refused one", func(t *testing.T) {
		role(t, owner, "c2_invoice_reader", "finance.invoice.read")
		reader := newBrowserless(t, base)
		reader.signIn(app.DevTenant, person(t, base, owner, "notereader", "c2_invoice_reader"), userPassword)
		if _, page := reader.get("/console/invoices/" + id); strings.Contains(page, "/credit-note") || strings.Contains(page, "/debit-note") {
			t.Fatal("the reader is offered a note")
		}
		v := line("1,000.00")
		v.Set("csrf", reader.csrf)
		if status, _, body := reader.post("/console/invoices/"+id+"/credit-note", v); status != http.StatusForbidden {
			t.Fatalf("the reader's credit note: %d, want 403\n%s", status, body)
		}
	})
}

// TestTheInvoiceListSortsByItsTotalHeader: the total's header is a sort
// link, and following it twice lists the party's invoices largest first
// with the header marked descending.
func TestTheInvoiceListSortsByItsTotalHeader(t *testing.T) {
	base, owner := platform(t)
	code, partyID := customer(t, owner, "Meghna Sort Traders")
	admin := newBrowserless(t, base)
	admin.signIn(app.DevTenant, app.DevAdmin, devPassword)
	byQuantity := map[string]string{}
	for _, qty := range []string{"10", "50", "30"} {
		byQuantity[qty] = draftInvoiceOf(t, admin, code, qty)
	}
	list := "/console/invoices?partyId=" + partyID
	_, page := admin.get(list)
	ascending := list + "&amp;sort=total"
	if !strings.Contains(page, `href="`+ascending+`"`) {
		t.Fatalf("no sort link %s on the total's header:\n%s", ascending, page)
	}
	_, page = admin.get(list + "&sort=-total")
	if !strings.Contains(page, `aria-sort="descending"`) {
		t.Fatalf("the total's header is not marked descending:\n%s", page)
	}
	at := func(qty string) int { return strings.Index(page, byQuantity[qty]) }
	if !(at("50") >= 0 && at("50") < at("30") && at("30") < at("10")) {
		t.Fatalf("sorted by -total the rows are at %d (50), %d (30), %d (10), want largest first", at("50"), at("30"), at("10"))
	}
}
