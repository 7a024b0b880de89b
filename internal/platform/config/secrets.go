package config

import (
	"context"
	"fmt"
	"os"
	"strings"
)

// Resolver turns a secret reference (the part after "scheme:") into its
// value. Vault KV v2 plugs in here as the "vault" scheme.
type Resolver interface {
	Resolve(ctx context.Context, ref string) (string, error)
}

// ResolverFunc adapts a function to Resolver.
type ResolverFunc func(ctx context.Context, ref string) (string, error)

// Resolve calls f.
func (f ResolverFunc) Resolve(ctx context.Context, ref string) (string, error) { return f(ctx, ref) }

// Secrets resolves `env:NAME`, `file:/path` and any registered scheme such
// as `vault:<path>#<key>`.
type Secrets struct {
	schemes map[string]Resolver
}

// NewSecrets returns resolvers for env: (through lookup) and file:.
func NewSecrets(lookup func(string) (string, bool)) *Secrets {
	s := &Secrets{schemes: map[string]Resolver{}}
	s.schemes["env"] = ResolverFunc(func(_ context.Context, name string) (string, error) {
		v, ok := lookup(name)
		if !ok {
			return "", fmt.Errorf("secret reference env:%s: variable %s is not set", name, name)
		}
		return v, nil
	})
	s.schemes["file"] = ResolverFunc(func(_ context.Context, path string) (string, error) {
		b, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("secret reference file:%s: %w", path, err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	})
	return s
}

// Register adds a scheme, e.g. Register("vault", vaultResolver).
func (s *Secrets) Register(scheme string, r Resolver) { s.schemes[scheme] = r }

// refSchemes are the prefixes that make a value a reference. vault is listed
// even before a resolver exists so that a vault reference without one is an
// error rather than a literal password.
var refSchemes = []string{"env", "file", "vault"}

// Resolve returns the value of raw when it is a reference; isRef is false
// for plain values, which are returned unchanged.
func (s *Secrets) Resolve(ctx context.Context, raw string) (value string, isRef bool, err error) {
	scheme, ref, ok := strings.Cut(raw, ":")
	if !ok || ref == "" || !isRefScheme(scheme) || strings.HasPrefix(ref, "//") {
		// URLs such as postgres://... are values, not references.
		return raw, false, nil
	}
	r, known := s.schemes[scheme]
	if !known {
		return "", true, fmt.Errorf("secret reference %s:...: no %s resolver is configured", scheme, scheme)
	}
	v, err := r.Resolve(ctx, ref)
	return v, true, err
}

func isRefScheme(s string) bool {
	for _, r := range refSchemes {
		if s == r {
			return true
		}
	}
	return false
}
