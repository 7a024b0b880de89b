package audit

import (
	_ "embed"
)

//go:embed openapi.json
var openapiDoc []byte

// OpenAPI returns the OpenAPI 3.1 document of the REST API;
// api/openapi/audit.json is the same file for the gateway to merge and
// route by (a test keeps the two equal and checks that every route
// Routes mounts is in it, and only those).
func OpenAPI() []byte { return openapiDoc }
