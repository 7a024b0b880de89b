package finance

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Statement is an imported bank statement of one money account.
type Statement struct {
	ID         uuid.UUID
	AccountID  uuid.UUID
	Name       string
	Starts     time.Time
	Ends       time.Time
	Lines      []StatementLine
	ImportedBy string
	ImportedAt time.Time
}

// StatementLine is one line of a statement: money in (Amount > 0) or out,
// matched to a payment once an accountant confirms it, and until then
// with the payments proposed for it.
type StatementLine struct {
	Line        int
	Date        time.Time
	Description string
	Reference   string
	Amount      int64
	// PaymentID is the payment the line is reconciled with.
	PaymentID *uuid.UUID
	MatchedBy string
	MatchedAt *time.Time
	Proposals []Proposal
}

// ImportStatement stores a bank statement CSV (ParseStatementCSV) for
// the money account accountID, whole or not at all. Needs
// finance.payment.write. Returns INVALID_ARGUMENT naming the bad line and
// column, or accountId when it is not an asset account taking postings.
func (s *Service) ImportStatement(ctx context.Context, accountID uuid.UUID, name string, csvData []byte) (Statement, error) {
	if _, err := caller(ctx, PermPaymentWrite); err != nil {
		return Statement{}, err
	}
	name = strings.TrimSpace(name)
	if len(name) > 200 {
		return Statement{}, errs.Field("name", "must be at most 200 characters")
	}
	rows, err := ParseStatementCSV(csvData)
	if err != nil {
		return Statement{}, err
	}
	st := Statement{AccountID: accountID, Name: name, ImportedBy: authz.Actor(ctx), ImportedAt: s.now().UTC(),
		Starts: rows[0].Date, Ends: rows[0].Date}
	n := len(rows)
	line, date, desc, ref, amount := make([]int32, n), make([]time.Time, n), make([]string, n), make([]string, n), make([]int64, n)
	for i, r := range rows {
		line[i], date[i], desc[i], ref[i], amount[i] = int32(i+1), r.Date, r.Description, r.Reference, r.Amount
		if r.Date.Before(st.Starts) {
			st.Starts = r.Date
		}
		if r.Date.After(st.Ends) {
			st.Ends = r.Date
		}
		st.Lines = append(st.Lines, StatementLine{Line: i + 1, Date: r.Date, Description: r.Description, Reference: r.Reference, Amount: r.Amount})
	}
	if st.ID, err = uuid.NewV7(); err != nil {
		return Statement{}, err
	}
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if _, err := moneyAccount(ctx, tx, NewPayment{AccountID: &accountID}, nil); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO finance.bank_statements (tenant_id, id, account_id, name, starts, ends, lines, imported_by, imported_at)
			VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3, $4, $5, $6, $7, $8)`,
			st.ID, accountID, name, st.Starts, st.Ends, n, st.ImportedBy, st.ImportedAt)
		if err != nil {
			return fmt.Errorf("store statement: %w", db.Translate(err))
		}
		_, err = tx.Exec(ctx, `INSERT INTO finance.bank_statement_lines (tenant_id, statement_id, line, date, description, reference, amount)
			SELECT current_setting('app.tenant_id')::uuid, $1, * FROM unnest($2::int[], $3::date[], $4::text[], $5::text[], $6::bigint[])`,
			st.ID, line, date, desc, ref, amount)
		if err != nil {
			return fmt.Errorf("store statement lines: %w", db.Translate(err))
		}
		st.Lines, err = proposeMatches(ctx, tx, accountID, st.Lines)
		return err
	})
	if err != nil {
		return Statement{}, err
	}
	return st, nil
}

// Statement returns an imported statement with its lines, each unmatched
// line with the payments proposed for it, best first. Needs
// finance.payment.read. Returns NOT_FOUND.
func (s *Service) Statement(ctx context.Context, id uuid.UUID) (Statement, error) {
	if _, err := caller(ctx, PermPaymentRead); err != nil {
		return Statement{}, err
	}
	var st Statement
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		st, err = statementByID(ctx, tx, id)
		if err != nil {
			return err
		}
		st.Lines, err = proposeMatches(ctx, tx, st.AccountID, st.Lines)
		return err
	})
	return st, err
}

func statementByID(ctx context.Context, tx *db.Tx, id uuid.UUID) (Statement, error) {
	st := Statement{ID: id}
	err := tx.QueryRow(ctx, `SELECT account_id, name, starts, ends, imported_by, imported_at FROM finance.bank_statements WHERE id = $1`, id).
		Scan(&st.AccountID, &st.Name, &st.Starts, &st.Ends, &st.ImportedBy, &st.ImportedAt)
	if err != nil {
		if errs.Is(db.Translate(err), errs.NotFound) {
			return Statement{}, errs.E(errs.NotFound, "bank statement %s not found", id)
		}
		return Statement{}, fmt.Errorf("read statement: %w", err)
	}
	rows, err := tx.Query(ctx, `SELECT line, date, description, reference, amount, payment_id, matched_by, matched_at
		FROM finance.bank_statement_lines WHERE statement_id = $1 ORDER BY line`, id)
	if err != nil {
		return Statement{}, fmt.Errorf("read statement lines: %w", err)
	}
	st.Lines, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (StatementLine, error) {
		var l StatementLine
		err := r.Scan(&l.Line, &l.Date, &l.Description, &l.Reference, &l.Amount, &l.PaymentID, &l.MatchedBy, &l.MatchedAt)
		return l, err
	})
	if err != nil {
		return Statement{}, fmt.Errorf("read statement lines: %w", err)
	}
	return st, nil
}
