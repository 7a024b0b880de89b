package settings

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// Base is the prefix of the REST API (api/openapi/settings.json).
const Base = "/api/v1/settings"

// Routes mounts the REST API under /api/v1/settings/. The GraphQL
// subgraph is in package graph; the snapshot for other processes is
// InternalRoutes'.
func (s *Service) Routes(mux *http.ServeMux) {
	routes := map[string]httpx.HandlerFunc{
		"GET " + Base + "/tenant":              s.handleGet,
		"PUT " + Base + "/tenant":              s.handleReplace,
		"GET " + Base + "/flags":               s.handleFlags,
		"GET " + Base + "/flags/{key}":         s.handleFlag,
		"PUT " + Base + "/flags/{key}":         s.handleSetFlag,
		"GET " + Base + "/flags/{key}/enabled": s.handleEnabled,
		"POST " + Base + "/flags/{key}/reset":  s.handleResetFlag,
		"GET " + Base + "/openapi.json":        httpx.Document(openapiDoc),
	}
	for pattern, fn := range routes {
		mux.Handle(pattern, fn)
	}
}

// SnapshotPrefix is the path prefix of tenantsettings.SnapshotPattern,
// which the authentication middleware lets through without a credential.
const SnapshotPrefix = "/internal/settings/snapshot/"

// InternalRoutes mounts the snapshot other processes' tenantsettings
// clients read (tenantsettings.SnapshotPattern) on the internal
// listener's mux; see docs/security.md for who may reach it.
func (s *Service) InternalRoutes(mux *http.ServeMux) {
	mux.Handle(tenantsettings.SnapshotPattern, httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		t, err := tenant.Parse(r.PathValue("tenant"))
		if err != nil {
			return errs.Field("tenant", "must be a tenant id (a UUID)")
		}
		snap, err := s.Snapshot(r.Context(), t)
		if err != nil {
			return err
		}
		httpx.WriteJSON(w, http.StatusOK, snap)
		return nil
	}))
}

// DocumentJSON is the tenant's settings as REST answers them: the
// document's own fields at the top level (timezone, fiscalYearStartMonth,
// company, ...), beside its version and who changed it last, and why.
type DocumentJSON struct {
	tenantsettings.Settings
	Version int `json:"version"`
	// UpdatedAt is null for settings never saved.
	UpdatedAt *time.Time `json:"updatedAt"`
	UpdatedBy string     `json:"updatedBy"`
	Reason    string     `json:"reason"`
}

func toDocumentJSON(d Document) DocumentJSON {
	return DocumentJSON{Version: d.Version, UpdatedAt: optionalTime(d.UpdatedAt), UpdatedBy: d.UpdatedBy, Reason: d.Reason, Settings: d.Settings}
}

// FlagJSON is a flag as REST answers it: its declaration, the tenant's
// state (null: the default applies) and whether it is on for the caller.
type FlagJSON struct {
	Key         string                    `json:"key"`
	Description string                    `json:"description"`
	Default     bool                      `json:"default"`
	State       *tenantsettings.FlagState `json:"state"`
	Version     int                       `json:"version"`
	UpdatedAt   *time.Time                `json:"updatedAt"`
	UpdatedBy   string                    `json:"updatedBy"`
	Reason      string                    `json:"reason"`
	On          bool                      `json:"on"`
}

// ToFlagJSON converts f, with whether it is on for caller p.
func ToFlagJSON(f Flag, p *authz.Principal) FlagJSON {
	return FlagJSON{Key: f.Def.Key, Description: f.Def.Description, Default: f.Def.Default, State: f.State,
		Version: f.Version, UpdatedAt: optionalTime(f.UpdatedAt), UpdatedBy: f.UpdatedBy, Reason: f.Reason, On: On(f, p)}
}

func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func (s *Service) handleGet(w http.ResponseWriter, r *http.Request) error {
	d, err := s.Get(r.Context())
	if err != nil {
		return err
	}
	if httpx.NotModified(w, r, d.Version) {
		return nil
	}
	httpx.SetETag(w, d.Version)
	httpx.WriteJSON(w, http.StatusOK, toDocumentJSON(d))
	return nil
}

