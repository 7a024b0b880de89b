package rules

import (
	"net/http"
	"strconv"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// Routes mounts the REST API under /api/v1/rules/ (api/openapi/rules.json).
// The GraphQL subgraph is in package graph, mounted beside it.
func (s *Service) Routes(mux *http.ServeMux) {
	const sets, one, versions, version = "/api/v1/rules/rulesets", "/api/v1/rules/rulesets/{key}",
		"/api/v1/rules/rulesets/{key}/versions", "/api/v1/rules/rulesets/{key}/versions/{number}"
	mux.HandleFunc("GET "+sets, s.handleListSets)
	mux.HandleFunc("POST "+sets, s.handleCreateSet)
	mux.HandleFunc("GET "+one, s.handleGetSet)
	mux.HandleFunc("PATCH "+one, s.handleUpdateSet)
	mux.HandleFunc("DELETE "+one, s.handleDeleteSet)
	mux.HandleFunc("POST "+versions, s.handleCreateDraft)
	mux.HandleFunc("GET "+version, s.handleGetVersion)
	mux.HandleFunc("PATCH "+version, s.handleUpdateDraft)
	mux.HandleFunc("DELETE "+version, s.handleDeleteDraft)
	mux.HandleFunc("POST "+version+"/publish", s.versionAction(s.Publish))
	mux.HandleFunc("POST "+version+"/retire", s.versionAction(s.Retire))
	mux.HandleFunc("POST /api/v1/rules/{key}/evaluate", s.handleEvaluate)
	mux.HandleFunc("POST /api/v1/rules/{key}/evaluate-batch", s.handleEvaluateBatch)
}

type createSetRequest struct {
	Key          string      `json:"key"`
	Name         string      `json:"name"`
	Description  string      `json:"description"`
	InputSchema  []fieldJSON `json:"inputSchema"`
	OutputSchema []fieldJSON `json:"outputSchema"`
}

type updateSetRequest struct {
	Name         *string     `json:"name"`
	Description  *string     `json:"description"`
	InputSchema  []fieldJSON `json:"inputSchema"`
	OutputSchema []fieldJSON `json:"outputSchema"`
}

func (s *Service) handleListSets(w http.ResponseWriter, r *http.Request) {
	limit := 50
	if l := r.URL.Query().Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 200 {
			httpx.WriteError(w, r, errs.Field("limit", "must be between 1 and 200"))
			return
		}
		limit = n
	}
	sets, next, err := s.RuleSets(r.Context(), r.URL.Query().Get("cursor"), limit)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	items := make([]RuleSetJSON, len(sets))
	for i, set := range sets {
		items[i] = toRuleSetJSON(set, nil)
	}
	var cursor *string
	if next != "" {
		cursor = &next
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items, "nextCursor": cursor})
}

func (s *Service) handleCreateSet(w http.ResponseWriter, r *http.Request) {
	var req createSetRequest
	if err := httpx.DecodeJSON(r, &req); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	set, err := s.CreateRuleSet(r.Context(), NewRuleSet{Key: req.Key, Name: req.Name, Description: req.Description,
		Input: fromFieldsJSON(req.InputSchema), Output: fromFieldsJSON(req.OutputSchema)})
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/rules/rulesets/"+set.Key)
	w.Header().Set("ETag", etag(set.Revision))
	httpx.WriteJSON(w, http.StatusCreated, toRuleSetJSON(set, nil))
}

func (s *Service) handleGetSet(w http.ResponseWriter, r *http.Request) {
	set, versions, err := s.RuleSet(r.Context(), r.PathValue("key"))
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(set.Revision))
	httpx.WriteJSON(w, http.StatusOK, toRuleSetJSON(set, versions))
}

func (s *Service) handleUpdateSet(w http.ResponseWriter, r *http.Request) {
	var req updateSetRequest
	rev, err := ifMatch(r.Header.Get("If-Match"))
	if err == nil {
		err = httpx.DecodeJSON(r, &req)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	set, err := s.UpdateRuleSet(r.Context(), r.PathValue("key"), rev, RuleSetPatch{Name: req.Name, Description: req.Description,
		Input: fromFieldsJSON(req.InputSchema), Output: fromFieldsJSON(req.OutputSchema)})
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(set.Revision))
	httpx.WriteJSON(w, http.StatusOK, toRuleSetJSON(set, nil))
}

func (s *Service) handleDeleteSet(w http.ResponseWriter, r *http.Request) {
	if err := s.DeleteRuleSet(r.Context(), r.PathValue("key")); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// number reads the {number} path segment.
func number(r *http.Request) (int, error) {
	n, err := strconv.Atoi(r.PathValue("number"))
	if err != nil || n < 1 {
		return 0, errs.Field("number", "must be a version number from 1")
	}
	return n, nil
}

func writeVersion(w http.ResponseWriter, status int, v Version) {
	w.Header().Set("ETag", etag(v.Revision))
	httpx.WriteJSON(w, status, toVersionJSON(v))
}

// decodeSpec reads a version's content from the body.
func decodeSpec(r *http.Request) (VersionSpec, error) {
	var req SpecJSON
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return VersionSpec{}, err
	}
	return req.toSpec()
}
