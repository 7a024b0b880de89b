package vault

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/vault/api"
)

// Resolve returns the value a reference names; it makes Client the `vault`
// scheme of config.Secrets. ref is the part after `vault:`.
func (c *Client) Resolve(ctx context.Context, ref string) (string, error) {
	r, err := ParseRef(ref)
	if err != nil {
		return "", err
	}
	v, _, err := c.read(ctx, r)
	return v, err
}

// read returns the value of r and the version it came from.
func (c *Client) read(ctx context.Context, r Ref) (string, int, error) {
	kv := c.api.KVv2(r.Mount)
	var s *api.KVSecret
	err := c.authorized(ctx, func(ctx context.Context) (err error) {
		if r.Version > 0 {
			s, err = kv.GetVersion(ctx, r.Path, r.Version)
		} else {
			s, err = kv.Get(ctx, r.Path)
		}
		return err
	})
	switch {
	case errors.Is(err, api.ErrSecretNotFound):
		return "", 0, fmt.Errorf("vault:%s: no such secret, or that version is deleted", r)
	case err != nil:
		return "", 0, fmt.Errorf("vault:%s: %w", r, readable(err))
	}
	raw, ok := s.Data[r.Key]
	if !ok {
		return "", 0, fmt.Errorf("vault:%s: the secret has no key %q", r, r.Key)
	}
	v, ok := raw.(string)
	if !ok {
		return "", 0, fmt.Errorf("vault:%s: key %q holds a %T, not a string", r, r.Key, raw)
	}
	version := 0
	if s.VersionMetadata != nil {
		version = s.VersionMetadata.Version
	}
	return v, version, nil
}

// currentVersion is the KV v2 current_version of r's secret, read from its
// metadata: rotation checks read it rather than the value itself.
func (c *Client) currentVersion(ctx context.Context, r Ref) (int, error) {
	var md *api.KVMetadata
	err := c.authorized(ctx, func(ctx context.Context) (err error) {
		md, err = c.api.KVv2(r.Mount).GetMetadata(ctx, r.Path)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("vault:%s: metadata: %w", r, readable(err))
	}
	return md.CurrentVersion, nil
}

// authorized runs call and, when Vault refuses the token (it expired, was
// revoked, or renewal fell behind), logs in again once and retries.
func (c *Client) authorized(ctx context.Context, call func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	err := call(ctx)
	if !forbidden(err) || c.method == nil {
		return err
	}
	c.mu.Lock()
	lerr := c.login(ctx)
	c.mu.Unlock()
	if lerr != nil {
		return errors.Join(err, lerr)
	}
	return call(ctx)
}

// readable shortens Vault's answer to its status and messages.
func readable(err error) error {
	var re *api.ResponseError
	if errors.As(err, &re) {
		return errors.New(vaultMessage(re))
	}
	return err
}
