package notify

import (
	"maps"
	"net/http"

	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// Base is the prefix of the REST API (api/openapi/notify.json).
const Base = "/api/v1/notify"

// Routes mounts the REST API under /api/v1/notify/.
func (s *Service) Routes(mux *http.ServeMux) {
	routes := map[string]httpx.HandlerFunc{}
	for _, part := range []map[string]httpx.HandlerFunc{s.feedRoutes(), s.settingsRoutes(), s.templateRoutes()} {
		maps.Copy(routes, part)
	}
	routes["GET "+Base+"/openapi.json"] = httpx.Document(openapiDoc)
	for pattern, fn := range routes {
		mux.Handle(pattern, fn)
	}
}

func (s *Service) feedRoutes() map[string]httpx.HandlerFunc {
	return map[string]httpx.HandlerFunc{
		"GET " + Base + "/feed":           s.getFeed,
		"POST " + Base + "/feed/read":     s.markRead,
		"POST " + Base + "/feed/read-all": s.markAllRead,
		"GET " + Base + "/feed/stream":    s.stream,
	}
}

func (s *Service) settingsRoutes() map[string]httpx.HandlerFunc {
	return map[string]httpx.HandlerFunc{
		"GET " + Base + "/settings":       s.getSettings,
		"PUT " + Base + "/preferences":    s.putPreferences,
		"PUT " + Base + "/quiet-hours":    s.putQuietHours,
		"DELETE " + Base + "/quiet-hours": s.deleteQuietHours,
	}
}

func (s *Service) templateRoutes() map[string]httpx.HandlerFunc {
	return map[string]httpx.HandlerFunc{
		"GET " + Base + "/templates":                         s.getTemplates,
		"PUT " + Base + "/templates/{eventType}/{locale}":    s.putTemplate,
		"DELETE " + Base + "/templates/{eventType}/{locale}": s.deleteTemplate,
	}
}

func (s *Service) getFeed(w http.ResponseWriter, r *http.Request) error {
	q := httpx.ReadQuery(r)
	before := q.Int("before", 0, 0, 1<<62)
	limit := q.Limit(50, 200)
	unread := q.Bool("unread")
	if err := q.Err(); err != nil {
		return err
	}
	f, err := s.FeedOf(r.Context(), int64(before), limit, unread != nil && *unread)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, f)
	return nil
}

// readIn names the entries to mark read.
type readIn struct {
	IDs []int64 `json:"ids"`
}

// unreadJSON is the unread count after marking.
type unreadJSON struct {
	Unread int `json:"unread"`
}

func (s *Service) markRead(w http.ResponseWriter, r *http.Request) error {
	var in readIn
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	n, err := s.MarkRead(r.Context(), in.IDs, false)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, unreadJSON{Unread: n})
	return nil
}

func (s *Service) markAllRead(w http.ResponseWriter, r *http.Request) error {
	n, err := s.MarkRead(r.Context(), nil, true)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, unreadJSON{Unread: n})
	return nil
}

func (s *Service) getSettings(w http.ResponseWriter, r *http.Request) error {
	st, err := s.MySettings(r.Context())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, st)
	return nil
}

// preferencesIn is the body of PUT /preferences.
type preferencesIn struct {
	Preferences []Preference `json:"preferences"`
}

func (s *Service) putPreferences(w http.ResponseWriter, r *http.Request) error {
	var in preferencesIn
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.SetPreferences(r.Context(), in.Preferences); err != nil {
		return err
	}
	return s.getSettings(w, r)
}

func (s *Service) putQuietHours(w http.ResponseWriter, r *http.Request) error {
	var in QuietHours
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.SetQuietHours(r.Context(), &in); err != nil {
		return err
	}
	return s.getSettings(w, r)
}

func (s *Service) deleteQuietHours(w http.ResponseWriter, r *http.Request) error {
	if err := s.SetQuietHours(r.Context(), nil); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// templatesJSON is the list of the tenant's templates.
type templatesJSON struct {
	Items []Template `json:"items"`
}

func (s *Service) getTemplates(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.Templates(r.Context())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, templatesJSON{Items: ts})
	return nil
}

// templateIn is the body of PUT /templates/{eventType}/{locale}.
type templateIn struct {
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html"`
}

func (s *Service) putTemplate(w http.ResponseWriter, r *http.Request) error {
	var in templateIn
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	t, err := s.SetTemplate(r.Context(), Template{EventType: r.PathValue("eventType"), Locale: r.PathValue("locale"),
		Subject: in.Subject, Text: in.Text, HTML: in.HTML})
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, t)
	return nil
}

func (s *Service) deleteTemplate(w http.ResponseWriter, r *http.Request) error {
	if err := s.ResetTemplate(r.Context(), r.PathValue("eventType"), r.PathValue("locale")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
