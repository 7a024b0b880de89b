package authclient

import (
	"context"
	"errors"
	"net/http"

	"github.com/vextrus/vextrus/internal/auth"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/servicecred"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// ServiceTokenMinter asks auth in another process for service credentials
// (auth.ServiceTokenPath on its internal listener), presenting secret
// (auth.service_token_secret) instead of any caller's credential.
type ServiceTokenMinter struct {
	// Client calls auth's internal listener (services.auth.internal_url).
	Client *svcclient.Client
	// Secret is the platform's service secret.
	Secret string
}

// Mint implements servicecred.Minter. Returns auth's errors:
// UNAUTHENTICATED for a refused secret, PERMISSION_DENIED for a service
// without a grant, NOT_FOUND or FAILED_PRECONDITION for a missing or
// suspended tenant, UNAVAILABLE when auth cannot be reached.
func (m ServiceTokenMinter) Mint(ctx context.Context, t tenant.ID, service string) (servicecred.Token, error) {
	if m.Client == nil || m.Secret == "" {
		return servicecred.Token{}, errors.New("authclient: ServiceTokenMinter needs Client and Secret")
	}
	var out auth.ServiceTokenJSON
	// Minting changes nothing at auth, so the call may be retried.
	err := m.Client.Do(ctx, http.MethodPost, auth.ServiceTokenPath, auth.ServiceTokenRequest{Tenant: t.String(), Service: service}, &out,
		svcclient.Header("Authorization", "Bearer "+m.Secret), svcclient.ReadOnly())
	if err != nil {
		return servicecred.Token{}, err
	}
	if out.Token == "" {
		return servicecred.Token{}, errs.E(errs.Unavailable, "auth answered a service token without a token")
	}
	return servicecred.Token{Raw: out.Token, Expires: out.ExpiresAt, Permissions: out.Permissions, ID: out.TokenID}, nil
}
