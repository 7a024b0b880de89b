package api

import (
	"embed"
	"strings"
)

//go:embed openapi/*.json
var openapi embed.FS

// OpenAPI returns each service's committed OpenAPI 3.1 document
// (openapi/<service>.json) by service name, for the gateway to merge.
func OpenAPI() map[string][]byte {
	entries, _ := openapi.ReadDir("openapi") // a literal directory go:embed guarantees
	out := make(map[string][]byte, len(entries))
	for _, e := range entries {
		b, _ := openapi.ReadFile("openapi/" + e.Name())
		out[strings.TrimSuffix(e.Name(), ".json")] = b
	}
	return out
}
