package masterdata_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/api"
	"github.com/vextrus/vextrus/internal/masterdata"
)

func TestOpenAPIDocument(t *testing.T) {
	doc := masterdata.OpenAPI()
	if !bytes.Equal(doc, api.OpenAPI()["masterdata"]) {
		t.Fatal("api/openapi/masterdata.json differs from internal/masterdata/openapi.json; copy one over the other")
	}
	var d struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(doc, &d); err != nil || d.OpenAPI != "3.1.0" {
		t.Fatalf("not an OpenAPI 3.1 document: %v", err)
	}
	// Every route the service mounts is documented.
	src, err := os.ReadFile("http.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, plural := range []string{"customers", "vendors", "products", "units"} {
		for _, suffix := range []string{"", "/{id}", "/{id}/archive", "/{id}/restore", "/lookup", "/import", "/export"} {
			if _, ok := d.Paths["/api/v1/masterdata/"+plural+suffix]; !ok {
				t.Errorf("%s%s is not documented", plural, suffix)
			}
		}
	}
	for _, p := range []string{"/imports/{id}", "/units/builtin", "/divisions"} {
		if !strings.Contains(string(src), `"`+p) && !strings.Contains(string(src), p+`"`) {
			t.Errorf("%s is documented but not mounted", p)
		}
		if _, ok := d.Paths["/api/v1/masterdata"+p]; !ok {
			t.Errorf("%s is not documented", p)
		}
	}
}
