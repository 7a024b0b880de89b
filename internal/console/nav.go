package console

import (
	"github.com/vextrus/vextrus/internal/audit"
	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/masterdata"
	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/workflow"
)

// NavItem is one entry of the navigation: its label (a message key), its
// path under Prefix and the permission without which it is not shown
// ("" shows it to everyone signed in).
type NavItem struct {
	Label, Path, Perm string
}

// nav is the navigation, in order. A screen adds its entry here.
var nav = []NavItem{
	{Label: "nav.home", Path: ""},
	{Label: "nav.approvals", Path: "approvals", Perm: workflow.PermRead},
	{Label: "nav.customers", Path: "customers", Perm: masterdata.PermCustomerRead},
	{Label: "nav.vendors", Path: "vendors", Perm: masterdata.PermVendorRead},
	{Label: "nav.products", Path: "products", Perm: masterdata.PermProductRead},
	{Label: "nav.purchase_orders", Path: "purchase-orders", Perm: orders.PermPurchaseRead},
	{Label: "nav.invoices", Path: "invoices", Perm: finance.PermInvoiceRead},
	{Label: "nav.payments", Path: "payments", Perm: finance.PermPaymentRead},
	{Label: "nav.trial_balance", Path: "reports/trial-balance", Perm: finance.PermReportRead},
	{Label: "nav.ageing", Path: "reports/ageing/receivables", Perm: finance.PermReportRead},
	{Label: "nav.audit", Path: "audit", Perm: audit.PermEventRead},
	{Label: "nav.admin", Path: "admin/users", Perm: auth.PermUserRead},
}

// Nav is the entries the request's user may see.
func navFor(v *View) []NavItem {
	var out []NavItem
	for _, n := range nav {
		if n.Perm == "" || v.Session.Can(n.Perm) {
			out = append(out, n)
		}
	}
	return out
}
