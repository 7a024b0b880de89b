package auth

import (
	"context"
	"encoding/hex"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// APIKey is an integration credential of a tenant, scoped to permissions.
type APIKey struct {
	ID          uuid.UUID
	Name        string
	Hint        string
	Permissions []string
	CreatedBy   uuid.UUID
	CreatedAt   time.Time
	ExpiresAt   *time.Time
	RevokedAt   *time.Time
	LastUsedAt  *time.Time
}

// CreateAPIKey makes a key and returns it with its secret, which is shown
// this once and stored only hashed. Needs auth.apikey.write and every
// permission the key is given. Returns INVALID_ARGUMENT, PERMISSION_DENIED.
func (s *Service) CreateAPIKey(ctx context.Context, name string, perms []string, expiresAt *time.Time) (APIKey, string, error) {
	if err := authz.Require(ctx, PermAPIKeyWrite); err != nil {
		return APIKey{}, "", err
	}
	c := &errs.Collector{}
	c.Check(name != "" && len(name) <= 200, "name", "is required (at most 200 characters)")
	c.Check(len(perms) > 0, "permissions", "must list at least one permission")
	for i, p := range perms {
		c.Check(s.registry.Known(p), "permissions["+itoa(i)+"]", "%s is not a permission", p)
	}
	c.Check(expiresAt == nil || expiresAt.After(s.now()), "expiresAt", "must be in the future")
	if err := c.Err(); err != nil {
		return APIKey{}, "", err
	}
	p, _ := authz.From(ctx)
	for _, perm := range perms {
		if !p.Has(perm) {
			return APIKey{}, "", errs.E(errs.PermissionDenied, "you cannot give a key %s, which you do not hold", perm)
		}
	}
	creator := uuidOrNil(p.UserID)
	if creator == nil || p.APIKey {
		return APIKey{}, "", errs.E(errs.PermissionDenied, "only a user can create API keys")
	}
	k := APIKey{ID: uuid.Must(uuid.NewV7()), Name: name, Permissions: perms, CreatedBy: *creator, ExpiresAt: expiresAt}
	tid, _ := tenant.From(ctx)
	secret := newSecret(prefixAPIKey, tid)
	k.Hint = hint(secret)
	err := s.store.insertAPIKey(ctx, &k, hashSecret(secret))
	return k, secret, err
}

// ListAPIKeys lists the tenant's keys without secrets. Needs auth.apikey.read.
func (s *Service) ListAPIKeys(ctx context.Context) ([]APIKey, error) {
	if err := authz.Require(ctx, PermAPIKeyRead); err != nil {
		return nil, err
	}
	return s.store.apiKeys(ctx)
}

// RevokeAPIKey stops a key at once in this process, and within
// auth.api_key_cache_ttl elsewhere. Needs auth.apikey.write. Returns NOT_FOUND.
func (s *Service) RevokeAPIKey(ctx context.Context, id uuid.UUID) error {
	if err := authz.Require(ctx, PermAPIKeyWrite); err != nil {
		return err
	}
	hash, err := s.store.revokeAPIKey(ctx, id)
	if err != nil {
		return err
	}
	s.apiKeys.drop(hex.EncodeToString(hash))
	return nil
}

// VerifyAPIKey implements authn.APIKeyVerifier: a verified key is cached
// briefly so integrations do not cost a query per request; last_used_at is
// written at most once per cache period. Returns UNAUTHENTICATED.
func (s *Service) VerifyAPIKey(ctx context.Context, raw string) (*authz.Principal, error) {
	tid, hash, err := parseSecret(prefixAPIKey, raw)
	if err != nil {
		return nil, errs.E(errs.Unauthenticated, "invalid API key")
	}
	key := hex.EncodeToString(hash)
	if p, ok := s.apiKeys.get(key, s.now()); ok {
		return p, nil
	}
	id, perms, err := s.store.useAPIKey(tenant.With(ctx, tid), hash, s.now())
	if errs.Is(err, errs.NotFound) {
		return nil, errs.E(errs.Unauthenticated, "invalid API key")
	} else if err != nil {
		return nil, err
	}
	p := &authz.Principal{UserID: id.String(), Tenant: tid, APIKey: true, Permissions: map[string]bool{}}
	for _, perm := range perms {
		p.Permissions[perm] = true
	}
	s.apiKeys.put(key, p, s.now())
	return p, nil
}

type apiKeyCache struct {
	ttl time.Duration
	mu  sync.RWMutex
	m   map[string]apiKeyEntry
}

type apiKeyEntry struct {
	p     *authz.Principal
	until time.Time
}

func newAPIKeyCache(ttl time.Duration) *apiKeyCache {
	return &apiKeyCache{ttl: ttl, m: map[string]apiKeyEntry{}}
}

func (c *apiKeyCache) get(key string, now time.Time) (*authz.Principal, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.m[key]
	return e.p, ok && now.Before(e.until)
}

func (c *apiKeyCache) put(key string, p *authz.Principal, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) > 10_000 {
		clear(c.m) // a flood of keys: start over rather than grow
	}
	c.m[key] = apiKeyEntry{p: p, until: now.Add(c.ttl)}
}

func (c *apiKeyCache) drop(key string) {
	c.mu.Lock()
	delete(c.m, key)
	c.mu.Unlock()
}
