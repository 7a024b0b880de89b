package files

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// Base is the prefix of the REST API (api/openapi/files.json).
const Base = "/api/v1/files"

// Routes mounts the REST API under /api/v1/files/.
func (s *Service) Routes(mux *http.ServeMux) {
	routes := s.fileRoutes()
	routes["GET "+Base+"/openapi.json"] = httpx.Document(openapiDoc)
	for pattern, fn := range routes {
		mux.Handle(pattern, fn)
	}
}

// UploadPattern is the route of uploads, whose bodies may be larger than
// the server's general limit (http.max_body_bytes): up to files.max_size.
const UploadPattern = "POST " + Base

// fileRoutes are the REST routes of files. Uploads take the raw bytes as
// the body with the file's media type as Content-Type.
func (s *Service) fileRoutes() map[string]httpx.HandlerFunc {
	const one = Base + "/{id}"
	return map[string]httpx.HandlerFunc{
		UploadPattern:             s.handleUpload,
		"GET " + Base:             s.handleList,
		"GET " + one:              s.handleGet,
		"GET " + one + "/content": s.handleContent,
		"POST " + one + "/link":   s.handleLink,
		"DELETE " + one:           s.handleDelete,
	}
}

// OwnerJSON is what a file is attached to.
type OwnerJSON struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// FileJSON is a file as REST answers it (filesclient.File reads it).
type FileJSON struct {
	ID          uuid.UUID `json:"id"`
	Name        string    `json:"name"`
	ContentType string    `json:"contentType"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	// Owner is null for a file attached to nothing.
	Owner     *OwnerJSON `json:"owner"`
	CreatedAt time.Time  `json:"createdAt"`
	CreatedBy string     `json:"createdBy"`
}

// ToFileJSON converts f.
func ToFileJSON(f File) FileJSON {
	out := FileJSON{ID: f.ID, Name: f.Name, ContentType: f.ContentType, Size: f.Size, SHA256: f.SHA256,
		CreatedAt: f.CreatedAt, CreatedBy: f.CreatedBy}
	if !f.Owner.IsZero() {
		out.Owner = &OwnerJSON{Type: f.Owner.Type, ID: f.Owner.ID.String()}
	}
	return out
}

// LinkJSON is a presigned download link.
type LinkJSON struct {
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expiresAt"`
}

func (s *Service) handleUpload(w http.ResponseWriter, r *http.Request) error {
	// Refuse early, before reading what may be megabytes.
	if err := authz.Require(r.Context(), PermWrite); err != nil {
		return err
	}
	q := httpx.ReadQuery(r)
	name, ownerType, ownerID := q.String("name"), q.String("ownerType"), q.String("ownerId")
	if err := q.Err(); err != nil {
		return err
	}
	owner, err := ParseOwner(ownerType, ownerID)
	if err != nil {
		return err
	}
	if r.ContentLength > s.cfg.MaxSize {
		return TooLarge(s.cfg.MaxSize)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, s.cfg.MaxSize+1))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return TooLarge(min(tooBig.Limit, s.cfg.MaxSize))
	case err != nil:
		return errs.Field("body", "could not be read")
	case int64(len(body)) > s.cfg.MaxSize:
		return TooLarge(s.cfg.MaxSize)
	}
	f, err := s.Store(r.Context(), Upload{Name: name, ContentType: r.Header.Get("Content-Type"), Body: body, Owner: owner})
	if err != nil {
		return err
	}
	w.Header().Set("Location", Base+"/"+f.ID.String())
	httpx.WriteJSON(w, http.StatusCreated, ToFileJSON(f))
	return nil
}

func (s *Service) handleList(w http.ResponseWriter, r *http.Request) error {
	q := httpx.ReadQuery(r)
	f := Filter{Limit: q.Limit(50, 200), Cursor: q.Cursor()}
	ownerType, ownerID := q.String("ownerType"), q.String("ownerId")
	if err := q.Err(); err != nil {
		return err
	}
	var err error
	if f.Owner, err = ParseOwner(ownerType, ownerID); err != nil {
		return err
	}
	list, next, err := s.List(r.Context(), f)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(list, ToFileJSON, next))
	return nil
}

func (s *Service) handleGet(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.Get(r.Context(), id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, ToFileJSON(f))
	return nil
}

// handleContent streams the file. It is served as an attachment in a
// sandbox, never rendered as the service's own page.
func (s *Service) handleContent(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	f, body, err := s.Open(r.Context(), id)
	if err != nil {
		return err
	}
	defer body.Close()
	ct := f.ContentType
	if strings.HasPrefix(ct, "text/") {
		ct += "; charset=utf-8"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Length", strconv.FormatInt(f.Size, 10))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "private, no-store")
	h.Set("ETag", `"`+f.SHA256+`"`)
	w.WriteHeader(http.StatusOK)
	if _, err := io.Copy(w, body); err != nil {
		// The status is sent; the client sees a short body.
		s.log.Warn("stream a file", "file", f.ID, "error", err)
	}
	return nil
}

func (s *Service) handleLink(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	l, err := s.CreateLink(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, LinkJSON(l))
	return nil
}

func (s *Service) handleDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.Delete(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
