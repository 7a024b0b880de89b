package auth_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/auth"
)

func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	committed, err := os.ReadFile(filepath.Join("..", "..", "api", "openapi", "auth.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(committed, auth.OpenAPI) {
		t.Fatal("api/openapi/auth.json differs from internal/auth/openapi.json; copy one onto the other")
	}
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(auth.OpenAPI, &doc); err != nil || doc.OpenAPI != "3.1.0" {
		t.Fatalf("not an OpenAPI 3.1 document: %v", err)
	}
	// Every route Routes mounts (read from its source) is documented.
	src, _ := os.ReadFile("http.go")
	routes := regexp.MustCompile(`"(GET|POST|PUT|DELETE|PATCH) " \+ (Base \+ )?"([^"]+)"`).FindAllStringSubmatch(string(src), -1)
	if len(routes) < 25 {
		t.Fatalf("found only %d routes in http.go; has its style changed?", len(routes))
	}
	for _, m := range routes {
		path := m[3]
		if m[2] != "" {
			path = auth.Base + path
		}
		if _, ok := doc.Paths[path][strings.ToLower(m[1])]; !ok {
			t.Errorf("%s %s is not in the OpenAPI document", m[1], path)
		}
	}
}
