package db

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// Tenants calls fn, a cross-tenant function of the database that returns
// tenant ids and nothing else (docs/security.md, "Cross-tenant paths"),
// with args, in a transaction of no tenant, and returns the ids. Its
// caller then does each tenant's work in that tenant's own transaction.
func (p *Pool) Tenants(ctx context.Context, fn string, args ...any) ([]tenant.ID, error) {
	params := make([]string, len(args))
	for i := range args {
		params[i] = "$" + strconv.Itoa(i+1)
	}
	var ids []uuid.UUID
	err := p.InTx(ctx, func(ctx context.Context, tx *Tx) error {
		rows, err := tx.Query(ctx, "select "+fn+"("+strings.Join(params, ", ")+")", args...)
		if err != nil {
			return fmt.Errorf("%s: %w", fn, err)
		}
		ids, err = pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
		return err
	})
	out := make([]tenant.ID, len(ids))
	for i, id := range ids {
		out[i] = tenant.ID(id)
	}
	return out, err
}
