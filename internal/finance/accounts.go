package finance

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

const accountColumns = `id, code, name, name_bn, type, parent_id, control, role, header, active, used, version, created_at, updated_at`

func scanAccount(row pgx.Row) (Account, error) {
	var a Account
	var typ, control, role string
	err := row.Scan(&a.ID, &a.Code, &a.Name, &a.NameBn, &typ, &a.ParentID, &control, &role, &a.Header, &a.Active, &a.Used,
		&a.Version, &a.CreatedAt, &a.UpdatedAt)
	a.Type, a.Control, a.Role = AccountType(typ), Control(control), Role(role)
	return a, err
}

// ListAccounts returns the tenant's chart of accounts in code order.
// Needs finance.account.read.
func (s *Service) ListAccounts(ctx context.Context) ([]Account, error) {
	if _, err := caller(ctx, PermAccountRead); err != nil {
		return nil, err
	}
	var out []Account
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+accountColumns+` FROM finance.accounts ORDER BY code`)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Account, error) { return scanAccount(r) })
		return err
	})
	return out, err
}

// Account returns one account. Needs finance.account.read.
// Returns NOT_FOUND when the tenant has no such account.
func (s *Service) Account(ctx context.Context, id uuid.UUID) (Account, error) {
	if _, err := caller(ctx, PermAccountRead); err != nil {
		return Account{}, err
	}
	var a Account
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		a, err = accountByID(ctx, tx, id)
		return err
	})
	return a, err
}

func accountByID(ctx context.Context, tx *db.Tx, id uuid.UUID) (Account, error) {
	a, err := scanAccount(tx.QueryRow(ctx, `SELECT `+accountColumns+` FROM finance.accounts WHERE id = $1`, id))
	if err != nil {
		if errs.Is(db.Translate(err), errs.NotFound) {
			return Account{}, errs.E(errs.NotFound, "account %s not found", id)
		}
		return Account{}, fmt.Errorf("read account: %w", err)
	}
	return a, nil
}

// NewAccount is an account to add.
type NewAccount struct {
	Code     string
	Name     string
	NameBn   string
	Type     AccountType
	ParentID *uuid.UUID
	Control  Control
	Header   bool
}

func (n NewAccount) validate() error {
	c := &errs.Collector{}
	c.Check(accountCodeOK(n.Code), "code", "must be 1 to 20 letters, digits, dots or dashes, starting with a letter or digit")
	c.Check(strings.TrimSpace(n.Name) != "" && len(n.Name) <= 200, "name", "is required, at most 200 characters")
	c.Check(len(n.NameBn) <= 200, "nameBn", "must be at most 200 characters")
	c.Check(n.Type.Valid(), "type", "must be asset, liability, equity, income or expense")
	switch n.Control {
	case NoControl:
	case Receivable:
		c.Check(n.Type == Asset, "control", "a receivable control account must be an asset")
	case Payable:
		c.Check(n.Type == Liability, "control", "a payable control account must be a liability")
	default:
		c.Add("control", "must be receivable, payable or empty")
	}
	return c.Err()
}

func accountCodeOK(code string) bool {
	if code == "" || len(code) > 20 {
		return false
	}
	for i, r := range code {
		ok := r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || i > 0 && (r == '.' || r == '-')
		if !ok {
			return false
		}
	}
	return true
}

// CreateAccount adds an account under an existing parent of the same
// type. Needs finance.account.write. Returns INVALID_ARGUMENT naming
// fields, CONFLICT when the code is taken.
func (s *Service) CreateAccount(ctx context.Context, n NewAccount) (Account, error) {
	if _, err := caller(ctx, PermAccountWrite); err != nil {
		return Account{}, err
	}
	if err := n.validate(); err != nil {
		return Account{}, err
	}
	var a Account
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if err := s.ensureChart(ctx, tx); err != nil {
			return err
		}
		if err := checkParent(ctx, tx, n.ParentID, n.Type, uuid.Nil); err != nil {
			return err
		}
		id, err := uuid.NewV7()
		if err != nil {
			return err
		}
		a, err = scanAccount(tx.QueryRow(ctx, `INSERT INTO finance.accounts
			(tenant_id, id, code, name, name_bn, type, parent_id, control, header)
			VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3, $4, $5, $6, $7, $8) RETURNING `+accountColumns,
			id, n.Code, strings.TrimSpace(n.Name), strings.TrimSpace(n.NameBn), string(n.Type), n.ParentID, string(n.Control), n.Header))
		return err
	})
	return a, err
}

// checkParent refuses a parent that does not exist, is of another type,
// or would make a cycle with id.
func checkParent(ctx context.Context, tx *db.Tx, parent *uuid.UUID, typ AccountType, id uuid.UUID) error {
	if parent == nil {
		return nil
	}
	p, err := accountByID(ctx, tx, *parent)
	if errs.Is(err, errs.NotFound) {
		return errs.Field("parentId", "no account %s", *parent)
	}
	if err != nil {
		return err
	}
	if p.Type != typ {
		return errs.Field("parentId", "the parent %s is %s; an account sits under one of its own type (%s)", p.Code, p.Type, typ)
	}
	if id == uuid.Nil {
		return nil
	}
	var cycle bool
	err = tx.QueryRow(ctx, `WITH RECURSIVE up(id, parent_id) AS (
			SELECT id, parent_id FROM finance.accounts WHERE id = $1
			UNION ALL SELECT a.id, a.parent_id FROM finance.accounts a JOIN up ON a.id = up.parent_id)
		SELECT EXISTS (SELECT 1 FROM up WHERE id = $2)`, *parent, id).Scan(&cycle)
	if err != nil {
		return fmt.Errorf("account ancestry: %w", err)
	}
	if cycle {
		return errs.Field("parentId", "would put the account under itself")
	}
	return nil
}
