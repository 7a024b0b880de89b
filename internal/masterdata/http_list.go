package masterdata

import (
	"maps"
	"net/http"
	"strconv"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// boolFilters are the kinds' own filters that take true or false.
var boolFilters = []string{"blacklisted"}

// listQuery reads the list parameters: limit, cursor, q, status, kind (or
// type, dimension), tag, archived, sort, and the kind's own filters, which the
// list checks. Every bad value is INVALID_ARGUMENT naming its parameter.
func listQuery(r *http.Request) (ListQuery, error) {
	q := httpx.ReadQuery(r)
	lq := ListQuery{Limit: q.Limit(0, maxLimit), Cursor: q.Cursor(), Search: q.String("q"), Status: q.String("status"),
		Tag: q.String("tag"), Sort: q.String("sort"), Archived: q.Enum("archived", "false", "false", "true", "any")}
	for _, name := range []string{"kind", "type", "dimension"} {
		if v := q.String(name); v != "" {
			lq.Kind = v
		}
	}
	for _, name := range boolFilters {
		if b := q.Bool(name); b != nil {
			lq.Filters = map[string]string{name: strconv.FormatBool(*b)}
		}
	}
	if rest := q.Rest(); len(rest) > 0 {
		if lq.Filters == nil {
			lq.Filters = map[string]string{}
		}
		maps.Copy(lq.Filters, rest)
	}
	return lq, q.Err()
}

func (h *restHandlers[T]) list(w http.ResponseWriter, r *http.Request) error {
	q, err := listQuery(r)
	if err != nil {
		return err
	}
	page, err := h.res.List(r.Context(), q)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, page)
	return nil
}

// lookup answers {"ids": [...]} with the records found, in the order
// asked; unknown ids (and other tenants') are left out.
func (h *restHandlers[T]) lookup(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		IDs []string `json:"ids"`
	}
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	if len(req.IDs) > maxLookup {
		return errs.Field("ids", "must be at most %d", maxLookup)
	}
	ids := make([]uuid.UUID, len(req.IDs))
	for i, s := range req.IDs {
		id, err := uuid.Parse(s)
		if err != nil {
			return errs.Field("ids["+strconv.Itoa(i)+"]", "must be a UUID")
		}
		ids[i] = id
	}
	recs, err := h.res.GetMany(r.Context(), ids)
	if err != nil {
		return err
	}
	items := make([]T, 0, len(recs))
	for _, rec := range recs {
		if !isNil(rec) {
			items = append(items, rec)
		}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

// importCSV takes a text/csv body. ?wait=true answers 200 with the
// finished job; otherwise 202 with the running job and its Location.
func (h *restHandlers[T]) importCSV(w http.ResponseWriter, r *http.Request) error {
	q := httpx.ReadQuery(r)
	wait := q.Bool("wait")
	if err := q.Err(); err != nil {
		return err
	}
	job, err := h.res.Import(r.Context(), r.Body, wait != nil && *wait)
	if err != nil {
		return err
	}
	w.Header().Set("Location", APIPrefix+"/imports/"+job.ID.String())
	status := http.StatusAccepted
	if wait != nil && *wait {
		status = http.StatusOK
	}
	httpx.WriteJSON(w, status, job)
	return nil
}

// export answers text/csv of every record the list parameters select.
func (h *restHandlers[T]) export(w http.ResponseWriter, r *http.Request) error {
	q, err := listQuery(r)
	if err != nil {
		return err
	}
	// Validate the filters before the first byte goes out.
	q.Limit = 1
	if _, err := h.res.List(r.Context(), q); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+h.res.k.plural+`.csv"`)
	if err := h.res.Export(r.Context(), w, q); err != nil {
		// Headers are gone; the cut-short body is all that can tell.
		h.res.s.log.ErrorContext(r.Context(), "export failed", "err", err)
	}
	return nil
}

// isNil reports whether rec is the nil record GetMany puts for an unknown
// id.
func isNil[T Record](rec T) bool { return any(rec) == any(*new(T)) }
