package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Opaque secrets (refresh tokens, API keys, invitation and reset tokens)
// are prefix + base64url(tenant id ‖ 32 random bytes). Carrying the tenant
// lets the service look the secret up inside that tenant's transaction,
// under row-level security, with no cross-tenant index. Only SHA-256 of
// the whole string is stored: 256 random bits need no slow hash.
const (
	prefixRefresh = "vxr_"
	prefixAPIKey  = "vx_"
	prefixToken   = "vxt_"
)

const secretBytes = 32

func newSecret(prefix string, id tenant.ID) string {
	buf := make([]byte, 16+secretBytes)
	u := id.UUID()
	copy(buf, u[:])
	if _, err := rand.Read(buf[16:]); err != nil {
		panic("crypto/rand failed: " + err.Error()) // the platform cannot run without randomness
	}
	return prefix + base64.RawURLEncoding.EncodeToString(buf)
}

// parseSecret returns the tenant of s and the hash to look it up by.
// Returns UNAUTHENTICATED when s is not a secret of kind prefix.
func parseSecret(prefix, s string) (tenant.ID, []byte, error) {
	body, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return tenant.Nil, nil, errs.E(errs.Unauthenticated, "malformed token")
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil || len(raw) != 16+secretBytes {
		return tenant.Nil, nil, errs.E(errs.Unauthenticated, "malformed token")
	}
	u, _ := uuid.FromBytes(raw[:16])
	if u == uuid.Nil {
		return tenant.Nil, nil, errs.E(errs.Unauthenticated, "malformed token")
	}
	return tenant.ID(u), hashSecret(s), nil
}

func hashSecret(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

// hint is what lists show of a secret: its last four characters.
func hint(s string) string { return "…" + s[len(s)-4:] }
