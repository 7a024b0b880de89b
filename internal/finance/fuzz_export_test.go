package finance

import (
	"time"

	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// ReadInvoiceBody reads the body of a create request as the REST handler
// and CreateInvoice do before they ask the catalog, the rules and the
// database: decoded, converted and validated against a tenant's default
// settings, as a draft created at now.
func ReadInvoiceBody(body []byte, now time.Time) (Invoice, error) {
	var req InvoiceInputJSON
	if err := httpx.Unmarshal(body, &req); err != nil {
		return Invoice{}, err
	}
	in, err := req.toInput(true)
	if err != nil {
		return Invoice{}, err
	}
	st := tenantsettings.Default("Fuzz Traders")
	s := &Service{now: func() time.Time { return now }}
	inv := Invoice{Kind: in.Kind, Side: in.Kind, Status: StatusDraft}
	if err := s.fill(&inv, in, &st); err != nil {
		return Invoice{}, err
	}
	return inv, nil
}
