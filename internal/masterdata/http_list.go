package masterdata

import (
	"net/http"
	"strconv"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// listQuery reads the list parameters: limit, cursor, q, status, kind (or
// type), tag, archived, and the kind's own filters; anything else is
// INVALID_ARGUMENT.
func listQuery(r *http.Request) (ListQuery, error) {
	var q ListQuery
	var c errs.Collector
	for name, vals := range r.URL.Query() {
		v := vals[0]
		switch name {
		case "limit":
			n, err := strconv.Atoi(v)
			c.Check(err == nil, "limit", "must be a number between 1 and %d", maxLimit)
			q.Limit = n
		case "cursor":
			q.Cursor = v
		case "q":
			q.Search = v
		case "status":
			q.Status = v
		case "kind", "type", "dimension":
			q.Kind = v
		case "tag":
			q.Tag = v
		case "archived":
			q.Archived = v
		default:
			if q.Filters == nil {
				q.Filters = map[string]string{}
			}
			q.Filters[name] = v
		}
	}
	return q, c.Err()
}

func (h *restHandlers[T]) list(w http.ResponseWriter, r *http.Request) {
	q, err := listQuery(r)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	page, err := h.res.List(r.Context(), q)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, page)
}

// lookup answers {"ids": [...]} with the records found, in the order
// asked; unknown ids (and other tenants') are left out.
func (h *restHandlers[T]) lookup(w http.ResponseWriter, r *http.Request) {
	var req struct {
		IDs []string `json:"ids"`
	}
	if err := httpx.DecodeJSON(r, &req); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	if len(req.IDs) > maxLookup {
		httpx.WriteError(w, r, errs.Field("ids", "must be at most %d", maxLookup))
		return
	}
	ids := make([]uuid.UUID, len(req.IDs))
	for i, s := range req.IDs {
		id, err := uuid.Parse(s)
		if err != nil {
			httpx.WriteError(w, r, errs.Field("ids["+strconv.Itoa(i)+"]", "must be a UUID"))
			return
		}
		ids[i] = id
	}
	recs, err := h.res.GetMany(r.Context(), ids)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	items := make([]T, 0, len(recs))
	for _, rec := range recs {
		if !isNil(rec) {
			items = append(items, rec)
		}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items})
}

// importCSV takes a text/csv body. ?wait=true answers 200 with the
// finished job; otherwise 202 with the running job and its Location.
func (h *restHandlers[T]) importCSV(w http.ResponseWriter, r *http.Request) {
	wait := r.URL.Query().Get("wait") == "true"
	job, err := h.res.Import(r.Context(), r.Body, wait)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", APIPrefix+"/imports/"+job.ID.String())
	status := http.StatusAccepted
	if wait {
		status = http.StatusOK
	}
	httpx.WriteJSON(w, status, job)
}

// export answers text/csv of every record the list parameters select.
func (h *restHandlers[T]) export(w http.ResponseWriter, r *http.Request) {
	q, err := listQuery(r)
	if err == nil {
		// Validate the filters before the first byte goes out.
		q.Limit = 1
		_, err = h.res.List(r.Context(), q)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+h.res.k.plural+`.csv"`)
	if err := h.res.Export(r.Context(), w, q); err != nil {
		// Headers are gone; the cut-short body is all that can tell.
		h.res.s.log.ErrorContext(r.Context(), "export failed", "err", err)
	}
}

// isNil reports whether rec is the nil record GetMany puts for an unknown
// id.
func isNil[T Record](rec T) bool { return any(rec) == any(*new(T)) }
