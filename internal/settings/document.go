package settings

import (
	"context"
	"time"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// Get returns the caller's tenant's settings. Needs settings.tenant.read.
func (s *Service) Get(ctx context.Context) (Document, error) {
	if err := authz.Require(ctx, PermTenantRead); err != nil {
		return Document{}, err
	}
	var d Document
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		d, err = loadDocument(ctx, tx, false)
		return err
	})
	return d, err
}

// Replace makes next the tenant's whole settings document, as the version
// after expectedVersion (AnyVersion skips the check), and publishes
// vextrus.settings.changed.v1 with the old and new documents, the paths
// that changed and reason. A document equal to the current one changes
// nothing and publishes nothing. Needs settings.tenant.write.
//
// Returns INVALID_ARGUMENT naming every bad field at once (the
// document's JSON path such as "company.bin", "reason", "expectedVersion"), and
// CONFLICT (errs.Stale) when the settings are at another version; either
// way nothing changes.
func (s *Service) Replace(ctx context.Context, next tenantsettings.Settings, expectedVersion int, reason string) (Document, error) {
	if err := authz.Require(ctx, PermTenantWrite); err != nil {
		return Document{}, err
	}
	var c errs.Collector
	c.Merge("", next.Validate())
	checkChange(&c, &reason, expectedVersion)
	if err := c.Err(); err != nil {
		return Document{}, err
	}
	var out Document
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		before, err := loadDocument(ctx, tx, true)
		if err != nil {
			return err
		}
		if err := checkVersion("the settings", before.Version, expectedVersion); err != nil {
			return err
		}
		out, err = s.write(ctx, tx, before, next, authz.Actor(ctx), reason)
		return err
	})
	if err == nil {
		s.committed(ctx)
	}
	return out, err
}

// write stores next as the version after before and appends its event;
// an unchanged document stays as it is.
func (s *Service) write(ctx context.Context, tx *db.Tx, before Document, next tenantsettings.Settings, by, reason string) (Document, error) {
	if before.Version > 0 && sameJSON(before.Settings, next) {
		return before, nil
	}
	after := Document{Settings: next, Version: before.Version + 1, UpdatedAt: s.now().UTC().Truncate(time.Microsecond), UpdatedBy: by, Reason: reason}
	if err := saveDocument(ctx, tx, after); err != nil {
		return Document{}, err
	}
	return after, s.emit(ctx, tx, changedEvent(tx.Tenant(), before, after))
}

// Snapshot returns tenant t's settings and flag states for
// tenantsettings.Client: the document's version, and the defaults at
// version 0 for a tenant that has none. It checks no permission: it is
// the platform's own read, for the process itself and for other
// processes through the internal listener (docs/security.md).
func (s *Service) Snapshot(ctx context.Context, t tenant.ID) (*tenantsettings.Snapshot, error) {
	var snap *tenantsettings.Snapshot
	err := s.db.ReadTenant(tenant.With(ctx, t), func(ctx context.Context, tx *db.Tx) (err error) {
		snap, err = loadSnapshot(ctx, tx)
		return err
	})
	return snap, err
}

var _ tenantsettings.Source = (*Service)(nil)
