package app

import (
	"fmt"
	"net/http"
	"time"

	"github.com/vextrus/vextrus/internal/notify"
	"github.com/vextrus/vextrus/internal/notify/sms"
	"github.com/vextrus/vextrus/internal/notify/webhook"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
)

// notifySMS returns the SMS channel notify.sms configures: the gateway
// adapter for provider "http", the recorder for "recorder" and, in
// `vextrus dev`, when no provider is named; nil (no SMS) otherwise. The
// recorder is kept in a.SMS for the dev mailbox page.
func (a *App) notifySMS() (notify.Channel, error) {
	c := a.Config.Notify.SMS
	switch {
	case c.Provider == "http":
		p := &sms.HTTPProvider{URL: c.URL, APIKey: c.APIKey, SenderID: c.SenderID, Timeout: c.Timeout}
		if err := p.Check(); err != nil {
			return nil, fmt.Errorf("notify.sms: %w", err)
		}
		return sms.NewChannel(p), nil
	case c.Provider == "recorder" || c.Provider == "" && a.Mode == Dev:
		if a.SMS == nil {
			a.SMS = &sms.Recorder{}
		}
		if a.Mode == Dev {
			// Beside dev's mailbox (a public path in dev only): the SMS
			// the recorder kept instead of sending.
			rec := a.SMS
			a.Mux.HandleFunc("GET "+MailboxPath+"sms", func(w http.ResponseWriter, r *http.Request) {
				httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": append([]sms.Sent{}, rec.Sent()...)})
			})
		}
		return sms.NewChannel(a.SMS), nil
	}
	return nil, nil
}

// notifyWebhooks mounts the webhook REST API and returns the webhook
// service (for notify's subgraph) with its consumer and runner, which
// run in notify's module. In `vextrus dev` endpoints may be plain http
// and on the laptop's own addresses.
func (a *App) notifyWebhooks() (*webhook.Service, []lifecycle.Service, error) {
	hooks, err := webhook.New(webhook.Deps{DB: a.DB, Logger: a.Logger.With("module", Notify, "part", "webhooks"),
		Now: time.Now, AllowInsecure: a.Mode == Dev, Metrics: a.Registry})
	if err != nil {
		return nil, nil, err
	}
	hooks.Routes(a.Mux)
	services, err := hooks.Consumers(a.Pipeline, a.topicConfig(), a.Registry)
	if err != nil {
		return nil, nil, err
	}
	return hooks, append(services, hooks.Runner()), nil
}
