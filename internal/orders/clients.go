package orders

import (
	"context"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/masterdata/mdclient"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/workflow/approvalclient"
)

// The workflow document types of orders: their chains are the rules'
// approval.chain.purchase_order and approval.chain.sales_order.
const (
	ApprovalPurchaseOrder = "purchase_order"
	ApprovalSalesOrder    = "sales_order"
)

// Approvals starts and withdraws approvals on the workflow service with
// the caller's credential (approvalclient.Client is one).
type Approvals interface {
	Start(ctx context.Context, req approvalclient.Request) (approvalclient.Started, error)
	Withdraw(ctx context.Context, id uuid.UUID, reason string) error
}

// Catalog is the master data orders check parties and products against
// (mdclient.Client is one). Customer and Vendor return NOT_FOUND for an
// id the tenant has not of that kind; Products leaves unknown ids out.
type Catalog interface {
	Customer(ctx context.Context, id uuid.UUID) (mdclient.Party, error)
	Vendor(ctx context.Context, id uuid.UUID) (mdclient.Party, error)
	Products(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]mdclient.Product, error)
}

// CreditPosition is what finance knows of a customer's debt.
type CreditPosition struct {
	Outstanding money.Amount
	// OverdueDays is the age of the oldest overdue invoice, 0 when none.
	OverdueDays int
}

// CreditDecision is the credit.check rule's answer.
type CreditDecision struct {
	// Decision is approve, review or block.
	Decision  string
	Available money.Amount
	Reason    string
}

// Credit answers a sales order's credit check: the customer's position
// from finance and the credit.check rule's decision.
type Credit interface {
	Position(ctx context.Context, customer uuid.UUID) (CreditPosition, error)
	Check(ctx context.Context, amount, outstanding, limit money.Amount, overdueDays int) (CreditDecision, error)
}

// DeliveryInvoice is the sales invoice finance makes of one delivery.
type DeliveryInvoice struct {
	// DeliveryID keys the invoice: asking twice makes one invoice.
	DeliveryID uuid.UUID
	Customer   uuid.UUID
	Date       string
	Department string
	Memo       string
	Lines      []InvoiceLine
}

// InvoiceLine is one delivered product at the order's price.
type InvoiceLine struct {
	ProductID   uuid.UUID
	Description string
	Quantity    string
	Unit        string
	UnitPrice   money.Amount
	VATCategory string
}

// Invoicer makes and submits finance's sales invoice of a delivery and
// returns its id.
type Invoicer interface {
	InvoiceDelivery(ctx context.Context, inv DeliveryInvoice) (uuid.UUID, error)
}
