package documents

import (
	_ "embed"
)

//go:embed openapi.json
var openapiDoc []byte

// OpenAPI returns the OpenAPI 3.1 document of the REST API;
// api/openapi/documents.json is the same file for the gateway to merge
// (a test keeps the two equal and checks every route is in it).
func OpenAPI() []byte { return openapiDoc }
