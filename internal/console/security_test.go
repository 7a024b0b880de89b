package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// pendingOrder raises and submits, through the API, a purchase order of
// 1,25,000 that waits for a po_approver, and returns the order's and its
// approval's ids and its vendor's name.
func pendingOrder(t *testing.T, owner *apitest.Client) (po, approval, vendorName string) {
	t.Helper()
	suffix := fmt.Sprint(time.Now().UnixNano() % 1e8)
	role(t, owner, "po_approver", "workflow.approval.read", "workflow.approval.approve", "workflow.approval.reject",
		"orders.purchase.read")
	publishChain(t, owner, "po_approver")
	vendorName = "Meghna Steel " + suffix
	var vendor, product, site struct{ ID string }
	owner.Do(http.MethodPost, "/api/v1/masterdata/vendors", map[string]any{"code": "V-" + suffix, "name": vendorName}).
		Want(t, http.StatusCreated).Decode(t, &vendor)
	owner.Do(http.MethodPost, "/api/v1/masterdata/products", map[string]any{"sku": "ROD-" + suffix, "name": "Steel rod",
		"unit": "kg", "vatCategory": "standard"}).Want(t, http.StatusCreated).Decode(t, &product)
	owner.Do(http.MethodPost, "/api/v1/orders/locations", map[string]any{"code": "S-" + suffix, "name": "Site",
		"kind": "project_site"}).Want(t, http.StatusCreated).Decode(t, &site)
	var order struct {
		ID         string  `json:"id"`
		ApprovalID *string `json:"approvalId"`
	}
	owner.Do(http.MethodPost, "/api/v1/orders/purchase-orders", map[string]any{"vendorId": vendor.ID, "locationId": site.ID,
		"deliveryDate": time.Now().AddDate(0, 0, 7).Format(time.DateOnly), "lines": []any{map[string]any{"productId": product.ID,
			"quantity": "50", "unitPrice": map[string]string{"amount": "2500", "currency": "BDT"}}}}).
		Want(t, http.StatusCreated).Decode(t, &order)
	owner.Do(http.MethodPost, "/api/v1/orders/purchase-orders/"+order.ID+"/submit", nil).Want(t, http.StatusOK)
	testwait.For(t, 30*time.Second, "the order's approval", func() bool {
		owner.Do(http.MethodGet, "/api/v1/orders/purchase-orders/"+order.ID, nil).Want(t, http.StatusOK).Decode(t, &order)
		return order.ApprovalID != nil
	})
	testwait.For(t, 30*time.Second, "the approval pending", func() bool {
		var a struct{ Status string }
		res := owner.Do(http.MethodGet, "/api/v1/workflow/approvals/"+*order.ApprovalID, nil)
		if res.Status != http.StatusOK {
			return false
		}
		res.Decode(t, &a)
		return a.Status == "pending"
	})
	return order.ID, *order.ApprovalID, vendorName
}

func approvalStatus(t *testing.T, owner *apitest.Client, id string) string {
	t.Helper()
	var a struct{ Status string }
	owner.Do(http.MethodGet, "/api/v1/workflow/approvals/"+id, nil).Want(t, http.StatusOK).Decode(t, &a)
	return a.Status
}

func TestApproveIsNotOfferedWithoutThePermissionAndAPostIsRefused(t *testing.T) {
	base, owner := platform(t)
	_, approval, _ := pendingOrder(t, owner)
	role(t, owner, "approval_viewer", "workflow.approval.read", "orders.purchase.read")
	viewer := newBrowserless(t, base)
	viewer.signIn(app.DevTenant, person(t, base, owner, "viewer", "approval_viewer"), userPassword)
	approver := newBrowserless(t, base)
	approver.signIn(app.DevTenant, person(t, base, owner, "approver", "po_approver"), userPassword)

	_, page := approver.get("/console/approvals/" + approval)
	if !strings.Contains(page, "decision-approve") {
		t.Fatalf("the approver is not offered approve: %s", page)
	}
	status, page := viewer.get("/console/approvals/" + approval)
	if status != http.StatusOK || !strings.Contains(page, `id="approval-status"`) {
		t.Fatalf("the viewer cannot read the approval: %d %s", status, page)
	}
	if strings.Contains(page, "decision-approve") || strings.Contains(page, "decision-reject") {
		t.Fatal("a user without workflow.approval.approve is offered approve or reject")
	}
	status, _, _ = viewer.post("/console/approvals/"+approval+"/approve", url.Values{"csrf": {viewer.csrf}, "comment": {"ok"}})
	if status != http.StatusForbidden {
		t.Errorf("the viewer's approve post: %d, want 403", status)
	}
	if s := approvalStatus(t, owner, approval); s != "pending" {
		t.Errorf("after the refused post the approval is %s, want pending", s)
	}
}

