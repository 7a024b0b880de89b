package finance

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// post writes j to the ledger in tx: it checks the lines balance and the
// date's period is open, takes the journal's number, stores the journal
// as posted and its lines in one statement (the database checks them
// again and moves the balances), and appends journal.posted. j.ID is
// kept when set (a draft being posted), else made. Invoices and payments
// post their journals through here, in their own transactions.
//
// Returns INVALID_ARGUMENT naming lines, FAILED_PRECONDITION naming the
// closed period in field dateField.
func (s *Service) post(ctx context.Context, tx *db.Tx, j *Journal, dateField string) error {
	if err := s.checkPosting(ctx, tx, j, dateField); err != nil {
		return err
	}
	return s.write(ctx, tx, j)
}

// checkPosting is post's checks alone: the lines balance, the date's
// period is open and the accounts take postings. A caller that must take
// another number first (an invoice's) checks before it, so the number's
// lock is held for as few round trips as may be.
func (s *Service) checkPosting(ctx context.Context, tx *db.Tx, j *Journal, dateField string) error {
	if err := checkLines(j.Lines, true); err != nil {
		return err
	}
	if _, err := s.openPeriodFor(ctx, tx, j.Date, dateField); err != nil {
		return err
	}
	return checkAccounts(ctx, tx, j.Lines)
}

// write is post without its checks, for a journal checkPosting passed in
// tx: it takes the journal's number and stores it.
func (s *Service) write(ctx context.Context, tx *db.Tx, j *Journal) error {
	number, err := s.nextNumber(ctx, tx, tenantsettings.DocJournal, j.Date)
	if err != nil {
		return err
	}
	return s.store(ctx, tx, j, number)
}

// store is write for a journal whose number the caller took, with
// another number in the same statement (an invoice's approval).
func (s *Service) store(ctx context.Context, tx *db.Tx, j *Journal, number string) error {
	var err error
	now := s.now().UTC()
	actor := authz.Actor(ctx)
	fresh := j.ID == uuid.Nil
	if fresh {
		if j.ID, err = uuid.NewV7(); err != nil {
			return err
		}
		j.CreatedBy, j.CreatedAt = actor, now
	}
	j.Number, j.Status, j.Total, j.PostedBy, j.PostedAt = number, JournalPosted, totalDebit(j.Lines), actor, &now
	if j.Currency == "" {
		j.Currency = "BDT"
	}
	if j.Source == "" {
		j.Source = SourceManual
	}
	if fresh {
		// The journal and its lines need no answer: they reach the
		// database with the transaction's next statement or its commit,
		// which reports the ledger guard's refusal if there is one.
		tx.Defer(`INSERT INTO finance.journals (tenant_id, id, number, date, status, source, source_id, memo, currency,
				total, reverses, created_by, posted_by, posted_at, created_at, updated_at)
			VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3, 'posted', $4, $5, $6, $7, $8, $9, $10, $10, $11, $11, $11)`,
			j.ID, j.Number, j.Date, j.Source, j.SourceID, j.Memo, j.Currency, j.Total, j.Reverses, actor, now)
		j.Version = 1
	} else {
		err = tx.QueryRow(ctx, `UPDATE finance.journals SET number = $2, status = 'posted', total = $3, posted_by = $4, posted_at = $5,
				draft_lines = '[]', updated_at = $5, version = version + 1
			WHERE id = $1 AND status = 'draft' RETURNING version`, j.ID, j.Number, j.Total, actor, now).Scan(&j.Version)
	}
	if err != nil {
		return fmt.Errorf("store journal: %w", err)
	}
	insertLines(tx, j)
	j.UpdatedAt = now
	return s.emit(ctx, tx, journalPostedEvent(j))
}

// insertLines queues the statement that stores j's lines, one statement
// as the database's ledger guard requires.
func insertLines(tx *db.Tx, j *Journal) {
	n := len(j.Lines)
	no, acct, debit, credit, memo, party := make([]int32, n), make([]uuid.UUID, n), make([]int64, n), make([]int64, n),
		make([]string, n), make([]*uuid.UUID, n)
	for i, l := range j.Lines {
		no[i], acct[i], debit[i], credit[i], memo[i], party[i] = int32(i+1), l.AccountID, l.Debit, l.Credit, l.Memo, l.PartyID
	}
	tx.Defer(`INSERT INTO finance.journal_lines (tenant_id, journal_id, line, account_id, date, debit, credit, memo, party_id)
		SELECT current_setting('app.tenant_id')::uuid, $1, * FROM (SELECT u.n, u.a, $2::date, u.d, u.c, u.m, u.p
			FROM unnest($3::int[], $4::uuid[], $5::bigint[], $6::bigint[], $7::text[], $8::uuid[]) AS u(n, a, d, c, m, p)) x`,
		j.ID, j.Date, no, acct, debit, credit, memo, party)
}

