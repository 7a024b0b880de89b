package audit

import (
	"net/http"

	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// RouteMaps lists the REST route maps, for the OpenAPI test.
func RouteMaps() []map[string]httpx.HandlerFunc {
	return []map[string]httpx.HandlerFunc{(&Service{}).auditRoutes()}
}

// MountRoutes mounts the REST API of a service without dependencies: the
// patterns only, for the tests that compare them with the document.
func MountRoutes(mux *http.ServeMux) { (&Service{}).Routes(mux) }
