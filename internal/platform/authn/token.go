package authn

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
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
type Verifier struct {
	keys   KeySource
	parser *jwt.Parser
}

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
	}
	return &Verifier{keys: keys, parser: jwt.NewParser(opts...)}
}

// Verify parses and checks raw: algorithm, key id, signature, issuer,
// expiry, not-before and the claims a request needs. Returns
// UNAUTHENTICATED for any bad token, UNAVAILABLE when the key set cannot be
// fetched.
func (v *Verifier) Verify(ctx context.Context, raw string) (*Claims, error) {
	claims := &Claims{}
	_, err := v.parser.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		if kid == "" {
			return nil, errs.E(errs.Unauthenticated, "token has no key id")
		}
		return v.keys.Key(ctx, kid)
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
	return claims, nil
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