// checkAccounts refuses lines to accounts that do not exist, group
// others or are inactive, naming the line.
func checkAccounts(ctx context.Context, tx *db.Tx, lines []Line) error {
	ids := make([]uuid.UUID, len(lines))
	for i, l := range lines {
		ids[i] = l.AccountID
	}
	rows, err := tx.Query(ctx, `SELECT id, code, header, active FROM finance.accounts WHERE id = ANY($1)`, ids)
	if err != nil {
		return fmt.Errorf("read accounts: %w", err)
	}
	defer rows.Close()
	found := map[uuid.UUID]accountState{}
	for rows.Next() {
		var id uuid.UUID
		var st accountState
		if err := rows.Scan(&id, &st.code, &st.header, &st.active); err != nil {
			return err
		}
		found[id] = st
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return checkAccountStates(lines, found)
}

// accountState is what decides whether an account takes postings.
type accountState struct {
	code           string
	header, active bool
}

// checkAccountStates is checkAccounts over found, the states of the
// accounts read: an account of the lines missing from it does not exist.
func checkAccountStates(lines []Line, found map[uuid.UUID]accountState) error {
	c := &errs.Collector{}
	for i, l := range lines {
		f := fmt.Sprintf("lines[%d].accountId", i)
		st, ok := found[l.AccountID]
		switch {
		case !ok:
			c.Add(f, "no account %s", l.AccountID)
		case st.header:
			c.Add(f, "account %s groups other accounts and takes no postings", st.code)
		case !st.active:
			c.Add(f, "account %s is inactive", st.code)
		}
	}
	return c.Err()
}

// reversal is the journal that undoes j on date: every line on the
// other side.
func reversal(j Journal, date time.Time, memo string) Journal {
	lines := make([]Line, len(j.Lines))
	for i, l := range j.Lines {
		lines[i] = Line{AccountID: l.AccountID, Debit: l.Credit, Credit: l.Debit, Memo: l.Memo, PartyID: l.PartyID}
	}
	id := j.ID
	return Journal{Date: date, Source: SourceReversal, SourceID: j.SourceID, Memo: memo, Currency: j.Currency, Lines: lines, Reverses: &id}
}

// reverse posts the reversal of the posted journal id on date in tx and
// marks the original reversed. Returns NOT_FOUND, FAILED_PRECONDITION
// when it is not posted (a draft, or already reversed) or the date's
// period is closed.
func (s *Service) reverse(ctx context.Context, tx *db.Tx, id uuid.UUID, date time.Time, memo string) (Journal, error) {
	orig, err := journalByID(ctx, tx, id, true)
	if err != nil {
		return Journal{}, err
	}
	if orig.Status != JournalPosted {
		return Journal{}, errs.E(errs.FailedPrecondition, "journal %s is %s; only a posted journal is reversed", orig.label(), orig.Status)
	}
	if date.Before(orig.Date) {
		return Journal{}, errs.Field("date", "a reversal cannot be dated before the journal it reverses (%s)", orig.Date.Format(DateLayout))
	}
	if memo == "" {
		memo = "Reversal of " + orig.Number
	}
	rev := reversal(orig, date, memo)
	if err := s.post(ctx, tx, &rev, "date"); err != nil {
		return Journal{}, err
	}
	_, err = tx.Exec(ctx, `UPDATE finance.journals SET status = 'reversed', reversed_by = $2, updated_at = $3, version = version + 1
		WHERE id = $1`, orig.ID, rev.ID, s.now().UTC())
	if err != nil {
		return Journal{}, fmt.Errorf("mark journal reversed: %w", err)
	}
	return rev, nil
}

func (j Journal) label() string {
	if j.Number != "" {
		return j.Number
	}
	return j.ID.String()
}

func encodeLines(lines []Line) ([]byte, error) {
	if lines == nil {
		lines = []Line{}
	}
	return json.Marshal(lines)
}
