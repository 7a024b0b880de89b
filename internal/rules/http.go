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
	routes := map[string]httpx.HandlerFunc{
		"GET " + sets:                             s.handleListSets,
		"POST " + sets:                            s.handleCreateSet,
		"GET " + one:                              s.handleGetSet,
		"PATCH " + one:                            s.handleUpdateSet,
		"DELETE " + one:                           s.handleDeleteSet,
		"POST " + versions:                        s.handleCreateDraft,
		"GET " + version:                          s.handleGetVersion,
		"PATCH " + version:                        s.handleUpdateDraft,
		"DELETE " + version:                       s.handleDeleteDraft,
		"POST " + version + "/publish":            s.versionAction(s.Publish),
		"POST " + version + "/retire":             s.versionAction(s.Retire),
		"POST /api/v1/rules/{key}/evaluate":       s.handleEvaluate,
		"POST /api/v1/rules/{key}/evaluate-batch": s.handleEvaluateBatch,
	}
	for pattern, fn := range routes {
		mux.Handle(pattern, fn)
	}
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

func (s *Service) handleListSets(w http.ResponseWriter, r *http.Request) error {
	q := httpx.ReadQuery(r)
	limit, cursor := q.Limit(50, 200), q.Cursor()
	if err := q.Err(); err != nil {
		return err
	}
	sets, next, err := s.RuleSets(r.Context(), cursor, limit)
	if err != nil {
		return err
	}
	toJSON := func(set RuleSet) RuleSetJSON { return toRuleSetJSON(set, nil) }
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(sets, toJSON, next))
	return nil
}

func (s *Service) handleCreateSet(w http.ResponseWriter, r *http.Request) error {
	var req createSetRequest
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	set, err := s.CreateRuleSet(r.Context(), NewRuleSet{Key: req.Key, Name: req.Name, Description: req.Description,
		Input: fromFieldsJSON(req.InputSchema), Output: fromFieldsJSON(req.OutputSchema)})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/rules/rulesets/"+set.Key)
	httpx.SetETag(w, set.Revision)
	httpx.WriteJSON(w, http.StatusCreated, toRuleSetJSON(set, nil))
	return nil
}

func (s *Service) handleGetSet(w http.ResponseWriter, r *http.Request) error {
	set, versions, err := s.RuleSet(r.Context(), r.PathValue("key"))
	if err != nil {
		return err
	}
	httpx.SetETag(w, set.Revision)
	httpx.WriteJSON(w, http.StatusOK, toRuleSetJSON(set, versions))
	return nil
}

// handleUpdateSet changes the revision of the set If-Match names, which
// it requires.
func (s *Service) handleUpdateSet(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("key")
	cond := httpx.IfMatch(r)
	if err := cond.Required(); err != nil {
		return err
	}
	rev, err := cond.Version(func() (int, error) {
		set, _, err := s.RuleSet(r.Context(), key)
		return set.Revision, err
	})
	if err != nil {
		return err
	}
	var req updateSetRequest
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	set, err := s.UpdateRuleSet(r.Context(), key, rev, RuleSetPatch{Name: req.Name, Description: req.Description,
		Input: fromFieldsJSON(req.InputSchema), Output: fromFieldsJSON(req.OutputSchema)})
	if err != nil {
		return cond.Err(err)
	}
	httpx.SetETag(w, set.Revision)
	httpx.WriteJSON(w, http.StatusOK, toRuleSetJSON(set, nil))
	return nil
}

func (s *Service) handleDeleteSet(w http.ResponseWriter, r *http.Request) error {
	if err := s.DeleteRuleSet(r.Context(), r.PathValue("key")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
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
	httpx.SetETag(w, v.Revision)
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
