package finance

import (
	_ "embed"
	"net/http"
)

//go:embed openapi.json
var openapiDoc []byte

// OpenAPI returns the OpenAPI 3.1 document of the REST API, served at
// /api/v1/finance/openapi.json; api/openapi/finance.json is the same
// file for the gateway to merge (a test keeps the two equal and checks
// that every route Routes mounts is in it).
func OpenAPI() []byte { return openapiDoc }

func serveOpenAPI(w http.ResponseWriter, _ *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	_, err := w.Write(openapiDoc)
	return err
}
