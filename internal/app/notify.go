package app

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"

	"github.com/vextrus/vextrus/internal/notify"
	"github.com/vextrus/vextrus/internal/notify/graph"
	"github.com/vextrus/vextrus/internal/notify/mailbox"
	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/graphqlx"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
)

// Notify is the notifications service module's name.
const Notify = notify.Name

// MailboxPath is where `vextrus dev` shows the mail its in-process SMTP
// server received.
const MailboxPath = "/dev/mailbox/"

// initNotify runs the notifications service: its REST API and GraphQL
// subgraph, the consumer that turns the events concerning a person into
// in-app entries and queued deliveries, the runner that sends those by
// email and SMS, and the listener that tells every replica's streams
// and runner of new ones. In dev without smtp.host, email goes to an
// SMTP server in this process whose mailbox dev serves at MailboxPath.
func (a *App) initNotify(context.Context) (lifecycle.Service, error) {
	if err := a.Permissions.Register(notify.Permissions...); err != nil {
		return nil, err
	}
	acting, err := a.ServiceCredentials(Notify)
	if err != nil {
		return nil, err
	}
	cfg := a.Config.Notify
	var parts []lifecycle.Service
	if cfg.SMTP.Host == "" && a.Mode == Dev {
		srv, err := a.devMailbox()
		if err != nil {
			return nil, err
		}
		host, port, _ := net.SplitHostPort(srv.Addr())
		cfg.SMTP.Host, cfg.SMTP.TLS = host, "none"
		cfg.SMTP.Port, _ = strconv.Atoi(port)
		parts = append(parts, lifecycle.New(Notify+"-mailbox", lifecycle.Funcs{
			Starting: func(context.Context) error {
				a.AddBanner("Mailbox", a.Server.URL()+MailboxPath+"  (mail sent by notify; SMTP "+srv.Addr()+"; SMS kept at "+MailboxPath+"sms)")
				return nil
			},
			Stopping: func(context.Context) error { return srv.Stop() }}))
	}
	// Dev's mailbox set the host above; serve's check requires it.
	email, err := notify.NewEmail(cfg.SMTP)
	if err != nil {
		return nil, err
	}
	channels := []notify.Channel{email}
	if ch, err := a.notifySMS(); err != nil {
		return nil, err
	} else if ch != nil {
		channels = append(channels, ch)
	}
	svc, err := notify.New(notify.Deps{DB: a.DB, Settings: a.TenantSettings,
		Channels:    channels,
		Directory:   notify.RemoteDirectory{Auth: a.Client(Auth), Masterdata: a.Client(Masterdata)},
		Acting:      acting,
		PublicURL:   a.Server.URL,
		TokenSecret: a.Config.Auth.ServiceTokenSecret,
		Config:      cfg,
		Logger:      a.Logger.With("module", Notify)})
	if err != nil {
		return nil, err
	}
	svc.Routes(a.Mux)
	webhooks, hooks, err := a.notifyWebhooks()
	if err != nil {
		return nil, err
	}
	a.mountSubgraph("/graphql/"+Notify, graph.HandlerWith(svc, webhooks, graphqlx.Options{Introspection: a.Mode == Dev}))
	consumers, err := svc.Consumers(a.Pipeline, a.Config.Kafka, a.Registry)
	if err != nil {
		return nil, fmt.Errorf("notify consumers: %w", err)
	}
	parts = append(parts, svc.Listener(), svc.Runner())
	parts = append(parts, hooks...)
	return a.group(Notify, append(parts, consumers...)...), nil
}

// devMailbox starts dev's SMTP server on a free local port and serves
// its mailbox at MailboxPath, with no credential: dev only.
func (a *App) devMailbox() (*mailbox.Server, error) {
	box := mailbox.NewBox(0)
	a.mailbox = box
	srv := mailbox.NewServer(box)
	if err := srv.Start("127.0.0.1:0"); err != nil {
		return nil, err
	}
	a.Mux.Handle("GET "+MailboxPath, http.StripPrefix(MailboxPath[:len(MailboxPath)-1], box.Handler()))
	return srv, nil
}

// checkNotify reports the services notify calls that this process does
// not run and has no URL for, and the notify section's problems.
func (a *App) checkNotify(c *Config, k *config.Checker) {
	if a.Mode == Dev {
		return
	}
	for _, svc := range []string{Masterdata} {
		if !a.Runs(svc) {
			requireSet(k, "notify without the "+svc+" module", "services."+svc+".url", c.Services[svc].URL)
		}
	}
	requireSet(k, "notify (it opens the tokens of invite and reset emails)", "auth.service_token_secret", c.Auth.ServiceTokenSecret)
	// Without a mail server no invitation, reset or approval request
	// reaches anyone: serve refuses to start rather than drop them. A
	// tenant that wants no email turns the notify.email flag off.
	requireSet(k, "notify (it emails invitations, password resets and approvals)", "notify.smtp.host", c.Notify.SMTP.Host)
}

// Mailbox is dev's in-process SMTP mailbox: what notify emailed, when
// this process runs notify in dev without smtp.host; nil otherwise.
func (a *App) Mailbox() *mailbox.Box { return a.mailbox }
