package authclient

import (
	"context"
	"crypto/sha256"
	"strings"
	"sync"
	"time"

	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// apiKeyVerifier implements authn.APIKeyVerifier by asking auth, keeping a
// verified key's principal for the TTL under the SHA-256 of the key: the
// key itself is never stored or logged here.
type apiKeyVerifier struct {
	r   *Remote
	ttl time.Duration
	now func() time.Time

	mu sync.Mutex
	m  map[[sha256.Size]byte]apiKeyEntry
}

type apiKeyEntry struct {
	p     *authz.Principal
	until time.Time
}

func newAPIKeyVerifier(r *Remote, ttl time.Duration, now func() time.Time) *apiKeyVerifier {
	return &apiKeyVerifier{r: r, ttl: ttl, now: now, m: map[[sha256.Size]byte]apiKeyEntry{}}
}

// VerifyAPIKey implements authn.APIKeyVerifier. A key revoked in auth
// still passes here until its entry expires (the TTL). Returns
// UNAUTHENTICATED for a key auth refuses, UNAVAILABLE when auth cannot be
// reached.
func (v *apiKeyVerifier) VerifyAPIKey(ctx context.Context, key string) (*authz.Principal, error) {
	if !strings.HasPrefix(key, authn.APIKeyPrefix) {
		return nil, errs.E(errs.Unauthenticated, "invalid API key")
	}
	sum := sha256.Sum256([]byte(key))
	now := v.now()
	v.mu.Lock()
	e, ok := v.m[sum]
	v.mu.Unlock()
	if ok && now.Before(e.until) {
		return e.p, nil
	}
	ans, err := v.r.inspect(ctx, "Bearer "+key)
	if err != nil {
		return nil, err
	}
	if !ans.APIKey {
		return nil, errs.E(errs.Unauthenticated, "invalid API key")
	}
	tid, _ := tenant.Parse(ans.TenantID) // inspect checked it
	p := &authz.Principal{UserID: ans.UserID, Tenant: tid, APIKey: true, Permissions: ans.permissions()}
	if !ans.active() {
		// Not kept: the middleware refuses the suspended tenant next, and
		// a reactivated one must get its permissions back at once.
		return p, nil
	}
	v.mu.Lock()
	if len(v.m) >= maxEntries {
		clear(v.m)
	}
	v.m[sum] = apiKeyEntry{p: p, until: now.Add(v.ttl)}
	v.mu.Unlock()
	return p, nil
}
