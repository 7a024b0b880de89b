package documents

import (
	"net/http"

	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// RouteMaps are the route maps Routes mounts, for the OpenAPI test.
func RouteMaps() []map[string]httpx.HandlerFunc {
	s := &Service{}
	return []map[string]httpx.HandlerFunc{s.jobRoutes()}
}

// MountRoutes mounts the REST API of a service without dependencies.
func MountRoutes(mux *http.ServeMux) { (&Service{}).Routes(mux) }

// HeartbeatTimeout is how long a dead worker's activity takes to move.
const HeartbeatTimeout = heartbeatTimeout
