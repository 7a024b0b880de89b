// Package tokenseal seals short secrets (invite and password-reset
// tokens) for the trip through events: auth seals a token into its event,
// the audit log and Kafka keep only the ciphertext, and notify opens it
// when it sends the email. The key is derived with HKDF-SHA256 from the
// shared secret both sides hold (auth.service_token_secret); the cipher
// is AES-256-GCM with a random nonce, so a sealed value is
// "v1.<base64url(nonce ‖ ciphertext ‖ tag)>".
package tokenseal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
)

// info binds derived keys to this use: the same secret yields other keys
// for other purposes.
const info = "vextrus tokenseal v1"

const prefix = "v1."

// ErrNoSecret is returned when the secret is empty: nothing can be sealed
// or opened without one.
var ErrNoSecret = errors.New("tokenseal: no secret")

// ErrOpen is returned for a sealed value that is malformed, was sealed
// under another secret, or was altered.
var ErrOpen = errors.New("tokenseal: cannot open the sealed value")

func aead(secret string) (cipher.AEAD, error) {
	if secret == "" {
		return nil, ErrNoSecret
	}
	key, err := hkdf.Key(sha256.New, []byte(secret), nil, info, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// Seal encrypts plaintext under a key derived from secret.
func Seal(secret, plaintext string) (string, error) {
	a, err := aead(secret)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, a.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := a.Seal(nonce, nonce, []byte(plaintext), []byte(prefix))
	return prefix + base64.RawURLEncoding.EncodeToString(out), nil
}

// Open decrypts what Seal made with the same secret. Returns ErrOpen when
// it cannot, ErrNoSecret for an empty secret.
func Open(secret, sealed string) (string, error) {
	a, err := aead(secret)
	if err != nil {
		return "", err
	}
	raw, ok := strings.CutPrefix(sealed, prefix)
	if !ok {
		return "", ErrOpen
	}
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil || len(b) < a.NonceSize()+a.Overhead() {
		return "", ErrOpen
	}
	plain, err := a.Open(nil, b[:a.NonceSize()], b[a.NonceSize():], []byte(prefix))
	if err != nil {
		return "", ErrOpen
	}
	return string(plain), nil
}
