// Package authn verifies who is calling: access tokens (EdDSA JWTs checked
// locally against a cached key set) and API keys, in an HTTP middleware
// that puts the principal, its tenant and the raw credential into the
// request context. This file carries the caller's raw
// credential (the Authorization header value) so that calls to other
// services forward it unchanged.
package authn

import "context"

type credentialKey struct{}

// WithCredential returns ctx carrying the raw Authorization header value.
func WithCredential(ctx context.Context, authorization string) context.Context {
	return context.WithValue(ctx, credentialKey{}, authorization)
}

// Credential returns the raw Authorization header value in ctx, or "".
func Credential(ctx context.Context) string {
	s, _ := ctx.Value(credentialKey{}).(string)
	return s
}
