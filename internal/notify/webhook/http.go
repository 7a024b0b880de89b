package webhook

import (
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// Base is the REST path of the webhook endpoints.
const Base = "/api/v1/notify/webhooks"

// Routes mounts the REST API under Base.
func (s *Service) Routes(mux *http.ServeMux) {
	for pattern, fn := range s.RouteMap() {
		mux.Handle(pattern, fn)
	}
}

// RouteMap is the REST API by method and pattern; notify's OpenAPI
// document lists each of these routes.
func (s *Service) RouteMap() map[string]httpx.HandlerFunc {
	return map[string]httpx.HandlerFunc{
		"POST " + Base:                                          s.handleCreate,
		"GET " + Base:                                           s.handleList,
		"GET " + Base + "/dead-letters":                         s.handleDeadLetters,
		"GET " + Base + "/{id}":                                 s.handleGet,
		"PATCH " + Base + "/{id}":                               s.handleUpdate,
		"DELETE " + Base + "/{id}":                              s.handleDelete,
		"POST " + Base + "/{id}/rotate-secret":                  s.handleRotate,
		"GET " + Base + "/{id}/deliveries":                      s.handleDeliveries,
		"POST " + Base + "/{id}/deliveries/{deliveryId}/resend": s.handleResend,
	}
}

// EndpointJSON is an endpoint as the API shows it; never its secret.
type EndpointJSON struct {
	ID          string    `json:"id"`
	URL         string    `json:"url"`
	Description string    `json:"description"`
	EventTypes  []string  `json:"eventTypes"`
	Status      Status    `json:"status"`
	Version     int       `json:"version"`
	CreatedAt   time.Time `json:"createdAt"`
	CreatedBy   string    `json:"createdBy"`
	UpdatedAt   time.Time `json:"updatedAt"`
}

// SecretJSON is the answer of create and rotate-secret: the endpoint
// and its new secret, which no other answer shows.
type SecretJSON struct {
	EndpointJSON
	Secret string `json:"secret"`
}

// EndpointInputJSON is the body of create; PATCH takes the same fields,
// each optional.
type EndpointInputJSON struct {
	URL         *string  `json:"url"`
	Description *string  `json:"description"`
	EventTypes  []string `json:"eventTypes"`
	Status      *Status  `json:"status"`
}

// DeliveryJSON is a delivery as the API shows it.
type DeliveryJSON struct {
	ID            string         `json:"id"`
	EndpointID    string         `json:"endpointId"`
	EventID       string         `json:"eventId"`
	EventType     string         `json:"eventType"`
	Status        DeliveryStatus `json:"status"`
	Attempts      int            `json:"attempts"`
	TotalAttempts int            `json:"totalAttempts"`
	Resends       int            `json:"resends"`
	NextAttemptAt *time.Time     `json:"nextAttemptAt"`
	LastStatus    *int           `json:"lastStatus"`
	LastError     string         `json:"lastError"`
	LastAttemptAt *time.Time     `json:"lastAttemptAt"`
	DeliveredAt   *time.Time     `json:"deliveredAt"`
	DeadAt        *time.Time     `json:"deadAt"`
	CreatedAt     time.Time      `json:"createdAt"`
}

func toEndpointJSON(e Endpoint) EndpointJSON {
	return EndpointJSON{ID: e.ID.String(), URL: e.URL, Description: e.Description, EventTypes: e.EventTypes,
		Status: e.Status, Version: e.Version, CreatedAt: e.CreatedAt, CreatedBy: e.CreatedBy, UpdatedAt: e.UpdatedAt}
}

func toDeliveryJSON(d Delivery) DeliveryJSON {
	return DeliveryJSON{ID: d.ID.String(), EndpointID: d.EndpointID.String(), EventID: d.EventID.String(),
		EventType: d.EventType, Status: d.Status, Attempts: d.Attempts, TotalAttempts: d.TotalAttempts,
		Resends: d.Resends, NextAttemptAt: d.NextAttemptAt, LastStatus: d.LastStatus, LastError: d.LastError,
		LastAttemptAt: d.LastAttemptAt, DeliveredAt: d.DeliveredAt, DeadAt: d.DeadAt, CreatedAt: d.CreatedAt}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func (s *Service) handleCreate(w http.ResponseWriter, r *http.Request) error {
	var req EndpointInputJSON
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	e, secret, err := s.Create(r.Context(), EndpointInput{URL: deref(req.URL), Description: deref(req.Description),
		EventTypes: req.EventTypes, Status: deref(req.Status)})
	if err != nil {
		return err
	}
	w.Header().Set("Location", Base+"/"+e.ID.String())
	httpx.SetETag(w, e.Version)
	httpx.WriteJSON(w, http.StatusCreated, SecretJSON{EndpointJSON: toEndpointJSON(e), Secret: secret})
	return nil
}

func (s *Service) handleList(w http.ResponseWriter, r *http.Request) error {
	q := httpx.ReadQuery(r)
	limit, cursor := q.Limit(0, MaxLimit), q.Cursor()
	if err := q.Err(); err != nil {
		return err
	}
	list, next, err := s.List(r.Context(), limit, cursor)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(list, toEndpointJSON, next))
	return nil
}

func (s *Service) handleGet(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	e, err := s.Get(r.Context(), id)
	if err != nil {
		return err
	}
	if httpx.NotModified(w, r, e.Version) {
		return nil
	}
	httpx.SetETag(w, e.Version)
	httpx.WriteJSON(w, http.StatusOK, toEndpointJSON(e))
	return nil
}

// version reads the current version, for an If-Match list.
func (s *Service) version(r *http.Request, id uuid.UUID) func() (int, error) {
	return func() (int, error) {
		e, err := s.Get(r.Context(), id)
		return e.Version, err
	}
}

// handleUpdate changes an endpoint; If-Match is required (428 without,
// 412 when it names another version).
func (s *Service) handleUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	cond, version, err := httpx.VersionOf(r, true, s.version(r, id))
	if err != nil {
		return err
	}
	var req EndpointInputJSON
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	e, err := s.Update(r.Context(), id, version, EndpointPatch(req))
	if err != nil {
		return cond.Err(err)
	}
	httpx.SetETag(w, e.Version)
	httpx.WriteJSON(w, http.StatusOK, toEndpointJSON(e))
	return nil
}

