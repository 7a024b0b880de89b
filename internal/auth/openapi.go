package auth

import _ "embed"

// OpenAPI is the OpenAPI 3.1 document of the REST API, served at
// /api/v1/auth/openapi.json; api/openapi/auth.json is the same file for
// the gateway to merge (a test keeps the two equal).
//
//go:embed openapi.json
var OpenAPI []byte
