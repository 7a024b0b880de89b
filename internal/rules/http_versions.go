package rules

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

func (s *Service) handleCreateDraft(w http.ResponseWriter, r *http.Request) {
	spec, err := decodeSpec(r)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	v, err := s.CreateDraft(r.Context(), r.PathValue("key"), spec)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/rules/rulesets/"+v.SetKey+"/versions/"+itoa(v.Number))
	writeVersion(w, http.StatusCreated, v)
}

func (s *Service) handleGetVersion(w http.ResponseWriter, r *http.Request) {
	n, err := number(r)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	v, err := s.Version(r.Context(), r.PathValue("key"), n)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	writeVersion(w, http.StatusOK, v)
}

func (s *Service) handleUpdateDraft(w http.ResponseWriter, r *http.Request) {
	n, err := number(r)
	var rev int
	if err == nil {
		rev, err = ifMatch(r.Header.Get("If-Match"))
	}
	var spec VersionSpec
	if err == nil {
		spec, err = decodeSpec(r)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	v, err := s.UpdateDraft(r.Context(), r.PathValue("key"), n, rev, spec)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	writeVersion(w, http.StatusOK, v)
}

func (s *Service) handleDeleteDraft(w http.ResponseWriter, r *http.Request) {
	n, err := number(r)
	var rev int
	if err == nil {
		rev, err = ifMatch(r.Header.Get("If-Match"))
	}
	if err == nil {
		err = s.DeleteDraft(r.Context(), r.PathValue("key"), n, rev)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// versionAction serves publish and retire: no body, optional If-Match.
func (s *Service) versionAction(act func(ctx context.Context, key string, number, expectedRevision int) (Version, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n, err := number(r)
		var rev int
		if err == nil {
			rev, err = ifMatch(r.Header.Get("If-Match"))
		}
		var v Version
		if err == nil {
			v, err = act(r.Context(), r.PathValue("key"), n, rev)
		}
		if err != nil {
			httpx.WriteError(w, r, err)
			return
		}
		writeVersion(w, http.StatusOK, v)
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

func (s *Service) handleEvaluate(w http.ResponseWriter, r *http.Request) {
	var body evaluateRequest
	if err := httpx.DecodeJSON(r, &body); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	req, err := body.toRequest("")
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	res, err := s.Evaluate(r.Context(), r.PathValue("key"), req)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, toResultJSON(res))
}

type batchItemJSON struct {
	*ResultJSON
	Error *httpx.Problem `json:"error,omitempty"`
}

func (s *Service) handleEvaluateBatch(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Requests []evaluateRequest `json:"requests"`
	}
	if err := httpx.DecodeJSON(r, &body); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	reqs := make([]Request, len(body.Requests))
	c := &errs.Collector{}
	for i, e := range body.Requests {
		req, err := e.toRequest("requests[" + itoa(i) + "]")
		c.Merge("", err)
		reqs[i] = req
	}
	if err := c.Err(); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	results, err := s.EvaluateBatch(r.Context(), r.PathValue("key"), reqs)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
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
}
