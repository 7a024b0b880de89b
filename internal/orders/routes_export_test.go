package orders

import (
	"net/http"

	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// RouteMaps are the route maps Routes mounts, for the external tests to
// check against the OpenAPI document. TestOpenAPIDocumentsEveryRoute
// fails when a method returning such a map is missing here.
func RouteMaps() []map[string]httpx.HandlerFunc {
	s := &Service{}
	return []map[string]httpx.HandlerFunc{s.locationRoutes(), s.stockRoutes(), s.salesRoutes(), s.purchaseRoutes()}
}

// MountRoutes mounts the REST API of a service without dependencies: the
// patterns only, for the tests that compare them with the document.
func MountRoutes(mux *http.ServeMux) { (&Service{}).Routes(mux) }

// The request bodies the handlers read, for the OpenAPI schema test.
type (
	LocationIn      = locationIn
	LocationPatchIn = locationPatchIn
	StockLineIn     = stockLineIn
	IssueIn         = issueIn
	TransferIn      = transferIn
	ReasonIn        = reasonJSON
)
