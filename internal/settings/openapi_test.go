package settings_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/vextrus/vextrus/api"
	"github.com/vextrus/vextrus/internal/settings"
)

// The served document and the committed contract must not drift apart,
// and every route is documented.
func TestOpenAPIMatchesTheCommittedContract(t *testing.T) {
	if !bytes.Equal(settings.OpenAPI(), api.OpenAPI()["settings"]) {
		t.Fatal("api/openapi/settings.json differs from internal/settings/openapi.json; copy one over the other")
	}
	var d struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(settings.OpenAPI(), &d); err != nil || d.OpenAPI != "3.1.0" {
		t.Fatalf("not an OpenAPI 3.1 document: %v", err)
	}
	for path, methods := range map[string][]string{
		"/api/v1/settings/tenant":              {"get", "put"},
		"/api/v1/settings/flags":               {"get"},
		"/api/v1/settings/flags/{key}":         {"get", "put"},
		"/api/v1/settings/flags/{key}/enabled": {"get"},
	} {
		for _, m := range methods {
			if d.Paths[path][m] == nil {
				t.Errorf("%s %s is not documented", m, path)
			}
		}
	}
}
