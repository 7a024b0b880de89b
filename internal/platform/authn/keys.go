package authn

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// ErrUnknownKey is a key id absent from the key set even after a refresh.
var ErrUnknownKey = errs.E(errs.Unauthenticated, "token signed with an unknown key")

// KeySource gives the public key of a key id. Returns ErrUnknownKey
// (UNAUTHENTICATED) for a kid it does not know.
type KeySource interface {
	Key(ctx context.Context, kid string) (ed25519.PublicKey, error)
}

// JWK is one public key of a JWKS (RFC 8037 OKP key).
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Kid string `json:"kid"`
	Use string `json:"use,omitempty"`
	Alg string `json:"alg,omitempty"`
}

// JWKS is the document served at /.well-known/jwks.json.
type JWKS struct {
	Keys []JWK `json:"keys"`
}

// PublicJWK describes an Ed25519 public key.
func PublicJWK(kid string, pub ed25519.PublicKey) JWK {
	return JWK{Kty: "OKP", Crv: "Ed25519", X: base64.RawURLEncoding.EncodeToString(pub), Kid: kid, Use: "sig", Alg: Algorithm}
}

// Map returns the Ed25519 keys of s by kid, skipping any other kind.
func (s JWKS) Map() map[string]ed25519.PublicKey {
	out := make(map[string]ed25519.PublicKey, len(s.Keys))
	for _, k := range s.Keys {
		if k.Kty != "OKP" || k.Crv != "Ed25519" || (k.Alg != "" && k.Alg != Algorithm) {
			continue
		}
		x, err := base64.RawURLEncoding.DecodeString(k.X)
		if err != nil || len(x) != ed25519.PublicKeySize {
			continue
		}
		out[k.Kid] = ed25519.PublicKey(x)
	}
	return out
}

// FetchFunc returns the current key set.
type FetchFunc func(ctx context.Context) (JWKS, error)

// CachedKeys is a KeySource over a FetchFunc: the set is kept for TTL and
// fetched again once when a token names an unknown kid, so a rotated-in
// key is picked up at once, while a flood of made-up kids causes at most
// one fetch per MinRefresh.
type CachedKeys struct {
	fetch      FetchFunc
	ttl        time.Duration
	minRefresh time.Duration

	mu      sync.RWMutex
	keys    map[string]ed25519.PublicKey
	fetched time.Time
	// missed is when an unknown kid last caused a fetch.
	missed time.Time
}

// NewCachedKeys caches the key set fetch returns for ttl.
func NewCachedKeys(fetch FetchFunc, ttl time.Duration) *CachedKeys {
	return &CachedKeys{fetch: fetch, ttl: ttl, minRefresh: 5 * time.Second}
}

// Key returns the key of kid, refreshing the set when it is stale or kid is
// unknown.
func (c *CachedKeys) Key(ctx context.Context, kid string) (ed25519.PublicKey, error) {
	c.mu.RLock()
	k, ok := c.keys[kid]
	fresh := time.Since(c.fetched) < c.ttl
	c.mu.RUnlock()
	if ok && fresh {
		return k, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	if k, ok := c.keys[kid]; ok && now.Sub(c.fetched) < c.ttl {
		return k, nil
	}
	_, known := c.keys[kid]
	stale := now.Sub(c.fetched) >= c.ttl
	if c.keys == nil || stale || (!known && now.Sub(c.missed) >= c.minRefresh) {
		if !known && !stale && c.keys != nil {
			c.missed = now
		}
		set, err := c.fetch(ctx)
		switch {
		case err == nil:
			c.keys, c.fetched = set.Map(), now
		case c.keys == nil:
			return nil, errs.Wrap(errs.Unavailable, err, "the signing keys are unavailable")
		}
		// On a failed refresh the old set keeps serving: a key that
		// verified a minute ago is still the best answer we have.
	}
	if k, ok := c.keys[kid]; ok {
		return k, nil
	}
	return nil, ErrUnknownKey
}

// HTTPJWKS fetches the key set from url (auth's /.well-known/jwks.json),
// for processes that do not run auth.
func HTTPJWKS(client *http.Client, url string) FetchFunc {
	return func(ctx context.Context) (JWKS, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return JWKS{}, fmt.Errorf("fetch jwks: %w", err)
		}
		resp, err := client.Do(req)
		if err != nil {
			return JWKS{}, fmt.Errorf("fetch jwks: %w", err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return JWKS{}, fmt.Errorf("fetch jwks: status %d", resp.StatusCode)
		}
		var set JWKS
		if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&set); err != nil {
			return JWKS{}, fmt.Errorf("fetch jwks: %w", err)
		}
		if len(set.Keys) == 0 {
			return JWKS{}, errors.New("fetch jwks: empty key set")
		}
		return set, nil
	}
}
