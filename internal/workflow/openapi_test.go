package workflow_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/vextrus/vextrus/internal/workflow"
)

// The served document and the committed contract must not drift apart.
func TestOpenAPIMatchesCommittedContract(t *testing.T) {
	committed, err := os.ReadFile(filepath.Join("..", "..", "api", "openapi", "workflow.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(committed, workflow.OpenAPI) {
		t.Fatal("api/openapi/workflow.json differs from internal/workflow/openapi.json; copy one over the other")
	}
	var doc struct {
		Paths map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(workflow.OpenAPI, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	for _, p := range []string{"/api/v1/workflow/approvals", "/api/v1/workflow/approvals/{id}/approve", "/api/v1/workflow/inbox"} {
		if doc.Paths[p] == nil {
			t.Errorf("path %s is not documented", p)
		}
	}
}
