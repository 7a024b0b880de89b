package gateway

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// mergeOpenAPI joins the services' OpenAPI 3.1 documents into one. Paths
// already carry their service prefix; components are renamed
// `<service>.<Name>` (and every $ref with them) so two services may both
// have a `Problem` without clashing; an operation without its own
// security gets its document's default, and its service as a tag.
func mergeOpenAPI(docs map[string][]byte) ([]byte, error) {
	out := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Vextrus API", "version": "v1",
			"description": "Every service's REST API behind the gateway. Send `Authorization: Bearer <accessToken>` from POST /api/v1/auth/login."},
		"security": []any{map[string]any{"bearer": []any{}}, map[string]any{"apiKey": []any{}}},
	}
	paths := map[string]any{}
	comps := map[string]map[string]any{}
	names := make([]string, 0, len(docs))
	for n := range docs {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, svc := range names {
		var doc map[string]any
		if err := json.Unmarshal(docs[svc], &doc); err != nil {
			return nil, fmt.Errorf("openapi of %s: %w", svc, err)
		}
		doc = renameRefs(doc, svc).(map[string]any)
		security := doc["security"]
		if c, ok := doc["components"].(map[string]any); ok {
			for kind, v := range c {
				m, _ := v.(map[string]any)
				if comps[kind] == nil {
					comps[kind] = map[string]any{}
				}
				for name, def := range m {
					if kind == "securitySchemes" {
						comps[kind][name] = def // shared by every service
					} else {
						comps[kind][svc+"."+name] = def
					}
				}
			}
		}
		p, _ := doc["paths"].(map[string]any)
		for path, item := range p {
			ops, _ := item.(map[string]any)
			for _, op := range ops {
				if o, ok := op.(map[string]any); ok {
					if _, has := o["security"]; !has && security != nil {
						o["security"] = security
					}
					if _, has := o["tags"]; !has {
						o["tags"] = []any{svc}
					}
				}
			}
			paths[path] = item
		}
	}
	out["paths"] = paths
	out["components"] = comps
	return json.MarshalIndent(out, "", "  ")
}

// renameRefs rewrites `#/components/<kind>/<Name>` to the merged name.
func renameRefs(v any, svc string) any {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if s, ok := val.(string); ok && k == "$ref" && strings.HasPrefix(s, "#/components/") {
				parts := strings.SplitN(strings.TrimPrefix(s, "#/components/"), "/", 2)
				if len(parts) == 2 && parts[0] != "securitySchemes" {
					x[k] = "#/components/" + parts[0] + "/" + svc + "." + parts[1]
				}
				continue
			}
			x[k] = renameRefs(val, svc)
		}
	case []any:
		for i := range x {
			x[i] = renameRefs(x[i], svc)
		}
	}
	return v
}

func (g *Gateway) serveOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(g.openapi)
}
