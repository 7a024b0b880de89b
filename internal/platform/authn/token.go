package authn

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Issuer is the `iss` of every access token auth signs.
const Issuer = "vextrus-auth"

// Algorithm is the only JWS algorithm accepted: EdDSA over Ed25519.
const Algorithm = "EdDSA"

// Claims are the claims of a Vextrus access token.
type Claims struct {
	jwt.RegisteredClaims
	// Tenant is `tid`, the only source of a request's tenant.
	Tenant string `json:"tid"`
	// Roles are the role names the user held when the token was issued.
	Roles []string `json:"roles"`
	// Session is `sid`, the refresh-token family the token came from.
	Session string `json:"sid,omitempty"`
	// Service is `svc`, set only on a service credential: the platform
	// service acting for the tenant (sub is authz.ServiceSubject(svc)).
	Service string `json:"svc,omitempty"`
	// Permissions is `perms`, the exact grant of a service credential.
	// Read only when Service is set: a user's permissions come from roles.
	Permissions []string `json:"perms,omitempty"`
}

// Sign returns the compact JWS of claims signed with key, kid in the header.
func Sign(claims *Claims, kid string, key ed25519.PrivateKey) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodEdDSA, claims)
	t.Header["kid"] = kid
	s, err := t.SignedString(key)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return s, nil
}

// Verifier checks access tokens locally against a KeySource: no call to
// auth per request.
//
// A token that verified is remembered until it expires (at most
// verifiedCacheSize tokens), so the next request with the same bytes
// skips the signature check: a client sends one token many times, and a
// federated query checks it again in every subgraph it reaches. A hit is
// still checked for expiry and for its key being in the current key set,
// so a key rotated out stops its tokens at once.
type Verifier struct {
	keys   KeySource
	parser *jwt.Parser
	now    func() time.Time

	mu       sync.RWMutex
	verified map[string]verifiedToken
}

type verifiedToken struct {
	claims *Claims
	kid    string
	key    ed25519.PublicKey
}

// verifiedCacheSize bounds the remembered tokens: about 1,000 bytes each.
const verifiedCacheSize = 20_000

// Leeway tolerates clock skew between the signer and the verifier.
const Leeway = 30 * time.Second

// NewVerifier returns a verifier of tokens whose keys come from keys. now
// may be nil (time.Now); tests pass a fixed clock.
func NewVerifier(keys KeySource, now func() time.Time) *Verifier {
	opts := []jwt.ParserOption{
		// Only EdDSA: `none`, and HS256 keyed with the public key, fail here.
		jwt.WithValidMethods([]string{Algorithm}),
		jwt.WithIssuer(Issuer),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(Leeway),
	}
	if now != nil {
		opts = append(opts, jwt.WithTimeFunc(now))
	} else {
		now = time.Now
	}
	return &Verifier{keys: keys, parser: jwt.NewParser(opts...), now: now, verified: map[string]verifiedToken{}}
}

// Verify parses and checks raw: algorithm, key id, signature, issuer,
// expiry, not-before and the claims a request needs. Returns
// UNAUTHENTICATED for any bad token, UNAVAILABLE when the key set cannot be
// fetched.
func (v *Verifier) Verify(ctx context.Context, raw string) (*Claims, error) {
	if c, ok, err := v.remembered(ctx, raw); ok || err != nil {
		return c, err
	}
	claims := &Claims{}
	var kid string
	var key ed25519.PublicKey
	_, err := v.parser.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		kid, _ = t.Header["kid"].(string)
		if kid == "" {
			return nil, errs.E(errs.Unauthenticated, "token has no key id")
		}
		k, err := v.keys.Key(ctx, kid)
		key = k
		return k, err
	})
	if err != nil {
		var e *errs.Error
		if errors.As(err, &e) && e.Code != errs.Unauthenticated {
			return nil, e
		}
		return nil, errs.Wrap(errs.Unauthenticated, err, "%s", reason(err))
	}
	if claims.Subject == "" || claims.Tenant == "" || claims.ID == "" {
		return nil, errs.E(errs.Unauthenticated, "token lacks sub, tid or jti")
	}
	v.remember(raw, verifiedToken{claims: claims, kid: kid, key: key})
	return claims.clone(), nil
}

// clone copies c, so a caller's changes never reach the remembered claims.
func (c *Claims) clone() *Claims {
	out := *c
	out.Roles = slices.Clone(c.Roles)
	out.Permissions = slices.Clone(c.Permissions)
	out.Audience = slices.Clone(c.Audience)
	return &out
}

// remembered answers raw from the tokens verified before: ok with a copy
// of its claims, an error when it has expired since, or neither when raw
// is unknown or its key is no longer current (verify it afresh).
func (v *Verifier) remembered(ctx context.Context, raw string) (*Claims, bool, error) {
	v.mu.RLock()
	t, ok := v.verified[raw]
	v.mu.RUnlock()
	if !ok {
		return nil, false, nil
	}
	if !v.now().Before(t.claims.ExpiresAt.Add(Leeway)) {
		v.mu.Lock()
		delete(v.verified, raw)
		v.mu.Unlock()
		return nil, false, errs.Wrap(errs.Unauthenticated, jwt.ErrTokenExpired, "token expired")
	}
	if k, err := v.keys.Key(ctx, t.kid); err != nil || !k.Equal(t.key) {
		return nil, false, nil
	}
	return t.claims.clone(), true, nil
}

func (v *Verifier) remember(raw string, t verifiedToken) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(v.verified) >= verifiedCacheSize {
		// Drop expired tokens; if none, an arbitrary tenth (map order).
		now := v.now()
		for r, e := range v.verified {
			if !now.Before(e.claims.ExpiresAt.Add(Leeway)) {
				delete(v.verified, r)
			}
		}
		for r := range v.verified {
			if len(v.verified) < verifiedCacheSize*9/10 {
				break
			}
			delete(v.verified, r)
		}
	}
	v.verified[raw] = t
}

// reason gives the client a short, safe account of why a token failed.
func reason(err error) string {
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return "token expired"
	case errors.Is(err, jwt.ErrTokenNotValidYet), errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return "token not valid yet"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
		return "token signature invalid"
	case errors.Is(err, ErrUnknownKey):
		return "token signed with an unknown key"
	}
	return "invalid token"
}
