package console

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"slices"
	"time"
)

// Session is one signed-in browser: who, with which tokens, in which
// language. It is kept server side (Store); the browser holds only its id.
type Session struct {
	// ID is the cookie's value. Stores key the record by Key(ID), so a
	// copy of the store does not give working cookies.
	ID string `json:"-"`
	// CSRF is the synchronizer token every form of this session carries.
	CSRF       string    `json:"csrf"`
	TenantSlug string    `json:"tenantSlug"`
	TenantID   string    `json:"tenantId"`
	TenantName string    `json:"tenantName"`
	UserID     string    `json:"userId"`
	Email      string    `json:"email"`
	Name       string    `json:"name"`
	Timezone   string    `json:"timezone"`
	Lang       Lang      `json:"lang"`
	Access     string    `json:"access"`
	Refresh    string    `json:"refresh"`
	AccessExp  time.Time `json:"accessExp"`
	// Permissions are what auth's principal endpoint reported at sign-in
	// and at each refresh: they decide what the screens offer, never what
	// is allowed (the services decide that).
	Permissions []string  `json:"permissions"`
	Created     time.Time `json:"created"`
	Seen        time.Time `json:"seen"`
}

// Can reports whether the session's user holds permission perm.
func (s *Session) Can(perm string) bool { return s != nil && slices.Contains(s.Permissions, perm) }

// Key is the store key of session id: its SHA-256, so the store never
// holds a usable cookie value.
func Key(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

// newToken returns 32 random bytes, URL-safe base64.
func newToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Store keeps sessions. Implementations are safe for concurrent use.
type Store interface {
	// Get returns the session with id. Returns NOT_FOUND when there is
	// none or it has expired.
	Get(ctx context.Context, id string) (*Session, error)
	// Put stores s under s.ID for ttl.
	Put(ctx context.Context, s *Session, ttl time.Duration) error
	// Delete forgets the session with id; an unknown id is no error.
	Delete(ctx context.Context, id string) error
}
