package notify_test

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/api"
	"github.com/vextrus/vextrus/internal/notify"
	"github.com/vextrus/vextrus/internal/notify/webhook"
	"github.com/vextrus/vextrus/internal/platform/apitest"
)

func readOpenAPI(t *testing.T) apitest.OpenAPIDoc {
	t.Helper()
	mux := http.NewServeMux()
	notify.MountRoutes(mux)
	// The webhook API (internal/notify/webhook) is part of notify's
	// document.
	hooks := &webhook.Service{}
	hooks.Routes(mux)
	return apitest.CheckOpenAPI(t, apitest.OpenAPIService{Name: notify.Name, Doc: notify.OpenAPI(), Copy: api.OpenAPI()[notify.Name],
		Mux: mux, Self: "GET " + notify.Base + "/openapi.json", RouteMaps: append(notify.RouteMaps(), hooks.RouteMap()),
		PathValues: strings.NewReplacer("{eventType}", notify.EventReportReady, "{locale}", "bn"), IdempotencyKeys: true})
}

func TestOpenAPIDocumentsEveryRoute(t *testing.T) { readOpenAPI(t) }

func TestRouteMapsListsEveryRouteMap(t *testing.T) {
	apitest.CheckRouteMapsListed(t, len(notify.RouteMaps()))
}

func TestOpenAPISchemasMatchTheJSONTypes(t *testing.T) {
	d := readOpenAPI(t)
	d.CheckSchemas(t, map[string][]reflect.Type{
		"Entry": {reflect.TypeFor[notify.Entry]()}, "Feed": {reflect.TypeFor[notify.Feed]()},
		"MarkRead": {reflect.TypeFor[notify.ReadIn]()}, "Unread": {reflect.TypeFor[notify.UnreadJSON]()},
		"Preference": {reflect.TypeFor[notify.Preference]()}, "Preferences": {reflect.TypeFor[notify.PreferencesIn]()},
		"QuietHours": {reflect.TypeFor[notify.QuietHours]()}, "NotifySettings": {reflect.TypeFor[notify.Settings]()},
		"Template": {reflect.TypeFor[notify.Template]()}, "Templates": {reflect.TypeFor[notify.TemplatesJSON]()},
		"TemplateInput": {reflect.TypeFor[notify.TemplateIn]()},
		"Webhook":       {reflect.TypeFor[webhook.EndpointJSON]()}, "WebhookSecret": {reflect.TypeFor[webhook.SecretJSON]()},
		"WebhookInput": {reflect.TypeFor[webhook.EndpointInputJSON]()}, "WebhookDelivery": {reflect.TypeFor[webhook.DeliveryJSON]()},
	})
}
