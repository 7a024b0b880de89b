package orders

import (
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

func (s *Service) locationRoutes() map[string]httpx.HandlerFunc {
	return map[string]httpx.HandlerFunc{
		"GET " + Base + "/locations":        s.handleLocations,
		"POST " + Base + "/locations":       s.handleCreateLocation,
		"GET " + Base + "/locations/{id}":   s.handleLocation,
		"PATCH " + Base + "/locations/{id}": s.handleUpdateLocation,
	}
}

// LocationJSON is a location as REST answers it.
type LocationJSON struct {
	ID        string    `json:"id"`
	Code      string    `json:"code"`
	Name      string    `json:"name"`
	Kind      string    `json:"kind"`
	Address   string    `json:"address"`
	Active    bool      `json:"active"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// ToLocationJSON converts l.
func ToLocationJSON(l Location) LocationJSON {
	return LocationJSON{ID: l.ID.String(), Code: l.Code, Name: l.Name, Kind: l.Kind, Address: l.Address, Active: l.Active,
		Version: l.Version, CreatedAt: l.CreatedAt.UTC(), UpdatedAt: l.UpdatedAt.UTC()}
}

func (s *Service) handleLocations(w http.ResponseWriter, r *http.Request) error {
	q := httpx.ReadQuery(r)
	f := LocationFilter{Kind: q.String("kind"), Active: q.Bool("active"), Limit: q.Limit(50, 500), Cursor: q.Cursor()}
	if err := q.Err(); err != nil {
		return err
	}
	page, err := s.ListLocations(r.Context(), f)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(page.Items, ToLocationJSON, page.NextCursor))
	return nil
}

type locationIn struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	Address string `json:"address"`
}

func (s *Service) handleCreateLocation(w http.ResponseWriter, r *http.Request) error {
	var in locationIn
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	l, err := s.CreateLocation(r.Context(), NewLocation(in))
	if err != nil {
		return err
	}
	httpx.SetETag(w, l.Version)
	w.Header().Set("Location", Base+"/locations/"+l.ID.String())
	httpx.WriteJSON(w, http.StatusCreated, ToLocationJSON(l))
	return nil
}

func (s *Service) handleLocation(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	l, err := s.Location(r.Context(), id)
	if err != nil {
		return err
	}
	if httpx.NotModified(w, r, l.Version) {
		return nil
	}
	httpx.SetETag(w, l.Version)
	httpx.WriteJSON(w, http.StatusOK, ToLocationJSON(l))
	return nil
}

type locationPatchIn struct {
	Name    *string `json:"name"`
	Address *string `json:"address"`
	Active  *bool   `json:"active"`
}

// handleUpdateLocation changes a location from the version its If-Match
// names; without If-Match it answers 428.
func (s *Service) handleUpdateLocation(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	cond, expected, err := httpx.VersionOf(r, true, func() (int, error) {
		l, err := s.Location(r.Context(), id)
		return l.Version, err
	})
	if err != nil {
		return err
	}
	var in locationPatchIn
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	l, err := s.UpdateLocation(r.Context(), id, LocationPatch{Name: in.Name, Address: in.Address, Active: in.Active, ExpectedVersion: expected})
	if err != nil {
		return cond.Err(err)
	}
	httpx.SetETag(w, l.Version)
	httpx.WriteJSON(w, http.StatusOK, ToLocationJSON(l))
	return nil
}

// idField reads a UUID the body gives in field; "" is uuid.Nil, which
// the service reports as required.
func idField(field, s string) (uuid.UUID, error) {
	if s == "" {
		return uuid.Nil, nil
	}
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.Nil, errs.Field(field, "must be a UUID")
	}
	return id, nil
}
