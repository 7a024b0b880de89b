package notify

import (
	"net/http"
	"time"

	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// RouteMaps are the service's route maps, for the OpenAPI test.
func RouteMaps() []map[string]httpx.HandlerFunc {
	s := &Service{}
	return []map[string]httpx.HandlerFunc{s.feedRoutes(), s.settingsRoutes(), s.templateRoutes()}
}

// MountRoutes mounts the REST API of a service without dependencies.
func MountRoutes(mux *http.ServeMux) { (&Service{}).Routes(mux) }

// QuietEnd is quietEnd, for its table test.
func QuietEnd(at time.Time, start, end int, loc *time.Location) time.Time {
	return quietEnd(at, start, end, loc)
}

// The JSON types of the API, for the schema test.
type (
	ReadIn        = readIn
	UnreadJSON    = unreadJSON
	PreferencesIn = preferencesIn
	TemplatesJSON = templatesJSON
	TemplateIn    = templateIn
)

// RenderDefault renders the embedded template of eventType in locale.
func RenderDefault(eventType, locale string, vars map[string]string) (subject, text string, err error) {
	t, _ := defaultTemplate(eventType, locale)
	r, err := render(t, vars, nil, false)
	return r.Subject, r.Text, err
}

// Wakes reports whether a notification with payload, heard by the
// listener of a process named instance, wakes that process's runner.
func Wakes(instance, payload string) bool {
	s := &Service{wakeup: make(chan struct{}, 1), instance: instance, hub: newHub()}
	s.dispatch(payload)
	select {
	case <-s.wakeup:
		return true
	default:
		return false
	}
}
