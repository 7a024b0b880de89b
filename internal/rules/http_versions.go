package rules

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

func (s *Service) handleCreateDraft(w http.ResponseWriter, r *http.Request) error {
	spec, err := decodeSpec(r)
	if err != nil {
		return err
	}
	v, err := s.CreateDraft(r.Context(), r.PathValue("key"), spec)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/rules/rulesets/"+v.SetKey+"/versions/"+itoa(v.Number))
	writeVersion(w, http.StatusCreated, v)
	return nil
}

func (s *Service) handleGetVersion(w http.ResponseWriter, r *http.Request) error {
	n, err := number(r)
	if err != nil {
		return err
	}
	v, err := s.Version(r.Context(), r.PathValue("key"), n)
	if err != nil {
		return err
	}
	writeVersion(w, http.StatusOK, v)
	return nil
}

// versionPrecondition reads the {number} of the version and the revision
// If-Match names (required when required is true).
func (s *Service) versionPrecondition(r *http.Request, required bool) (n, rev int, cond httpx.Precondition, err error) {
	if n, err = number(r); err != nil {
		return 0, 0, cond, err
	}
	cond = httpx.IfMatch(r)
	if required {
		if err := cond.Required(); err != nil {
			return 0, 0, cond, err
		}
	}
	rev, err = cond.Version(func() (int, error) {
		v, err := s.Version(r.Context(), r.PathValue("key"), n)
		return v.Revision, err
	})
	return n, rev, cond, err
}

// handleUpdateDraft replaces the content of the draft revision If-Match
// names, which it requires.
func (s *Service) handleUpdateDraft(w http.ResponseWriter, r *http.Request) error {
	n, rev, cond, err := s.versionPrecondition(r, true)
	if err != nil {
		return err
	}
	spec, err := decodeSpec(r)
	if err != nil {
		return err
	}
	v, err := s.UpdateDraft(r.Context(), r.PathValue("key"), n, rev, spec)
	if err != nil {
		return cond.Err(err)
	}
	writeVersion(w, http.StatusOK, v)
	return nil
}

// handleDeleteDraft deletes a draft; an If-Match, when sent, must name its
// current revision.
func (s *Service) handleDeleteDraft(w http.ResponseWriter, r *http.Request) error {
	n, rev, cond, err := s.versionPrecondition(r, false)
	if err != nil {
		return err
	}
	if err := s.DeleteDraft(r.Context(), r.PathValue("key"), n, rev); err != nil {
		return cond.Err(err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// versionAction serves publish and retire: no body; an If-Match, when
// sent, must name the current revision.
func (s *Service) versionAction(act func(ctx context.Context, key string, number, expectedRevision int) (Version, error)) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		n, rev, cond, err := s.versionPrecondition(r, false)
		if err != nil {
			return err
		}
		v, err := act(r.Context(), r.PathValue("key"), n, rev)
		if err != nil {
			return cond.Err(err)
		}
		writeVersion(w, http.StatusOK, v)
		return nil
	}
}

type evaluateRequest struct {
	Input json.RawMessage `json:"input"`
	At    string          `json:"at"`
}

// toRequest decodes the input keeping numbers exact and reads the date.
func (e evaluateRequest) toRequest(prefix string) (Request, error) {
	c := &errs.Collector{}
	in, err := DecodeInput(e.Input)
	c.Merge(prefix, err)
	var day time.Time
	if e.At != "" {
		day, err = ParseDate(e.At)
		at := "at"
		if prefix != "" {
			at = prefix + ".at"
		}
		c.Check(err == nil, at, "must be a date YYYY-MM-DD")
	}
	return Request{Input: in, At: day}, c.Err()
}

func (s *Service) handleEvaluate(w http.ResponseWriter, r *http.Request) error {
	var body evaluateRequest
	if err := httpx.DecodeJSON(r, &body); err != nil {
		return err
	}
	req, err := body.toRequest("")
	if err != nil {
		return err
	}
	res, err := s.Evaluate(r.Context(), r.PathValue("key"), req)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, toResultJSON(res))
	return nil
}

type batchItemJSON struct {
	*ResultJSON
	Error *httpx.Problem `json:"error,omitempty"`
}

func (s *Service) handleEvaluateBatch(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Requests []evaluateRequest `json:"requests"`
	}
	if err := httpx.DecodeJSON(r, &body); err != nil {
		return err
	}
	reqs := make([]Request, len(body.Requests))
	c := &errs.Collector{}
	for i, e := range body.Requests {
		req, err := e.toRequest("requests[" + itoa(i) + "]")
		c.Merge("", err)
		reqs[i] = req
	}
	if err := c.Err(); err != nil {
		return err
	}
	results, err := s.EvaluateBatch(r.Context(), r.PathValue("key"), reqs)
	if err != nil {
		return err
	}
	items := make([]batchItemJSON, len(results))
	for i, res := range results {
		if res.Err != nil {
			p := httpx.ToProblem(res.Err, "")
			items[i].Error = &p
			continue
		}
		rj := toResultJSON(res.Result)
		items[i].ResultJSON = &rj
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}
