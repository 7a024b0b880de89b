package finance

import (
	_ "embed"
	"net/http"
)

//go:embed openapi.json
var openapiDoc []byte

// OpenAPI returns the OpenAPI 3.1 document of the REST API;
// api/openapi/finance.json is the same file for the gateway to merge (a
// test keeps the two equal and checks that every route Routes mounts is
// in it, and only those).
func OpenAPI() []byte { return openapiDoc }

// serveOpenAPI answers the document at GET /api/v1/finance/openapi.json,
// as the other services do.
func serveOpenAPI(w http.ResponseWriter, _ *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	_, err := w.Write(openapiDoc)
	return err
}
