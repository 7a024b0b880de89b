package console_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	cdp "github.com/chromedp/chromedp"

	"github.com/vextrus/vextrus/internal/app"
)

// TestAPurchaseOrderIsRaisedAndApprovedInTheConsole is the console's main
// path in a real browser: the owner signs in, is told by the field what
// is wrong with a vendor's BIN, creates the vendor, raises a purchase
// order of 1,25,000 taka that needs approval; the approver, in a second
// browser context, asks from the inbox which site it is for, the owner
// answers, and the approver approves it; the owner sees the order
// approved, switches to Bangla and reads the amount as ১,২৫,০০০.০০.
func TestAPurchaseOrderIsRaisedAndApprovedInTheConsole(t *testing.T) {
	chromium(t)
	base, owner := platform(t)
	suffix := fmt.Sprint(time.Now().UnixNano() % 1e8)
	role(t, owner, "po_approver", "workflow.approval.read", "workflow.approval.approve", "workflow.approval.reject",
		"orders.purchase.read")
	publishChain(t, owner, "po_approver")
	approver := person(t, base, owner, "approver", "po_approver")
	var product, site struct{ ID string }
	owner.Do(http.MethodPost, "/api/v1/masterdata/products", map[string]any{"sku": "CEM-" + suffix, "name": "Cement, 50 kg bag",
		"unit": "bag", "vatCategory": "standard"}).Want(t, http.StatusCreated).Decode(t, &product)
	owner.Do(http.MethodPost, "/api/v1/orders/locations", map[string]any{"code": "SITE-" + suffix, "name": "Padma bridge site",
		"kind": "project_site"}).Want(t, http.StatusCreated).Decode(t, &site)

	b := browser(t)
	a := tab(t, b)
	signInAs(t, a, base, app.DevTenant, app.DevAdmin, devPassword)
	shot(t, a, "01-owner-signed-in")

	do(t, a, "post a vendor with a bad BIN",
		cdp.Navigate(base+"/console/vendors/new"),
		cdp.WaitVisible(cdp.CSS(`input[name="code"]`)),
		cdp.SendKeys(cdp.CSS(`input[name="code"]`), "VEND-"+suffix),
		cdp.SendKeys(cdp.CSS(`input[name="name"]`), "Shah Cement Ltd"),
		cdp.SendKeys(cdp.CSS(`input[name="bin"]`), "12345"),
		cdp.Click(cdp.CSS(`main form button.primary`)),
		cdp.WaitVisible(cdp.CSS(`[data-error-for="bin"] .error`)),
	)
	binError := get(t, a, "read the BIN's error", cdp.Text(cdp.CSS(`[data-error-for="bin"] .error`)))
	invalid := get(t, a, "read aria-invalid", cdp.AttributeValue(cdp.CSS(`input[name="bin"]`), "aria-invalid"))
	if binError == "" || invalid.Value != "true" {
		t.Fatalf("BIN error %q, aria-invalid %q: want the API's message next to the field", binError, invalid.Value)
	}
	shot(t, a, "02-vendor-bad-bin")

	do(t, a, "clear the BIN and create the vendor",
		setValue(`input[name="bin"]`, ""),
		cdp.Click(cdp.CSS(`main form button.primary`)),
		waitText("main h1", "Vendor"),
		cdp.WaitNotPresent(cdp.CSS(`[data-error-for]`)))
	vendorID := lastSegment(location(t, a))

	do(t, a, "raise a purchase order of 1,25,000 and submit it",
		cdp.Navigate(base+"/console/purchase-orders/new?vendor_q=VEND-"+suffix+"&product_q=CEM-"+suffix),
		cdp.WaitVisible(cdp.CSS(`select[name="vendorId"]`)),
		setValue(`select[name="vendorId"]`, vendorID),
		setValue(`select[name="locationId"]`, site.ID),
		setValue(`select[name="lines[0].productId"]`, product.ID),
		cdp.SendKeys(cdp.CSS(`input[name="lines[0].quantity"]`), "50"),
		cdp.SendKeys(cdp.CSS(`input[name="lines[0].unitPrice"]`), "2500"),
		cdp.Click(cdp.CSS(`button[name="then"][value="submit"]`)),
		waitText("#po-status", "Submitted"),
		waitText("#po-amount", "1,25,000.00"),
	)
	poURL := base + location(t, a)
	shot(t, a, "03-order-submitted")
	showsWithin(t, a, poURL, "main", "See the approval")
	approvalHref := get(t, a, "the order's approval", cdp.AttributeValue(cdp.CSS(`a[href^="/console/approvals/"]`), "href")).Value

	p := tab(t, b)
	signInAs(t, p, base, app.DevTenant, approver, userPassword)
	showsWithin(t, p, base+"/console/approvals", "#list", "Purchase order")
	do(t, p, "find the order in the inbox", cdp.WaitVisible(cdp.CSS(fmt.Sprintf(`#list a[href=%q]`, approvalHref))))
	shot(t, p, "04-approver-inbox")
	do(t, p, "ask the submitter which site",
		cdp.Click(cdp.CSS(fmt.Sprintf(`#list a[href=%q]`, approvalHref))),
		cdp.WaitVisible(cdp.CSS(`button.decision-request-info`)),
		cdp.SendKeys(cdp.CSS(`textarea[name="comment"]`), "Which site gets the cement?"),
		cdp.Click(cdp.CSS(`button.decision-request-info`)),
		waitText("#approval-status", "Information requested"),
	)
	shot(t, p, "05-approver-asked")

	// The submitter finds the question and answers it; the history names
	// who asked (the owner may read users).
	showsWithin(t, a, base+approvalHref, "#approval-question", "Which site gets the cement?")
	if asker := get(t, a, "read who asks", cdp.Text(cdp.CSS(`#approval-question p`))); !strings.Contains(asker, "approver asks:") {
		t.Errorf("the question is shown as asked by %q, want the approver's name", asker)
	}
	do(t, a, "answer the question",
		cdp.SendKeys(cdp.CSS(`main form textarea[name="comment"]`), "The Padma bridge site"),
		cdp.Click(cdp.CSS(`main form button.primary`)),
		waitText("#approval-status", "Pending"),
		waitText("ol.history", "The Padma bridge site"),
	)
	shot(t, a, "06-submitter-answered")

	do(t, p, "approve it with a comment",
		cdp.Navigate(base+approvalHref),
		cdp.WaitVisible(cdp.CSS(`button.decision-approve`)),
		cdp.SendKeys(cdp.CSS(`textarea[name="comment"]`), "Within the site budget"),
		cdp.Click(cdp.CSS(`button.decision-approve`)),
		waitText("ol.history", "Within the site budget"),
	)
	showsWithin(t, p, base+approvalHref, "#approval-status", "Approved")
	shot(t, p, "07-approved")

	showsWithin(t, a, poURL, "#po-status", "Approved")
	shot(t, a, "08-order-approved")

	do(t, a, "switch to Bangla", cdp.Click(cdp.CSS(`#lang-switch`)), waitText("#po-status", "অনুমোদিত"))
	if amount := get(t, a, "read the amount", cdp.Text(cdp.CSS(`#po-amount`))); amount != "১,২৫,০০০.০০" {
		t.Errorf("amount in Bangla = %q, want ১,২৫,০০০.০০", amount)
	}
	shot(t, a, "09-order-in-bangla")
}
