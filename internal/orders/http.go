package orders

import (
	"maps"
	"net/http"

	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// Base is the prefix of the REST API (api/openapi/orders.json).
const Base = "/api/v1/orders"

// Routes mounts the REST API under /api/v1/orders/.
func (s *Service) Routes(mux *http.ServeMux) {
	routes := map[string]httpx.HandlerFunc{}
	for _, part := range []map[string]httpx.HandlerFunc{
		s.locationRoutes(),
		s.stockRoutes(),
		s.salesRoutes(),
		s.purchaseRoutes(),
	} {
		maps.Copy(routes, part)
	}
	routes["GET "+Base+"/openapi.json"] = httpx.Document(openapiDoc)
	for pattern, fn := range routes {
		mux.Handle(pattern, fn)
	}
}
