package documents_test

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/api"
	"github.com/vextrus/vextrus/internal/documents"
	"github.com/vextrus/vextrus/internal/platform/apitest"
)

// readOpenAPI checks the documents document as every service's is
// checked (apitest.CheckOpenAPI).
func readOpenAPI(t *testing.T) apitest.OpenAPIDoc {
	t.Helper()
	mux := http.NewServeMux()
	documents.MountRoutes(mux)
	return apitest.CheckOpenAPI(t, apitest.OpenAPIService{Name: documents.Name, Doc: documents.OpenAPI(),
		Copy: api.OpenAPI()[documents.Name], Mux: mux, Self: "GET " + documents.Base + "/openapi.json",
		RouteMaps: documents.RouteMaps(), IdempotencyKeys: true,
		PathValues: strings.NewReplacer("{id}", "0190a0b0-0000-7000-8000-000000000001")})
}

func TestOpenAPIDocumentsEveryRoute(t *testing.T) { readOpenAPI(t) }

func TestRouteMapsListsEveryRouteMap(t *testing.T) {
	apitest.CheckRouteMapsListed(t, len(documents.RouteMaps()))
}

// The document's schemas have the fields the handlers' JSON types
// write and read, and the params those the service reads.
func TestOpenAPISchemasMatchTheJSONTypes(t *testing.T) {
	readOpenAPI(t).CheckSchemas(t, map[string][]reflect.Type{
		"Job": {reflect.TypeFor[documents.JobJSON]()}, "JobRequest": {reflect.TypeFor[documents.JobRequestJSON]()},
		"JobParams": {reflect.TypeFor[documents.Params]()},
	})
}
