package orders

import (
	"context"
	"fmt"
	"net/http"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// FinanceInvoicer is Invoicer over finance's REST API: it creates the
// sales invoice of a delivery (POST /api/v1/finance/invoices) and submits
// it (POST /api/v1/finance/invoices/{id}/submit), with the credential of
// ctx: the orders service's own in the workflow's activity. Both calls
// carry an Idempotency-Key derived from the delivery, so a retried
// activity gets the first answers back and finance makes one invoice.
type FinanceInvoicer struct {
	HTTP *svcclient.Client
}

// invoiceLineJSON is a line of finance's InvoiceInputJSON.
type invoiceLineJSON struct {
	ProductID   uuid.UUID    `json:"productId"`
	Description string       `json:"description"`
	VATCategory string       `json:"vatCategory,omitempty"`
	Quantity    string       `json:"quantity"`
	Unit        string       `json:"unit,omitempty"`
	UnitPrice   money.Amount `json:"unitPrice"`
}

// invoiceInputJSON is the body of finance's invoice create: finance
// completes the party's name, BIN and address from master data and takes
// the due date from the tenant's payment terms.
type invoiceInputJSON struct {
	Kind  string `json:"kind"`
	Party struct {
		ID uuid.UUID `json:"id"`
	} `json:"party"`
	Date       string            `json:"date"`
	Department string            `json:"department,omitempty"`
	Memo       string            `json:"memo,omitempty"`
	Lines      []invoiceLineJSON `json:"lines"`
}

// InvoiceDelivery makes and submits inv's invoice and returns its id.
func (f FinanceInvoicer) InvoiceDelivery(ctx context.Context, inv DeliveryInvoice) (uuid.UUID, error) {
	body := invoiceInputJSON{Kind: "sales", Date: inv.Date, Department: inv.Department, Memo: inv.Memo,
		Lines: make([]invoiceLineJSON, len(inv.Lines))}
	body.Party.ID = inv.Customer
	for i, l := range inv.Lines {
		body.Lines[i] = invoiceLineJSON{ProductID: l.ProductID, Description: l.Description, VATCategory: l.VATCategory,
			Quantity: l.Quantity, Unit: l.Unit, UnitPrice: l.UnitPrice}
	}
	key := "delivery-" + inv.DeliveryID.String()
	var made struct {
		ID uuid.UUID `json:"id"`
	}
	if err := f.HTTP.Do(ctx, http.MethodPost, "/api/v1/finance/invoices", body, &made, svcclient.IdempotencyKey(key)); err != nil {
		return uuid.Nil, fmt.Errorf("create the delivery's invoice: %w", err)
	}
	// Submitting a submitted invoice asks its approval again; the key
	// makes a retry replay the first answer instead.
	path := "/api/v1/finance/invoices/" + made.ID.String() + "/submit"
	if err := f.HTTP.Do(ctx, http.MethodPost, path, nil, nil, svcclient.IdempotencyKey(key+"-submit")); err != nil {
		return uuid.Nil, fmt.Errorf("submit the delivery's invoice %s: %w", made.ID, err)
	}
	return made.ID, nil
}