func TestAFormWithoutItsSessionsCSRFTokenIsRefusedAndChangesNothing(t *testing.T) {
	base, owner := platform(t)
	alice, other := newBrowserless(t, base), newBrowserless(t, base)
	alice.signIn(app.DevTenant, app.DevAdmin, devPassword)
	other.signIn(app.DevTenant, app.DevAdmin, devPassword)
	alice.get("/console/vendors/new")
	count := func(code string) int {
		var page struct{ Items []any }
		owner.Do(http.MethodGet, "/api/v1/masterdata/vendors?q="+code, nil).Want(t, http.StatusOK).Decode(t, &page)
		return len(page.Items)
	}
	code := fmt.Sprintf("CSRF-%d", time.Now().UnixNano()%1e8)
	for name, token := range map[string]string{"no token": "", "another session's token": other.csrf} {
		form := url.Values{"code": {code}, "name": {"Forged vendor"}}
		if token != "" {
			form.Set("csrf", token)
		}
		if status, _, _ := alice.post("/console/vendors", form); status != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, status)
		}
	}
	if n := count(code); n != 0 {
		t.Fatalf("a refused form created %d vendors", n)
	}
	if status, loc, body := alice.post("/console/vendors", url.Values{"csrf": {alice.csrf}, "code": {code}, "name": {"Real vendor"}}); status != http.StatusSeeOther {
		t.Fatalf("the same form with its token: %d %s %s", status, loc, body)
	}
	if n := count(code); n != 1 {
		t.Fatalf("the accepted form made %d vendors, want 1", n)
	}
}

func TestAnotherTenantsSessionCannotOpenRecordsByURL(t *testing.T) {
	base, owner := platform(t)
	po, approval, vendorName := pendingOrder(t, owner)
	var vendors struct{ Items []struct{ ID string } }
	owner.Do(http.MethodGet, "/api/v1/masterdata/vendors?q="+url.QueryEscape(vendorName), nil).Want(t, http.StatusOK).Decode(t, &vendors)
	if len(vendors.Items) != 1 {
		t.Fatalf("vendor %s: %d found", vendorName, len(vendors.Items))
	}

	slug := fmt.Sprintf("beta%d", time.Now().UnixNano()%1e8)
	a := platformMain.App
	outbox, err := events.NewOutbox(auth.Schema.Name)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := auth.New(auth.Deps{DB: a.DB, Events: outbox, Config: a.Config.Auth, Permissions: a.Permissions})
	if err != nil {
		t.Fatal(err)
	}
	tn, err := admin.CreateTenant(context.Background(), auth.NewTenant{Slug: slug, Name: "Beta Builders Ltd"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.CreateUser(tenant.With(context.Background(), tn.ID), auth.NewUser{Email: "owner@" + slug + ".test",
		Name: "Beta owner", Roles: []string{authz.RoleOwner}}, userPassword); err != nil {
		t.Fatal(err)
	}
	beta := newBrowserless(t, base)
	beta.signIn(slug, "owner@"+slug+".test", userPassword)

	for _, path := range []string{"/console/vendors/" + vendors.Items[0].ID, "/console/purchase-orders/" + po, "/console/approvals/" + approval} {
		status, body := beta.get(path)
		if status != http.StatusNotFound {
			t.Errorf("tenant B opening %s: %d, want 404", path, status)
		}
		if strings.Contains(body, vendorName) {
			t.Errorf("tenant B's page of %s names tenant A's vendor", path)
		}
	}
	// The same paths open for tenant A: the 404s above are tenant B's.
	alpha := newBrowserless(t, base)
	alpha.signIn(app.DevTenant, app.DevAdmin, devPassword)
	if status, body := alpha.get("/console/purchase-orders/" + po); status != http.StatusOK || !strings.Contains(body, vendorName) {
		t.Errorf("tenant A opening its own order: %d", status)
	}
}
