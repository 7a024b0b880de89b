package mixed

import "math/rand/v2"

// The operations, by the name their figures carry.
const (
	OpSignIn         = "sign-in"         // POST /auth/login (argon2id)
	OpListCustomers  = "list-customers"  // GraphQL: customers with their creator (masterdata + auth)
	OpListInvoices   = "list-invoices"   // GraphQL: invoices with their customer (finance + masterdata)
	OpListOrders     = "list-orders"     // GraphQL: purchase orders with their vendor (orders + masterdata)
	OpInbox          = "inbox"           // GraphQL: myApprovals
	OpCustomerCreate = "customer-create" // REST POST
	OpCustomerEdit   = "customer-edit"   // REST GET (ETag) + PATCH If-Match
	OpVendorCreate   = "vendor-create"   // REST POST
	OpProductCreate  = "product-create"  // REST POST
	OpInvoiceSubmit  = "invoice-submit"  // REST POST invoice + submit (approval started)
	OpApprove        = "approve"         // REST inbox + approve (a Temporal update)
	OpPOSubmit       = "po-submit"       // REST POST purchase order + submit
	OpGoodsReceipt   = "goods-receipt"   // REST GET order + POST receipt (stock moves)
	OpBill           = "bill"            // REST GET finance's copy of a received order + POST purchase bill + submit (three-way match)
	OpPayment        = "payment"         // REST GET invoice + POST receipt or disbursement allocated to it
)

// role is a kind of staff: the system role its accounts hold and what
// they do, as weights per hundred actions.
type role struct {
	name  string // the auth system role
	mix   []weighted
	total int
}

type weighted struct {
	op     string
	weight int
}

func newRole(name string, mix ...weighted) *role {
	r := &role{name: name, mix: mix}
	for _, m := range mix {
		r.total += m.weight
	}
	return r
}

// draw picks an operation by the role's weights.
func (r *role) draw(rng *rand.Rand) string {
	n := rng.IntN(r.total)
	for _, m := range r.mix {
		if n < m.weight {
			return m.op
		}
		n -= m.weight
	}
	return r.mix[len(r.mix)-1].op
}

// The staff of a trading company: seven in ten are clerks (sales,
// purchasing, stores, accounts) who enter the documents, two in ten look
// things up (managers, sales people), one in ten approves. Each signs in
// again about once in a hundred actions (a new working session). See
// docs/scaling.md, "Mixed workload".
var (
	clerk = newRole("accountant",
		weighted{OpListCustomers, 17}, weighted{OpListInvoices, 17}, weighted{OpListOrders, 14}, weighted{OpBill, 5},
		weighted{OpCustomerCreate, 4}, weighted{OpCustomerEdit, 6}, weighted{OpVendorCreate, 1}, weighted{OpProductCreate, 1},
		weighted{OpInvoiceSubmit, 12}, weighted{OpPayment, 7}, weighted{OpPOSubmit, 8}, weighted{OpGoodsReceipt, 7},
		weighted{OpSignIn, 1})
	viewer = newRole("viewer",
		weighted{OpListCustomers, 33}, weighted{OpListInvoices, 38}, weighted{OpListOrders, 28}, weighted{OpSignIn, 1})
	approver = newRole("approver",
		weighted{OpInbox, 30}, weighted{OpApprove, 45}, weighted{OpListInvoices, 14}, weighted{OpListOrders, 10},
		weighted{OpSignIn, 1})
)

// roleOf is the role of staff account i: of every ten, 0-6 clerks, 7-8
// viewers, 9 an approver (so a workload of fewer than ten users has
// clerks only, and their approvals wait).
func roleOf(i int) *role {
	switch i % 10 {
	case 9:
		return approver
	case 7, 8:
		return viewer
	}
	return clerk
}
