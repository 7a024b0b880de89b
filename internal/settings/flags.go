package settings

import (
	"context"
	"time"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// Flags lists every flag of the catalog, sorted by key, with the
// tenant's state of it. Needs settings.flag.read.
func (s *Service) Flags(ctx context.Context) ([]Flag, error) {
	if err := authz.Require(ctx, PermFlagRead); err != nil {
		return nil, err
	}
	var rows map[string]flagRow
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		rows, err = loadFlags(ctx, tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	defs := s.flags.Defs()
	out := make([]Flag, len(defs))
	for i, d := range defs {
		r, ok := rows[d.Key]
		out[i] = toFlag(d, r, ok)
	}
	return out, nil
}

// Flag returns the catalog flag key with the tenant's state. Needs
// settings.flag.read. Returns INVALID_ARGUMENT on field "key" for a flag
// the catalog does not declare.
func (s *Service) Flag(ctx context.Context, key string) (Flag, error) {
	if err := authz.Require(ctx, PermFlagRead); err != nil {
		return Flag{}, err
	}
	def, ok := s.flags.Lookup(key)
	if !ok {
		return Flag{}, s.flags.Known("key", key)
	}
	var r flagRow
	var found bool
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		r, found, err = loadFlag(ctx, tx, key, false)
		return err
	})
	return toFlag(def, r, found), err
}

// SetFlag makes state the tenant's state of flag key, as the version after
// expectedVersion (0 when the tenant never set it; AnyVersion skips the
// check), and publishes vextrus.settings.flag.changed.v1 with the old and
// new states and reason. The same state again changes nothing. Needs
// settings.flag.write.
//
// Returns INVALID_ARGUMENT naming every bad field at once ("key" for a
// flag the catalog does not declare, "state.rolloutPercent",
// "state.rolloutBy", "reason"), and CONFLICT (errs.Stale) when the flag
// is at another version; either way nothing changes.
func (s *Service) SetFlag(ctx context.Context, key string, state tenantsettings.FlagState, expectedVersion int, reason string) (Flag, error) {
	if err := authz.Require(ctx, PermFlagWrite); err != nil {
		return Flag{}, err
	}
	var c errs.Collector
	c.Merge("", s.flags.Known("key", key))
	c.Merge("state", state.Validate())
	checkChange(&c, &reason, expectedVersion)
	if err := c.Err(); err != nil {
		return Flag{}, err
	}
	def, _ := s.flags.Lookup(key)
	var out Flag
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		before, _, err := loadFlag(ctx, tx, key, true)
		if err != nil {
			return err
		}
		if err := checkVersion("the flag's states", before.Version, expectedVersion); err != nil {
			return err
		}
		out, err = s.saveState(ctx, tx, def, before, &state, reason)
		return err
	})
	if err == nil {
		s.committed(ctx)
	}
	return out, err
}

// ResetFlag removes the tenant's state of flag key, so the flag follows
// the catalog's default again, as the version after expectedVersion
// (AnyVersion skips the check), and publishes
// vextrus.settings.flag.changed.v1 with the old state and a null new
// one. A flag already on its default changes nothing. Needs
// settings.flag.write.
//
// Returns INVALID_ARGUMENT naming every bad field at once ("key",
// "reason"), and CONFLICT (errs.Stale) when the flag is at another
// version; either way nothing changes.
func (s *Service) ResetFlag(ctx context.Context, key string, expectedVersion int, reason string) (Flag, error) {
	if err := authz.Require(ctx, PermFlagWrite); err != nil {
		return Flag{}, err
	}
	var c errs.Collector
	c.Merge("", s.flags.Known("key", key))
	checkChange(&c, &reason, expectedVersion)
	if err := c.Err(); err != nil {
		return Flag{}, err
	}
	def, _ := s.flags.Lookup(key)
	var out Flag
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		before, found, err := loadFlag(ctx, tx, key, true)
		if err != nil {
			return err
		}
		if err := checkVersion("the flag's states", before.Version, expectedVersion); err != nil {
			return err
		}
		if !found {
			out = toFlag(def, before, false)
			return nil
		}
		out, err = s.saveState(ctx, tx, def, before, nil, reason)
		return err
	})
	if err == nil {
		s.committed(ctx)
	}
	return out, err
}

// saveState stores state (nil: the default) as the version after before's
// and appends its event, unless it is the state the flag has.
func (s *Service) saveState(ctx context.Context, tx *db.Tx, def tenantsettings.FlagDef, before flagRow,
	state *tenantsettings.FlagState, reason string) (Flag, error) {
	if sameState(before.State, state) {
		return toFlag(def, before, true), nil
	}
	after := flagRow{Key: before.Key, State: state, Version: before.Version + 1,
		UpdatedAt: s.now().UTC().Truncate(time.Microsecond), UpdatedBy: authz.Actor(ctx), Reason: reason}
	if err := saveFlag(ctx, tx, after); err != nil {
		return Flag{}, err
	}
	return toFlag(def, after, true), s.emit(ctx, tx, flagChangedEvent(tx.Tenant(), before.State, after))
}

func sameState(a, b *tenantsettings.FlagState) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

// IsEnabled reports whether flag key is on for the caller: the tenant's
// state evaluated for the caller's user id, or the catalog's default. Any
// signed-in user of the tenant may ask. Returns UNAUTHENTICATED without a
// caller and INVALID_ARGUMENT on field "flag" for a flag the catalog does
// not declare.
func (s *Service) IsEnabled(ctx context.Context, key string) (bool, error) {
	p, ok := authz.From(ctx)
	if !ok {
		return false, errs.E(errs.Unauthenticated, "authentication required")
	}
	if s.cache != nil {
		return s.cache.Enabled(ctx, p.Tenant, p.UserID, key)
	}
	def, ok := s.flags.Lookup(key)
	if !ok {
		return false, s.flags.Known("flag", key)
	}
	var r flagRow
	var found bool
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		r, found, err = loadFlag(ctx, tx, key, false)
		return err
	})
	if err != nil {
		return false, err
	}
	return On(toFlag(def, r, found), p), nil
}

// On reports whether f is on for the caller p.
func On(f Flag, p *authz.Principal) bool {
	states := map[string]tenantsettings.FlagState{}
	if f.State != nil {
		states[f.Def.Key] = *f.State
	}
	return tenantsettings.Evaluate(f.Def, states, p.Tenant.String(), p.UserID)
}

func toFlag(def tenantsettings.FlagDef, r flagRow, found bool) Flag {
	f := Flag{Def: def}
	if found {
		f.State, f.Version, f.UpdatedAt, f.UpdatedBy, f.Reason = r.State, r.Version, r.UpdatedAt, r.UpdatedBy, r.Reason
	}
	return f
}
