package db

import (
	"context"

	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// ReadTenant runs fn's reads as the tenant of ctx, without BEGIN and
// COMMIT: each statement reaches the server in one pipeline with the
// tenant setting and a read-only setting, both transaction-local, and the
// two run as one implicit transaction that ends with the statement. A
// read then costs one round trip instead of two (the statement with
// BEGIN, then COMMIT), and nothing is left on the pooled connection.
//
// What changes against InTenantTx: each statement sees its own snapshot,
// as it already does under READ COMMITTED, the isolation every
// transaction here uses, and now() moves between statements. A statement
// that writes or locks rows fails with READ ONLY SQL TRANSACTION
// (translated to INTERNAL), and so do COPY and a deferred statement, so a
// read cannot be misused to write. Several statements that must share
// one snapshot go together through SendBatch. Retries and errors are as
// in InTenantTx.
//
// Returns UNAUTHENTICATED when ctx has no tenant.
func (p *Pool) ReadTenant(ctx context.Context, fn func(ctx context.Context, tx *Tx) error) error {
	id, err := tenant.Require(ctx)
	if err != nil {
		return err
	}
	return p.run(ctx, id, fn, txSettings{read: true})
}

// Read runs fn's reads as ReadTenant does, belonging to no tenant, for
// platform tables without tenant_id and for the explicit cross-tenant
// functions. Tenant rows stay invisible in it.
func (p *Pool) Read(ctx context.Context, fn func(ctx context.Context, tx *Tx) error) error {
	return p.run(ctx, tenant.Nil, fn, txSettings{read: true})
}
