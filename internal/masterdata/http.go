package masterdata

import (
	"net/http"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
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
	mux.Handle("GET "+APIPrefix+"/units/builtin", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		if err := authz.Require(r.Context(), PermUnitRead); err != nil {
			return err
		}
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": BuiltinUnits})
		return nil
	}))
	mux.HandleFunc("GET "+APIPrefix+"/divisions", func(w http.ResponseWriter, r *http.Request) {
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": Divisions()})
	})
	mux.Handle("GET "+APIPrefix+"/imports/{id}", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		id, err := httpx.PathID(r, "id")
		if err != nil {
			return err
		}
		job, err := s.ImportJob(r.Context(), id)
		if err != nil {
			return err
		}
		httpx.WriteJSON(w, http.StatusOK, job)
		return nil
	}))
	mux.Handle("GET "+APIPrefix+"/openapi.json", httpx.Document(openapiDoc))
}

// mountREST mounts one resource's collection, item and action routes.
func mountREST[T Record](mux *http.ServeMux, res *Resource[T]) {
	h := &restHandlers[T]{res: res, base: APIPrefix + "/" + res.k.plural}
	routes := map[string]httpx.HandlerFunc{
		"POST " + h.base:                   h.create,
		"GET " + h.base:                    h.list,
		"POST " + h.base + "/lookup":       h.lookup,
		"POST " + h.base + "/import":       h.importCSV,
		"GET " + h.base + "/export":        h.export,
		"GET " + h.base + "/{id}":          h.get,
		"PATCH " + h.base + "/{id}":        h.patch,
		"POST " + h.base + "/{id}/archive": h.archive(true),
		"POST " + h.base + "/{id}/restore": h.archive(false),
	}
	for pattern, fn := range routes {
		mux.Handle(pattern, fn)
	}
}

type restHandlers[T Record] struct {
	res  *Resource[T]
	base string
}

func (h *restHandlers[T]) create(w http.ResponseWriter, r *http.Request) error {
	body, err := httpx.ReadBody(r, httpx.JSONContentType)
	if err != nil {
		return err
	}
	rec, err := h.res.Decode(body)
	if err != nil {
		return err
	}
	if rec, err = h.res.Create(r.Context(), rec); err != nil {
		return err
	}
	w.Header().Set("Location", h.base+"/"+rec.meta().ID.String())
	writeRecord(w, http.StatusCreated, rec)
	return nil
}

func (h *restHandlers[T]) get(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	rec, err := h.res.Get(r.Context(), id)
	if err != nil {
		return err
	}
	if !httpx.NotModified(w, r, rec.meta().Version) {
		writeRecord(w, http.StatusOK, rec)
	}
	return nil
}

// patch applies an RFC 7386 merge patch (application/merge-patch+json,
// or application/json read the same way) to the version If-Match names,
// which it requires.
func (h *restHandlers[T]) patch(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	cond := httpx.IfMatch(r)
	if err := cond.Required(); err != nil {
		return err
	}
	version, err := cond.Version(h.currentVersion(r, id))
	if err != nil {
		return err
	}
	body, err := httpx.ReadBody(r, httpx.MergePatchContentType, httpx.JSONContentType)
	if err != nil {
		return err
	}
	rec, err := h.res.Update(r.Context(), id, version, h.res.MergePatch(body))
	if err != nil {
		return cond.Err(err)
	}
	writeRecord(w, http.StatusOK, rec)
	return nil
}

// archive serves archive and restore: an If-Match, when sent, must name
// the current version.
func (h *restHandlers[T]) archive(archive bool) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := httpx.PathID(r, "id")
		if err != nil {
			return err
		}
		cond := httpx.IfMatch(r)
		version, err := cond.Version(h.currentVersion(r, id))
		if err != nil {
			return err
		}
		var rec T
		if archive {
			rec, err = h.res.Archive(r.Context(), id, version)
		} else {
			rec, err = h.res.Restore(r.Context(), id, version)
		}
		if err != nil {
			return cond.Err(err)
		}
		writeRecord(w, http.StatusOK, rec)
		return nil
	}
}

// currentVersion reads the version of the record, for an If-Match that
// lists several ETags.
func (h *restHandlers[T]) currentVersion(r *http.Request, id uuid.UUID) func() (int, error) {
	return func() (int, error) {
		rec, err := h.res.Get(r.Context(), id)
		if err != nil {
			return 0, err
		}
		return rec.meta().Version, nil
	}
}

func writeRecord(w http.ResponseWriter, status int, rec Record) {
	httpx.SetETag(w, rec.meta().Version)
	httpx.WriteJSON(w, status, rec)
}
