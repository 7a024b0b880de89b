package masterdata

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// APIPrefix is where the REST resources live.
const APIPrefix = "/api/v1/masterdata"

// maxLookup bounds the ids of one batch lookup.
const maxLookup = 500

// Routes mounts the REST API (DESIGN §11) on mux. The GraphQL subgraph is
// mounted by the composition root from package graph.
func (s *Service) Routes(mux *http.ServeMux) {
	mountREST(mux, s.Customers)
	mountREST(mux, s.Vendors)
	mountREST(mux, s.Products)
	mountREST(mux, s.Units)
	mux.HandleFunc("GET "+APIPrefix+"/units/builtin", func(w http.ResponseWriter, r *http.Request) {
		if err := authz.Require(r.Context(), PermUnitRead); err != nil {
			httpx.WriteError(w, r, err)
			return
		}
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": BuiltinUnits})
	})
	mux.HandleFunc("GET "+APIPrefix+"/divisions", func(w http.ResponseWriter, r *http.Request) {
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": Divisions()})
	})
	mux.HandleFunc("GET "+APIPrefix+"/imports/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err == nil {
			var job *ImportJob
			if job, err = s.ImportJob(r.Context(), id); err == nil {
				httpx.WriteJSON(w, http.StatusOK, job)
				return
			}
		}
		httpx.WriteError(w, r, err)
	})
	mux.HandleFunc("GET "+APIPrefix+"/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(OpenAPI())
	})
}

// mountREST mounts one resource's collection, item and action routes.
func mountREST[T Record](mux *http.ServeMux, res *Resource[T]) {
	h := &restHandlers[T]{res: res, base: APIPrefix + "/" + res.k.plural}
	mux.HandleFunc("POST "+h.base, h.create)
	mux.HandleFunc("GET "+h.base, h.list)
	mux.HandleFunc("POST "+h.base+"/lookup", h.lookup)
	mux.HandleFunc("POST "+h.base+"/import", h.importCSV)
	mux.HandleFunc("GET "+h.base+"/export", h.export)
	mux.HandleFunc("GET "+h.base+"/{id}", h.get)
	mux.HandleFunc("PATCH "+h.base+"/{id}", h.patch)
	mux.HandleFunc("POST "+h.base+"/{id}/archive", h.archive(true))
	mux.HandleFunc("POST "+h.base+"/{id}/restore", h.archive(false))
}

type restHandlers[T Record] struct {
	res  *Resource[T]
	base string
}

func (h *restHandlers[T]) create(w http.ResponseWriter, r *http.Request) {
	body, err := readJSONBody(r)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	rec, err := h.res.Decode(body)
	if err == nil {
		rec, err = h.res.Create(r.Context(), rec)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", h.base+"/"+rec.meta().ID.String())
	writeRecord(w, http.StatusCreated, rec)
}

func (h *restHandlers[T]) get(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	rec, err := h.res.Get(r.Context(), id)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	if match := r.Header.Get("If-None-Match"); match != "" && match == etag(rec.meta().Version) {
		w.Header().Set("ETag", match)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeRecord(w, http.StatusOK, rec)
}

func (h *restHandlers[T]) patch(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	version, err := ifMatch(r, true)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	body, err := readJSONBody(r)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	rec, err := h.res.Update(r.Context(), id, version, h.res.MergePatch(body))
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	writeRecord(w, http.StatusOK, rec)
}

func (h *restHandlers[T]) archive(archive bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err != nil {
			httpx.WriteError(w, r, err)
			return
		}
		version, err := ifMatch(r, false)
		if err != nil {
			httpx.WriteError(w, r, err)
			return
		}
		var rec T
		if archive {
			rec, err = h.res.Archive(r.Context(), id, version)
		} else {
			rec, err = h.res.Restore(r.Context(), id, version)
		}
		if err != nil {
			httpx.WriteError(w, r, err)
			return
		}
		writeRecord(w, http.StatusOK, rec)
	}
}

func writeRecord(w http.ResponseWriter, status int, rec Record) {
	w.Header().Set("ETag", etag(rec.meta().Version))
	httpx.WriteJSON(w, status, rec)
}

// etag is the strong entity tag of a version.
func etag(version int) string { return `"` + strconv.Itoa(version) + `"` }

// ifMatch reads the version of an If-Match header. A PATCH needs one; an
// action may go without (0).
func ifMatch(r *http.Request, required bool) (int, error) {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" {
		if required {
			return 0, errs.Field("If-Match", `header is required: the ETag of the version the change was made from, e.g. "3"`)
		}
		return 0, nil
	}
	v, err := strconv.Atoi(strings.Trim(strings.TrimPrefix(h, "W/"), `"`))
	if err != nil || v < 1 {
		return 0, errs.Field("If-Match", `must be an ETag this API returned, e.g. "3"`)
	}
	return v, nil
}

func pathID(r *http.Request) (uuid.UUID, error) {
	id, err := uuid.Parse(r.PathValue("id"))
	if err != nil {
		return uuid.Nil, errs.Field("id", "must be a UUID")
	}
	return id, nil
}

func readJSONBody(r *http.Request) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") &&
		!strings.HasPrefix(ct, "application/merge-patch+json") {
		return nil, errs.Field("body", "content type must be application/json, not %q", ct)
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, errs.Field("body", "cannot be read")
	}
	return b, nil
}