// replaceRequest is the body of PUT /tenant: the whole document and why.
// The fields only answers carry (version, updatedAt, updatedBy) may be
// sent back as read and are ignored: If-Match names the version.
type replaceRequest struct {
	tenantsettings.Settings
	Reason    string          `json:"reason"`
	Version   json.RawMessage `json:"version"`
	UpdatedAt json.RawMessage `json:"updatedAt"`
	UpdatedBy json.RawMessage `json:"updatedBy"`
}

// handleReplace replaces the document at the version If-Match names,
// which it requires.
func (s *Service) handleReplace(w http.ResponseWriter, r *http.Request) error {
	cond, expected, err := ifMatch(r, func() (int, error) {
		d, err := s.Get(r.Context())
		return d.Version, err
	})
	if err != nil {
		return err
	}
	var req replaceRequest
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	d, err := s.Replace(r.Context(), req.Settings, expected, req.Reason)
	if err != nil {
		return cond.Err(err)
	}
	httpx.SetETag(w, d.Version)
	httpx.WriteJSON(w, http.StatusOK, toDocumentJSON(d))
	return nil
}

func (s *Service) handleFlags(w http.ResponseWriter, r *http.Request) error {
	flags, err := s.Flags(r.Context())
	if err != nil {
		return err
	}
	p, _ := authz.From(r.Context())
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(flags, func(f Flag) FlagJSON { return ToFlagJSON(f, p) }, ""))
	return nil
}

func (s *Service) handleFlag(w http.ResponseWriter, r *http.Request) error {
	f, err := s.Flag(r.Context(), r.PathValue("key"))
	if err != nil {
		return err
	}
	p, _ := authz.From(r.Context())
	httpx.SetETag(w, f.Version)
	httpx.WriteJSON(w, http.StatusOK, ToFlagJSON(f, p))
	return nil
}

// setFlagRequest is the body of PUT /flags/{key}.
type setFlagRequest struct {
	State  tenantsettings.FlagState `json:"state"`
	Reason string                   `json:"reason"`
}

func (s *Service) handleSetFlag(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("key")
	cond, expected, err := ifMatch(r, func() (int, error) {
		f, err := s.Flag(r.Context(), key)
		return f.Version, err
	})
	if err != nil {
		return err
	}
	var req setFlagRequest
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	f, err := s.SetFlag(r.Context(), key, req.State, expected, req.Reason)
	if err != nil {
		return cond.Err(err)
	}
	p, _ := authz.From(r.Context())
	httpx.SetETag(w, f.Version)
	httpx.WriteJSON(w, http.StatusOK, ToFlagJSON(f, p))
	return nil
}

// resetFlagRequest is the body of POST /flags/{key}/reset.
type resetFlagRequest struct {
	Reason string `json:"reason"`
}

// handleResetFlag returns the flag to the catalog's default at the version
// If-Match names, which it requires.
func (s *Service) handleResetFlag(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("key")
	cond, expected, err := ifMatch(r, func() (int, error) {
		f, err := s.Flag(r.Context(), key)
		return f.Version, err
	})
	if err != nil {
		return err
	}
	var req resetFlagRequest
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	f, err := s.ResetFlag(r.Context(), key, expected, req.Reason)
	if err != nil {
		return cond.Err(err)
	}
	p, _ := authz.From(r.Context())
	httpx.SetETag(w, f.Version)
	httpx.WriteJSON(w, http.StatusOK, ToFlagJSON(f, p))
	return nil
}

func (s *Service) handleEnabled(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("key")
	on, err := s.IsEnabled(r.Context(), key)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"key": key, "enabled": on})
	return nil
}

// ifMatch reads the If-Match a write requires (428 without it) as the
// version the change was made from: AnyVersion for "*", and 0 for "0",
// the ETag of settings or a flag the tenant never saved, which
// httpx.Precondition does not issue for other resources.
func ifMatch(r *http.Request, current func() (int, error)) (httpx.Precondition, int, error) {
	cond := httpx.IfMatch(r)
	if err := cond.Required(); err != nil {
		return cond, 0, err
	}
	if strings.TrimSpace(r.Header.Get("If-Match")) == httpx.ETag(0) {
		return cond, 0, nil
	}
	v, err := cond.Version(current)
	if err == nil && v == 0 {
		v = AnyVersion
	}
	return cond, v, err
}