// handleDelete removes an endpoint; an If-Match, when sent, must name its
// current version.
func (s *Service) handleDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	cond, version, err := httpx.VersionOf(r, false, s.version(r, id))
	if err != nil {
		return err
	}
	if err := s.Delete(r.Context(), id, version); err != nil {
		return cond.Err(err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Service) handleRotate(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	e, secret, err := s.RotateSecret(r.Context(), id)
	if err != nil {
		return err
	}
	httpx.SetETag(w, e.Version)
	httpx.WriteJSON(w, http.StatusOK, SecretJSON{EndpointJSON: toEndpointJSON(e), Secret: secret})
	return nil
}

func (s *Service) handleDeliveries(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	q := httpx.ReadQuery(r)
	status := q.Enum("status", "", string(Pending), string(Delivered), string(Dead))
	limit, cursor := q.Limit(0, MaxLimit), q.Cursor()
	if err := q.Err(); err != nil {
		return err
	}
	list, next, err := s.Deliveries(r.Context(), id, DeliveryStatus(status), limit, cursor)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(list, toDeliveryJSON, next))
	return nil
}

func (s *Service) handleDeadLetters(w http.ResponseWriter, r *http.Request) error {
	q := httpx.ReadQuery(r)
	limit, cursor := q.Limit(0, MaxLimit), q.Cursor()
	if err := q.Err(); err != nil {
		return err
	}
	list, next, err := s.DeadLetters(r.Context(), limit, cursor)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(list, toDeliveryJSON, next))
	return nil
}

func (s *Service) handleResend(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	did, err := httpx.PathID(r, "deliveryId")
	if err != nil {
		return err
	}
	d, err := s.Resend(r.Context(), id, did)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, toDeliveryJSON(d))
	return nil
}
