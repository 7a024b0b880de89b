package console

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// API calls a service as the signed-in user of r: the session's access
// token (refreshed first when about to expire) as the bearer. A nil svc
// (the service is not wired) answers UNAVAILABLE. The service's error comes
// back as it is, with its code and field errors, for the page to show.
func (c *Console) API(r *http.Request, svc *svcclient.Client, method, path string, in, out any, opts ...svcclient.CallOption) error {
	s := sessionOf(r.Context())
	if s == nil {
		return errs.E(errs.Unauthenticated, "sign in first")
	}
	if svc == nil {
		return errs.E(errs.Unavailable, "this service is not available here")
	}
	tok, err := c.accessToken(r.Context(), s)
	if err != nil {
		return err
	}
	opts = append(opts, svcclient.Header("Authorization", "Bearer "+tok))
	return svc.Do(r.Context(), method, path, in, out, opts...)
}

// refreshAhead is how long before its expiry an access token is renewed.
const refreshAhead = 30 * time.Second

// accessToken returns s's access token, refreshing it at auth when it
// expires within refreshAhead. A refused refresh ends the session
// (UNAUTHENTICATED).
func (c *Console) accessToken(ctx context.Context, s *Session) (string, error) {
	if c.now().Add(refreshAhead).Before(s.AccessExp) {
		return s.Access, nil
	}
	mu, _ := c.refreshing.LoadOrStore(Key(s.ID), &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()
	// Another request of this session may have refreshed meanwhile.
	if cur, err := c.store.Get(ctx, s.ID); err == nil && c.now().Add(refreshAhead).Before(cur.AccessExp) {
		s.Access, s.Refresh, s.AccessExp, s.Permissions = cur.Access, cur.Refresh, cur.AccessExp, cur.Permissions
		return s.Access, nil
	}
	var pair tokenPair
	err := c.svc.Auth.Do(ctx, http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refreshToken": s.Refresh}, &pair)
	if err != nil {
		if errs.Is(err, errs.Unauthenticated) || errs.Is(err, errs.InvalidArgument) {
			_ = c.store.Delete(ctx, s.ID)
			return "", errs.E(errs.Unauthenticated, "the session has ended; sign in again")
		}
		return "", err
	}
	s.Access, s.Refresh, s.AccessExp = pair.AccessToken, pair.RefreshToken, c.now().Add(time.Duration(pair.ExpiresIn)*time.Second)
	if p, err := c.principal(ctx, s.Access); err == nil {
		s.Permissions = p.Permissions
	}
	if err := c.save(ctx, s); err != nil {
		return "", err
	}
	return s.Access, nil
}

// tokenPair is auth's answer to login and refresh.
type tokenPair struct {
	AccessToken  string `json:"accessToken"`
	RefreshToken string `json:"refreshToken"`
	ExpiresIn    int    `json:"expiresIn"`
}

// principalJSON is what the console reads of auth's principal endpoint.
type principalJSON struct {
	TenantID    string   `json:"tenantId"`
	UserID      string   `json:"userId"`
	Permissions []string `json:"permissions"`
}

func (c *Console) principal(ctx context.Context, access string) (principalJSON, error) {
	var p principalJSON
	err := c.svc.Auth.Do(ctx, http.MethodGet, "/api/v1/auth/principal", nil, &p,
		svcclient.Header("Authorization", "Bearer "+access))
	return p, err
}
