package audit_test

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/api"
	"github.com/vextrus/vextrus/internal/audit"
	"github.com/vextrus/vextrus/internal/platform/apitest"
)

// readOpenAPI checks the audit document as every service's is checked
// (apitest.CheckOpenAPI). The gateway routes /api/v1/audit/ to a split
// audit process only because this document exists.
func readOpenAPI(t *testing.T) apitest.OpenAPIDoc {
	t.Helper()
	mux := http.NewServeMux()
	audit.MountRoutes(mux)
	return apitest.CheckOpenAPI(t, apitest.OpenAPIService{Name: "audit", Doc: audit.OpenAPI(), Copy: api.OpenAPI()["audit"],
		Mux: mux, Self: "GET " + audit.Base + "/openapi.json", RouteMaps: audit.RouteMaps(),
		PathValues: strings.NewReplacer(), IdempotencyKeys: true})
}

func TestOpenAPIDocumentsEveryRoute(t *testing.T) { readOpenAPI(t) }

func TestRouteMapsListsEveryRouteMap(t *testing.T) {
	apitest.CheckRouteMapsListed(t, len(audit.RouteMaps()))
}

func TestOpenAPISchemasMatchTheJSONTypes(t *testing.T) {
	d := readOpenAPI(t)
	d.CheckSchemas(t, map[string][]reflect.Type{
		"Entry": {reflect.TypeFor[audit.EntryJSON]()}, "Verification": {reflect.TypeFor[audit.VerifyJSON]()},
		"Broken": {reflect.TypeFor[audit.BrokenJSON]()},
	})
}
