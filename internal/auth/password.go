package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Argon2Params are the argon2id cost parameters. They are written into each
// hash, so raising them later re-hashes passwords at their next login.
type Argon2Params struct {
	// MemoryKiB is the memory cost in KiB.
	MemoryKiB uint32 `yaml:"memory_kib" doc:"argon2id memory cost in KiB"`
	// Iterations is the time cost.
	Iterations uint32 `yaml:"iterations" doc:"argon2id passes over memory"`
	// Parallelism is the lanes; 1 keeps one login on one core.
	Parallelism uint8 `yaml:"parallelism" doc:"argon2id lanes"`
}

// DefaultArgon2 follows the OWASP Password Storage Cheat Sheet's first
// argon2id profile (m=19 MiB, t=2, p=1): tens of milliseconds per hash on
// one core, and little enough memory that a burst of logins cannot exhaust
// the process (docs/auth.md; the measured cost is in docs/scaling.md).
var DefaultArgon2 = Argon2Params{MemoryKiB: 19 * 1024, Iterations: 2, Parallelism: 1}

const (
	saltLen = 16
	keyLen  = 32
)

func (p Argon2Params) validate() error {
	if p.MemoryKiB < 8*1024 || p.Iterations < 1 || p.Parallelism < 1 {
		return errors.New("auth: argon2 parameters below the minimum (memory_kib >= 8192, iterations >= 1, parallelism >= 1)")
	}
	return nil
}

// hasher runs argon2id with bounded concurrency: each hash holds MemoryKiB,
// so a login flood queues rather than exhausting memory.
type hasher struct {
	params Argon2Params
	slots  chan struct{}
	// dummy is verified for unknown users, so they cost the same time.
	dummy string
}

func newHasher(p Argon2Params) *hasher {
	h := &hasher{params: p, slots: make(chan struct{}, 2*runtime.GOMAXPROCS(0))}
	h.dummy = h.encode(make([]byte, saltLen), []byte("no such user"))
	return h
}

func (h *hasher) acquire(ctx context.Context) error {
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return errs.Wrap(errs.Unavailable, ctx.Err(), "busy; retry")
	}
}

func (h *hasher) release() { <-h.slots }

// hash returns the PHC string of password with a fresh salt.
func (h *hasher) hash(ctx context.Context, password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("salt: %w", err)
	}
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	return h.encode(salt, []byte(password)), nil
}

func (h *hasher) encode(salt, password []byte) string {
	p := h.params
	key := argon2.IDKey(password, salt, p.Iterations, p.MemoryKiB, p.Parallelism, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemoryKiB, p.Iterations, p.Parallelism,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// verify reports whether password matches encoded (the dummy hash when
// encoded is empty, so an unknown user costs what a known one does), and
// whether the hash should be redone with the current parameters.
func (h *hasher) verify(ctx context.Context, encoded, password string) (ok, stale bool, err error) {
	if encoded == "" {
		encoded = h.dummy
		defer func() { ok = false }()
	}
	p, salt, want, err := decodePHC(encoded)
	if err != nil {
		return false, false, err
	}
	if err := h.acquire(ctx); err != nil {
		return false, false, err
	}
	defer h.release()
	got := argon2.IDKey([]byte(password), salt, p.Iterations, p.MemoryKiB, p.Parallelism, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, p != h.params, nil
}

func decodePHC(s string) (Argon2Params, []byte, []byte, error) {
	var p Argon2Params
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, errors.New("password hash is not argon2id")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Iterations, &p.Parallelism); err != nil {
		return p, nil, nil, fmt.Errorf("password hash parameters: %w", err)
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	key, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err := errors.Join(err1, err2); err != nil {
		return p, nil, nil, fmt.Errorf("password hash encoding: %w", err)
	}
	return p, salt, key, nil
}

// MinPasswordLength is the policy's minimum, in characters (NIST SP 800-63B
// asks for at least 8; we ask for 12 and no composition rules).
const MinPasswordLength = 12

// maxPasswordLength bounds hashing work per request.
const maxPasswordLength = 256

// commonPasswords are refused outright; the list is short on purpose, the
// length rule does most of the work.
var commonPasswords = map[string]bool{
	"password1234": true, "123456789012": true, "qwertyuiopas": true, "vextrusvextrus": true,
	"passwordpassword": true, "iloveyou1234": true, "bangladesh123": true, "admin1234567": true,
}

// checkPassword applies the password policy, naming field in its errors.
func checkPassword(field, password, email string) error {
	n := utf8.RuneCountInString(password)
	lower := strings.ToLower(password)
	local, _, _ := strings.Cut(strings.ToLower(email), "@")
	switch {
	case n < MinPasswordLength:
		return errs.Field(field, "must be at least %d characters", MinPasswordLength)
	case n > maxPasswordLength:
		return errs.Field(field, "must be at most %d characters", maxPasswordLength)
	case lower == strings.ToLower(email) || (len(local) >= 4 && strings.Contains(lower, local)):
		return errs.Field(field, "must not contain the email address")
	case commonPasswords[lower] || len(strings.Trim(lower, lower[:1])) == 0:
		return errs.Field(field, "is too easy to guess")
	}
	return nil
}
