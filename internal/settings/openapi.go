package settings

import (
	_ "embed"
)

//go:embed openapi.json
var openapiDoc []byte

// OpenAPI returns the OpenAPI 3.1 document of the REST API, served at
// /api/v1/settings/openapi.json; api/openapi/settings.json is the same
// file for the gateway to merge (a test keeps the two equal).
func OpenAPI() []byte { return openapiDoc }
