package finance

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// AccountPatch changes an account; nil fields stay. Code and type are
// fixed once the account exists: the books refer to them.
type AccountPatch struct {
	Name   *string
	NameBn *string
	// ParentID moves the account under another of its type.
	ParentID *uuid.UUID
	Active   *bool
	// ExpectedVersion, when positive, must be the account's version.
	ExpectedVersion int
}

// UpdateAccount renames, moves, deactivates or reactivates an account.
// An account the platform posts to (one with a role) stays active.
// Needs finance.account.write. Returns INVALID_ARGUMENT naming fields,
// NOT_FOUND, and CONFLICT when ExpectedVersion is stale.
func (s *Service) UpdateAccount(ctx context.Context, id uuid.UUID, p AccountPatch) (Account, error) {
	if _, err := caller(ctx, PermAccountWrite); err != nil {
		return Account{}, err
	}
	c := &errs.Collector{}
	if p.Name != nil {
		c.Check(strings.TrimSpace(*p.Name) != "" && len(*p.Name) <= 200, "name", "is required, at most 200 characters")
	}
	if p.NameBn != nil {
		c.Check(len(*p.NameBn) <= 200, "nameBn", "must be at most 200 characters")
	}
	if err := c.Err(); err != nil {
		return Account{}, err
	}
	var a Account
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		cur, err := accountByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.ExpectedVersion > 0 && p.ExpectedVersion != cur.Version {
			return errs.Stale("account %s is at version %d, not %d", cur.Code, cur.Version, p.ExpectedVersion)
		}
		if p.Name != nil {
			cur.Name = strings.TrimSpace(*p.Name)
		}
		if p.NameBn != nil {
			cur.NameBn = strings.TrimSpace(*p.NameBn)
		}
		if p.ParentID != nil {
			if err := checkParent(ctx, tx, p.ParentID, cur.Type, cur.ID); err != nil {
				return err
			}
			cur.ParentID = p.ParentID
		}
		if p.Active != nil {
			if !*p.Active && cur.Role != "" {
				return errs.Field("active", "account %s is the %s account the platform posts to; it stays active", cur.Code, cur.Role)
			}
			cur.Active = *p.Active
		}
		a, err = scanAccount(tx.QueryRow(ctx, `UPDATE finance.accounts
			SET name = $2, name_bn = $3, parent_id = $4, active = $5, version = version + 1, updated_at = now()
			WHERE id = $1 RETURNING `+accountColumns, id, cur.Name, cur.NameBn, cur.ParentID, cur.Active))
		return err
	})
	return a, err
}

// DeleteAccount removes an account no line was ever posted to and no
// account sits under. Needs finance.account.write. Returns NOT_FOUND,
// and FAILED_PRECONDITION when the account is used, has children or a
// role.
func (s *Service) DeleteAccount(ctx context.Context, id uuid.UUID) error {
	if _, err := caller(ctx, PermAccountWrite); err != nil {
		return err
	}
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		cur, err := accountByID(ctx, tx, id)
		if err != nil {
			return err
		}
		switch {
		case cur.Used:
			return errs.E(errs.FailedPrecondition, "account %s has postings: deactivate it instead", cur.Code)
		case cur.Role != "":
			return errs.E(errs.FailedPrecondition, "account %s is the %s account the platform posts to", cur.Code, cur.Role)
		}
		var children bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM finance.accounts WHERE parent_id = $1)`, id).Scan(&children); err != nil {
			return fmt.Errorf("account children: %w", err)
		}
		if children {
			return errs.E(errs.FailedPrecondition, "account %s has accounts under it", cur.Code)
		}
		_, err = tx.Exec(ctx, `DELETE FROM finance.accounts WHERE id = $1`, id)
		return err
	})
}

// ensureChart gives the tenant of tx the Bangladesh chart when it has no
// account yet: the tenant.created consumer normally did, and a tenant
// that predates the finance service gets it on its first write.
func (s *Service) ensureChart(ctx context.Context, tx *db.Tx) error {
	var has bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM finance.accounts)`).Scan(&has); err != nil {
		return fmt.Errorf("chart exists: %w", err)
	}
	if has {
		return nil
	}
	return seedChart(ctx, tx)
}

// seedChart inserts bangladeshChart in one statement; a concurrent seed
// of the same tenant loses on the code's uniqueness and changes nothing.
func seedChart(ctx context.Context, tx *db.Tx) error {
	ids := map[string]uuid.UUID{}
	n := len(bangladeshChart)
	id, code, name, nameBn, typ, control, role := make([]uuid.UUID, n), make([]string, n), make([]string, n),
		make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	parent, header := make([]*uuid.UUID, n), make([]bool, n)
	for i, r := range bangladeshChart {
		u, err := uuid.NewV7()
		if err != nil {
			return err
		}
		ids[r.code] = u
		id[i], code[i], name[i], nameBn[i], typ[i], control[i], role[i] = u, r.code, r.name, r.nameBn, string(r.typ), string(r.control), string(r.role)
		header[i] = r.header
		if r.parent != "" {
			p := ids[r.parent]
			parent[i] = &p
		}
	}
	_, err := tx.Exec(ctx, `INSERT INTO finance.accounts (tenant_id, id, code, name, name_bn, type, parent_id, control, role, header)
		SELECT current_setting('app.tenant_id')::uuid, * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[],
			$6::uuid[], $7::text[], $8::text[], $9::bool[])
		ON CONFLICT (tenant_id, code) DO NOTHING`, id, code, name, nameBn, typ, parent, control, role, header)
	if err != nil {
		return fmt.Errorf("seed chart of accounts: %w", err)
	}
	return nil
}

// roleAccounts maps each role to its account in the tenant of tx, seeding
// the chart first when the tenant has none.
func (s *Service) roleAccounts(ctx context.Context, tx *db.Tx) (map[Role]uuid.UUID, error) {
	load := func() (map[Role]uuid.UUID, error) {
		rows, err := tx.Query(ctx, `SELECT role, id FROM finance.accounts WHERE role <> ''`)
		if err != nil {
			return nil, fmt.Errorf("role accounts: %w", err)
		}
		defer rows.Close()
		out := map[Role]uuid.UUID{}
		for rows.Next() {
			var r string
			var id uuid.UUID
			if err := rows.Scan(&r, &id); err != nil {
				return nil, err
			}
			out[Role(r)] = id
		}
		return out, rows.Err()
	}
	m, err := load()
	if err != nil || len(m) > 0 {
		return m, err
	}
	if err := seedChart(ctx, tx); err != nil {
		return nil, err
	}
	return load()
}
