package files_test

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/api"
	"github.com/vextrus/vextrus/internal/files"
	"github.com/vextrus/vextrus/internal/platform/apitest"
)

// readOpenAPI checks the files document as every service's is checked
// (apitest.CheckOpenAPI).
func readOpenAPI(t *testing.T) apitest.OpenAPIDoc {
	t.Helper()
	mux := http.NewServeMux()
	files.MountRoutes(mux)
	return apitest.CheckOpenAPI(t, apitest.OpenAPIService{Name: files.Name, Doc: files.OpenAPI(), Copy: api.OpenAPI()[files.Name],
		Mux: mux, Self: "GET " + files.Base + "/openapi.json", RouteMaps: files.RouteMaps(),
		PathValues: strings.NewReplacer("{id}", "0190a0b0-0000-7000-8000-000000000001"), IdempotencyKeys: true})
}

func TestOpenAPIDocumentsEveryRoute(t *testing.T) { readOpenAPI(t) }

func TestRouteMapsListsEveryRouteMap(t *testing.T) {
	apitest.CheckRouteMapsListed(t, len(files.RouteMaps()))
}

func TestOpenAPISchemasMatchTheJSONTypes(t *testing.T) {
	d := readOpenAPI(t)
	d.CheckSchemas(t, map[string][]reflect.Type{
		"File": {reflect.TypeFor[files.FileJSON]()}, "Owner": {reflect.TypeFor[files.OwnerJSON]()},
		"Link": {reflect.TypeFor[files.LinkJSON]()},
	})
}
