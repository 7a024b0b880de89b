package auth

import (
	"context"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// insertTenant stores t in tx, which runs as t. Returns CONFLICT naming
// slug when the slug is taken.
func (st *store) insertTenant(ctx context.Context, tx *db.Tx, t *Tenant) error {
	err := tx.QueryRow(ctx, `insert into auth.tenants (tenant_id, slug, name, name_bn, bin, tin, timezone, locale)
		values ($1, $2, $3, $4, nullif($5, ''), nullif($6, ''), $7, $8) returning created_at, version`,
		t.ID.UUID(), t.Slug, t.Name, t.NameBn, string(t.BIN), string(t.TIN), t.Timezone, t.Locale).Scan(&t.CreatedAt, &t.Version)
	if err != nil {
		if errs.Is(db.Translate(err), errs.Conflict) {
			return errs.Taken("slug", "is taken")
		}
		return err
	}
	return nil
}

// setTenantStatus sets id's status, reporting whether it changed.
func (st *store) setTenantStatus(ctx context.Context, tx *db.Tx, id tenant.ID, status string) (bool, error) {
	tag, err := tx.Exec(ctx, `update auth.tenants set status = $1, updated_at = now(), version = version + 1
		where tenant_id = $2 and status <> $1`, status, id.UUID())
	return tag.RowsAffected() > 0, err
}

// tenant returns tenant id. Returns NOT_FOUND.
func (st *store) tenant(ctx context.Context, tx *db.Tx, id tenant.ID) (Tenant, error) {
	var t Tenant
	var bin, tin *string
	var tid uuid.UUID
	err := tx.QueryRow(ctx, `select tenant_id, slug, name, name_bn, bin, tin, status, timezone, locale, created_at, version
		from auth.tenants where tenant_id = $1`, id.UUID()).Scan(&tid, &t.Slug, &t.Name, &t.NameBn, &bin, &tin,
		&t.Status, &t.Timezone, &t.Locale, &t.CreatedAt, &t.Version)
	if err != nil {
		return t, db.Translate(err)
	}
	t.ID, t.BIN, t.TIN = tenant.ID(tid), bd.BIN(deref(bin)), bd.TIN(deref(tin))
	return t, nil
}

// tenantBySlug resolves a slug through the login lookup function, the
// one cross-tenant read of tenants. Returns NOT_FOUND.
func (st *store) tenantBySlug(ctx context.Context, slug string) (tenant.ID, string, error) {
	var id uuid.UUID
	var status string
	err := st.db.Read(ctx, func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, "select tenant_id, status from auth.tenant_by_slug($1)", slug).Scan(&id, &status)
	})
	return tenant.ID(id), status, err
}

// tenantStatus reads id's status as id. Returns NOT_FOUND.
func (st *store) tenantStatus(ctx context.Context, id tenant.ID) (string, error) {
	var status string
	err := st.db.ReadTenant(tenant.With(ctx, id), func(ctx context.Context, tx *db.Tx) error {
		return tx.QueryRow(ctx, "select status from auth.tenants where tenant_id = $1", id.UUID()).Scan(&status)
	})
	return status, err
}
