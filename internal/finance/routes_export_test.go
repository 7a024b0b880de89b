package finance

import "github.com/vextrus/vextrus/internal/platform/httpx"

// RouteMaps are the route maps Routes mounts, for the external tests to
// check against the OpenAPI document. TestOpenAPIDocumentsEveryRoute
// fails when a method returning such a map is missing here.
func RouteMaps() []map[string]httpx.HandlerFunc {
	s := &Service{}
	return []map[string]httpx.HandlerFunc{s.ledgerRoutes(), s.invoiceRoutes(), s.paymentRoutes(), s.reportRoutes()}
}

// The request bodies the handlers read, for the OpenAPI schema test.
type (
	AccountIn      = accountIn
	AccountPatchIn = accountPatchIn
	JournalIn      = journalIn
	JournalPatchIn = journalPatchIn
	ReverseIn      = reverseIn
	ReasonIn       = reasonIn
	PaymentIn      = paymentIn
	AllocationIn   = allocationIn
)
