package finance

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
)

// postingFacts are what an invoice's approval checks its journal
// against: the accounts that hold a role, with their states, and the
// period of the document's date. They are read in one round trip (with
// the document's lock on the submit path) instead of one each.
type postingFacts struct {
	roles    map[Role]uuid.UUID
	accounts map[uuid.UUID]accountState
	period   Period
	// hasPeriod is false when the date's fiscal year has no periods
	// yet: complete makes them.
	hasPeriod bool
}

// roleAccountStates reads the accounts that hold a role, with what
// checkAccountStates needs of them.
const roleAccountStates = `SELECT role, id, code, header, active FROM finance.accounts WHERE role <> ''`

// queueFacts queues the reads of the facts of a posting dated date.
func queueFacts(b *pgx.Batch, date time.Time) {
	b.Queue(roleAccountStates)
	b.Queue(periodOfDate, date)
}

// readFacts reads the answers of queueFacts' statements from br.
func readFacts(br pgx.BatchResults) (postingFacts, error) {
	rows, err := br.Query()
	if err != nil {
		rows.Close()
		return postingFacts{}, fmt.Errorf("role accounts: %w", err)
	}
	f := postingFacts{}
	if f.roles, f.accounts, err = scanRoleAccounts(rows); err != nil {
		return postingFacts{}, err
	}
	if err := f.readPeriod(br.QueryRow()); err != nil {
		return postingFacts{}, err
	}
	return f, nil
}

// readPeriod reads the answer of periodOfDate into f: no row leaves
// hasPeriod false.
func (f *postingFacts) readPeriod(row pgx.Row) error {
	p, err := scanPeriod(row)
	switch {
	case err == nil:
		f.period, f.hasPeriod = p, true
	case !errors.Is(err, pgx.ErrNoRows):
		return fmt.Errorf("read period: %w", err)
	}
	return nil
}

// scanRoleAccounts reads the rows of roleAccountStates and closes them.
func scanRoleAccounts(rows pgx.Rows) (map[Role]uuid.UUID, map[uuid.UUID]accountState, error) {
	defer rows.Close()
	roles, accounts := map[Role]uuid.UUID{}, map[uuid.UUID]accountState{}
	for rows.Next() {
		var r string
		var id uuid.UUID
		var st accountState
		if err := rows.Scan(&r, &id, &st.code, &st.header, &st.active); err != nil {
			return nil, nil, err
		}
		roles[Role(r)], accounts[id] = id, st
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("role accounts: %w", err)
	}
	return roles, accounts, nil
}

// factsOf reads the facts of a posting dated date in tx, in one round
// trip.
func (s *Service) factsOf(ctx context.Context, tx *db.Tx, date time.Time) (postingFacts, error) {
	b := &pgx.Batch{}
	queueFacts(b, date)
	br := tx.SendBatch(ctx, b)
	f, err := readFacts(br)
	if cerr := br.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("read posting facts: %w", cerr)
	}
	return f, err
}

// completeRoles seeds the chart of a tenant that has no role accounts
// yet, as roleAccounts does, and reads them again.
func (s *Service) completeRoles(ctx context.Context, tx *db.Tx, f *postingFacts) error {
	if len(f.roles) > 0 {
		return nil
	}
	if _, err := s.roleAccounts(ctx, tx); err != nil {
		return err
	}
	rows, err := tx.Query(ctx, roleAccountStates)
	if err != nil {
		return fmt.Errorf("role accounts: %w", err)
	}
	f.roles, f.accounts, err = scanRoleAccounts(rows)
	return err
}

// openPeriod refuses a posting dated date in a closed period, naming
// field, as openPeriodFor does; a fiscal year without periods gets them.
func (s *Service) openPeriod(ctx context.Context, tx *db.Tx, f *postingFacts, date time.Time, field string) error {
	if !f.hasPeriod {
		p, err := s.openPeriodFor(ctx, tx, date, field)
		if err != nil {
			return err
		}
		f.period, f.hasPeriod = p, true
		return nil
	}
	return refuseClosed(f.period, date, field)
}
