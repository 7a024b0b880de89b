package auth

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authn"
	"github.com/vextrus/vextrus/internal/platform/db"
)

// keyRing holds the signing keys. The newest unretired key signs; every
// key stays in the JWKS until the last token it signed has expired, so
// verifiers see a rotation's new key before it matters and the old one as
// long as it matters.
type keyRing struct {
	st   *store
	aead cipher.AEAD
	cfg  Config
	now  func() time.Time

	mu     sync.RWMutex
	keys   []signingKey // newest first
	loaded time.Time
}

type signingKey struct {
	kid       string
	public    ed25519.PublicKey
	private   ed25519.PrivateKey
	retireAt  time.Time
	expiresAt time.Time
}

// keyLock serialises rotation across replicas.
const keyLock = 0x7665787472757341 // "vextrus" + 'A'

func newKeyRing(st *store, kek []byte, cfg Config, now func() time.Time) *keyRing {
	block, err := aes.NewCipher(kek)
	if err != nil {
		panic(err) // kek length is validated by Config
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return &keyRing{st: st, aead: aead, cfg: cfg, now: now}
}

// ensure loads the keys and adds a new one when none can sign for at least
// another access-token lifetime, so the successor is published early.
func (k *keyRing) ensure(ctx context.Context) error {
	var keys []signingKey
	err := k.st.db.InTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if err := k.st.lockKeys(ctx, tx); err != nil {
			return err
		}
		var err error
		if keys, err = k.load(ctx, tx); err != nil {
			return err
		}
		now := k.now()
		if len(keys) > 0 && keys[0].retireAt.After(now.Add(k.cfg.AccessTTL)) {
			return nil
		}
		start := now
		if len(keys) > 0 && keys[0].retireAt.After(now) {
			start = keys[0].retireAt
		}
		nk, err := k.create(ctx, tx, start)
		if err != nil {
			return err
		}
		keys = append([]signingKey{nk}, keys...)
		return k.st.deleteExpiredKeys(ctx, tx, now)
	})
	if err != nil {
		return fmt.Errorf("signing keys: %w", err)
	}
	k.mu.Lock()
	k.keys, k.loaded = keys, k.now()
	k.mu.Unlock()
	return nil
}

func (k *keyRing) load(ctx context.Context, tx *db.Tx) ([]signingKey, error) {
	stored, err := k.st.keys(ctx, tx, k.now())
	if err != nil {
		return nil, err
	}
	var out []signingKey
	for _, r := range stored {
		sk := signingKey{kid: r.kid, retireAt: r.retireAt, expiresAt: r.expiresAt}
		pub, sealed := r.public, r.sealed
		seed, err := k.aead.Open(nil, sealed[:k.aead.NonceSize()], sealed[k.aead.NonceSize():], []byte(sk.kid))
		if err != nil {
			return nil, fmt.Errorf("unseal key %s (wrong auth.key_encryption_key?): %w", sk.kid, err)
		}
		sk.public, sk.private = ed25519.PublicKey(pub), ed25519.NewKeyFromSeed(seed)
		out = append(out, sk)
	}
	return out, nil
}

// create makes a key that signs from start for KeyRotateEvery, and is
// published until the tokens it signed have expired.
func (k *keyRing) create(ctx context.Context, tx *db.Tx, start time.Time) (signingKey, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return signingKey{}, err
	}
	kid := uuid.Must(uuid.NewV7()).String()
	nonce := make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return signingKey{}, err
	}
	// The kid is the associated data: a sealed key moved to another row
	// does not open.
	sealed := k.aead.Seal(nonce, nonce, priv.Seed(), []byte(kid))
	sk := signingKey{kid: kid, public: pub, private: priv, retireAt: start.Add(k.cfg.KeyRotateEvery)}
	sk.expiresAt = sk.retireAt.Add(k.cfg.AccessTTL + authn.Leeway)
	err = k.st.insertKey(ctx, tx, storedKey{kid: kid, public: pub, sealed: sealed, retireAt: sk.retireAt, expiresAt: sk.expiresAt}, k.now())
	return sk, err
}

// signer returns the key that signs now: the oldest unretired one, so a
// successor created early is published before it signs.
func (k *keyRing) signer() (signingKey, error) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	now := k.now()
	for i := len(k.keys) - 1; i >= 0; i-- {
		if k.keys[i].retireAt.After(now) && !k.keys[i].retireAt.Add(-k.cfg.KeyRotateEvery).After(now) {
			return k.keys[i], nil
		}
	}
	if len(k.keys) > 0 && k.keys[0].retireAt.After(now) {
		return k.keys[0], nil
	}
	return signingKey{}, errors.New("no signing key is current; is the auth module started?")
}

// jwks is the public key set; it reloads from the database when another
// replica may have rotated since.
func (k *keyRing) jwks(ctx context.Context) (authn.JWKS, error) {
	k.mu.RLock()
	stale := k.now().Sub(k.loaded) > time.Minute
	k.mu.RUnlock()
	if stale {
		if err := k.reload(ctx); err != nil {
			return authn.JWKS{}, err
		}
	}
	k.mu.RLock()
	defer k.mu.RUnlock()
	set := authn.JWKS{Keys: make([]authn.JWK, 0, len(k.keys))}
	for _, sk := range k.keys {
		set.Keys = append(set.Keys, authn.PublicJWK(sk.kid, sk.public))
	}
	return set, nil
}

func (k *keyRing) reload(ctx context.Context) error {
	var keys []signingKey
	err := k.st.db.Read(ctx, func(ctx context.Context, tx *db.Tx) error {
		var err error
		keys, err = k.load(ctx, tx)
		return err
	})
	if err != nil {
		return fmt.Errorf("reload signing keys: %w", err)
	}
	k.mu.Lock()
	k.keys, k.loaded = keys, k.now()
	k.mu.Unlock()
	return nil
}
