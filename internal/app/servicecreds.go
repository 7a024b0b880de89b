package app

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/auth/authclient"
	"github.com/vextrus/vextrus/internal/platform/config"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/servicecred"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// serviceCreds is what ServiceCredentials shares across modules: one
// Source per service, and the minter they all use.
type serviceCreds struct {
	mu      sync.Mutex
	sources map[string]*servicecred.Source
	minter  *serviceMinter
}

// ServiceCredentials returns the token source with which service's
// background work (Temporal activities, event consumers) acts for one
// tenant: `ctx, err := src.Act(ctx, tenantID)`, then call other services
// through svcclient or in process. The permissions are the module's grant
// (moduleDef.grant), the same in every process. A module calls it in its
// init; it fails when service has no grant, a wiring mistake.
func (a *App) ServiceCredentials(service string) (*servicecred.Source, error) {
	grants, err := a.serviceGrants()
	if err != nil {
		return nil, err
	}
	if _, ok := grants[service]; !ok {
		return nil, fmt.Errorf("service credentials for %q: the module declares no grant", service)
	}
	a.creds.mu.Lock()
	defer a.creds.mu.Unlock()
	if s, ok := a.creds.sources[service]; ok {
		return s, nil
	}
	if a.creds.minter == nil {
		a.creds.minter = &serviceMinter{a: a}
		if ep := strings.TrimSuffix(a.Config.Services[Auth].InternalURL, "/"); ep != "" && !a.Runs(Auth) {
			a.creds.minter.remote = authclient.ServiceTokenMinter{Secret: a.Config.Auth.ServiceTokenSecret,
				Client: svcclient.New(Auth, svcclient.HTTP(ep, nil), a.Config.Clients[Auth].WithDefaults(), a.Clients)}
		}
	}
	if a.creds.sources == nil {
		a.creds.sources = map[string]*servicecred.Source{}
	}
	s := servicecred.NewSource(service, a.creds.minter)
	a.creds.sources[service] = s
	return s, nil
}

// serviceGrants are the grants of every module, whichever run here (auth
// must know those of services running elsewhere), and the extra ones of
// Options (tests). Each is checked against the platform's permission
// catalogue and auth's rule that a service never administers a tenant.
func (a *App) serviceGrants() (auth.ServiceGrants, error) {
	catalogue, err := permissionCatalogue()
	if err != nil {
		return nil, err
	}
	out := auth.ServiceGrants{}
	add := func(name string, perms []string) error {
		if err := auth.ValidServiceGrant(name, perms); err != nil {
			return err
		}
		for _, p := range perms {
			if !catalogue.Known(p) {
				return fmt.Errorf("service grant %q: %s is no permission of the platform", name, p)
			}
		}
		out[name] = slices.Clone(perms)
		return nil
	}
	for _, d := range a.defs {
		if d.grant != nil {
			if err := add(d.name, d.grant); err != nil {
				return nil, err
			}
		}
	}
	for name, perms := range a.extraGrants {
		if err := add(name, perms); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// serviceMinter mints with auth in this process once its module has
// initialised (a.authSvc), else with auth's internal listener.
type serviceMinter struct {
	a      *App
	remote servicecred.Minter
}

func (m *serviceMinter) Mint(ctx context.Context, t tenant.ID, service string) (servicecred.Token, error) {
	if local := m.a.authSvc; local != nil {
		return local.MintServiceToken(ctx, t, service)
	}
	if m.remote == nil {
		return servicecred.Token{}, errs.E(errs.Unavailable,
			"service credentials are unavailable: auth neither runs in this process nor has services.auth.internal_url")
	}
	return m.remote.Mint(ctx, t, service)
}

// checkServiceCredentials requires, of a served process running a module
// with a grant but not auth, auth's internal URL and the shared secret
// with which it asks auth for tokens.
func (a *App) checkServiceCredentials(c *Config, k *config.Checker) {
	if a.Runs(Auth) || a.Mode == Dev {
		return
	}
	u := c.Services[Auth].InternalURL
	p, err := url.Parse(u)
	k.Check(u != "" && err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != "", "services.auth.internal_url",
		"required by a process whose background work acts with service credentials without the auth module: http(s)://host[:port] of auth's internal listener")
	requireSet(k, "a process whose background work acts with service credentials without the auth module (the same secret as auth's)",
		"auth.service_token_secret", c.Auth.ServiceTokenSecret)
}
