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

// NewJournal is a manual journal to prepare, or to post at once.
type NewJournal struct {
	Date  time.Time
	Memo  string
	Lines []Line
	// Post posts it at once instead of keeping a draft; needs
	// finance.journal.post as well.
	Post bool
}

func (n NewJournal) validate() error {
	c := &errs.Collector{}
	c.Check(!n.Date.IsZero(), "date", "is required")
	c.Check(len(n.Memo) <= 500, "memo", "must be at most 500 characters")
	c.Merge("", checkLines(n.Lines, n.Post))
	return c.Err()
}

// CreateJournal keeps a draft journal, or posts it when n.Post. Needs
// finance.journal.write (and finance.journal.post to post). Returns
// INVALID_ARGUMENT naming fields (an unbalanced posting names lines),
// FAILED_PRECONDITION naming a closed period.
func (s *Service) CreateJournal(ctx context.Context, n NewJournal) (Journal, error) {
	if _, err := caller(ctx, PermJournalWrite); err != nil {
		return Journal{}, err
	}
	if n.Post {
		if _, err := caller(ctx, PermJournalPost); err != nil {
			return Journal{}, err
		}
	}
	if err := n.validate(); err != nil {
		return Journal{}, err
	}
	j := Journal{Date: n.Date, Memo: strings.TrimSpace(n.Memo), Lines: n.Lines, Source: SourceManual, Currency: "BDT"}
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if err := s.ensureChart(ctx, tx); err != nil {
			return err
		}
		if n.Post {
			return s.post(ctx, tx, &j, "date")
		}
		if err := checkAccounts(ctx, tx, j.Lines); err != nil {
			return err
		}
		id, err := uuid.NewV7()
		if err != nil {
			return err
		}
		lines, err := encodeLines(j.Lines)
		if err != nil {
			return err
		}
		j, err = scanJournal(tx.QueryRow(ctx, `INSERT INTO finance.journals (tenant_id, id, date, memo, draft_lines, created_by)
			VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3, $4, $5) RETURNING `+journalColumns,
			id, j.Date, j.Memo, lines, authz.Actor(ctx)))
		return err
	})
	return j, err
}

// JournalPatch replaces a draft's date, memo or lines; nil fields stay.
type JournalPatch struct {
	Date  *time.Time
	Memo  *string
	Lines []Line
	// ExpectedVersion, when positive, must be the draft's version.
	ExpectedVersion int
}

// UpdateJournal edits a draft. Needs finance.journal.write. Returns
// NOT_FOUND, FAILED_PRECONDITION for a posted journal (it is reversed,
// never edited), CONFLICT for a stale version, INVALID_ARGUMENT.
func (s *Service) UpdateJournal(ctx context.Context, id uuid.UUID, p JournalPatch) (Journal, error) {
	if _, err := caller(ctx, PermJournalWrite); err != nil {
		return Journal{}, err
	}
	var j Journal
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		cur, err := journalByID(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if cur.Status != JournalDraft {
			return errs.E(errs.FailedPrecondition, "journal %s is %s: a posted journal is never edited; post a reversal", cur.label(), cur.Status)
		}
		if p.ExpectedVersion > 0 && p.ExpectedVersion != cur.Version {
			return errs.Stale("journal %s is at version %d, not %d", cur.label(), cur.Version, p.ExpectedVersion)
		}
		n := NewJournal{Date: cur.Date, Memo: cur.Memo, Lines: cur.Lines}
		if p.Date != nil {
			n.Date = *p.Date
		}
		if p.Memo != nil {
			n.Memo = strings.TrimSpace(*p.Memo)
		}
		if p.Lines != nil {
			n.Lines = p.Lines
		}
		if err := n.validate(); err != nil {
			return err
		}
		if err := checkAccounts(ctx, tx, n.Lines); err != nil {
			return err
		}
		lines, err := encodeLines(n.Lines)
		if err != nil {
			return err
		}
		j, err = scanJournal(tx.QueryRow(ctx, `UPDATE finance.journals SET date = $2, memo = $3, draft_lines = $4,
			version = version + 1, updated_at = now() WHERE id = $1 RETURNING `+journalColumns, id, n.Date, n.Memo, lines))
		return err
	})
	return j, err
}

// PostJournal posts a draft. Needs finance.journal.post. Returns
// NOT_FOUND, FAILED_PRECONDITION when it is not a draft or its period is
// closed (naming date), INVALID_ARGUMENT when it does not balance
// (naming lines), CONFLICT for a stale version.
func (s *Service) PostJournal(ctx context.Context, id uuid.UUID, expectedVersion int) (Journal, error) {
	if _, err := caller(ctx, PermJournalPost); err != nil {
		return Journal{}, err
	}
	var j Journal
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		if j, err = journalByID(ctx, tx, id, true); err != nil {
			return err
		}
		if j.Status != JournalDraft {
			return errs.E(errs.FailedPrecondition, "journal %s is already %s", j.label(), j.Status)
		}
		if expectedVersion > 0 && expectedVersion != j.Version {
			return errs.Stale("journal %s is at version %d, not %d", j.label(), j.Version, expectedVersion)
		}
		return s.post(ctx, tx, &j, "date")
	})
	return j, err
}

// ReverseJournal posts the reversal of a posted journal on date (the
// original's date when zero) and returns it. Needs finance.journal.post.
// Returns NOT_FOUND, FAILED_PRECONDITION when the journal is not posted
// or the date's period is closed.
func (s *Service) ReverseJournal(ctx context.Context, id uuid.UUID, date time.Time, memo string) (Journal, error) {
	if _, err := caller(ctx, PermJournalPost); err != nil {
		return Journal{}, err
	}
	if len(memo) > 500 {
		return Journal{}, errs.Field("memo", "must be at most 500 characters")
	}
	var rev Journal
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		if date.IsZero() {
			orig, err := journalByID(ctx, tx, id, false)
			if err != nil {
				return err
			}
			date = orig.Date
		}
		rev, err = s.reverse(ctx, tx, id, date, strings.TrimSpace(memo))
		return err
	})
	return rev, err
}

// DeleteJournal deletes a draft. Needs finance.journal.write. Returns
// NOT_FOUND, FAILED_PRECONDITION for a posted journal.
func (s *Service) DeleteJournal(ctx context.Context, id uuid.UUID) error {
	if _, err := caller(ctx, PermJournalWrite); err != nil {
		return err
	}
	return s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		j, err := journalByID(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if j.Status != JournalDraft {
			return errs.E(errs.FailedPrecondition, "journal %s is %s: a posted journal is never deleted; post a reversal", j.label(), j.Status)
		}
		_, err = tx.Exec(ctx, `DELETE FROM finance.journals WHERE id = $1`, id)
		return err
	})
}

// GetJournal returns a journal with its lines. Needs finance.journal.read.
// Returns NOT_FOUND.
func (s *Service) GetJournal(ctx context.Context, id uuid.UUID) (Journal, error) {
	if _, err := caller(ctx, PermJournalRead); err != nil {
		return Journal{}, err
	}
	var j Journal
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		j, err = journalByID(ctx, tx, id, false)
		return err
	})
	return j, err
}

// JournalFilter selects journals; zero fields select all.
type JournalFilter struct {
	From, To time.Time
	Status   string
	Source   string
	// After is the cursor: the last journal of the previous page.
	After *uuid.UUID
	Limit int
}

// defaultPage is the page size of a list that asks none.
const defaultPage = 50

// ListJournals returns journals newest first, without their lines.
// Needs finance.journal.read.
func (s *Service) ListJournals(ctx context.Context, f JournalFilter) ([]Journal, error) {
	if _, err := caller(ctx, PermJournalRead); err != nil {
		return nil, err
	}
	c := &errs.Collector{}
	c.Check(f.Status == "" || f.Status == JournalDraft || f.Status == JournalPosted || f.Status == JournalReversed,
		"status", "must be draft, posted or reversed")
	c.Check(f.Limit >= 0 && f.Limit <= 500, "limit", "must be between 1 and 500")
	if err := c.Err(); err != nil {
		return nil, err
	}
	if f.Limit == 0 {
		f.Limit = defaultPage
	}
	var out []Journal
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		q := `SELECT ` + journalColumns + ` FROM finance.journals j WHERE ($1::date IS NULL OR date >= $1) AND ($2::date IS NULL OR date <= $2)
			AND ($3 = '' OR status = $3) AND ($4 = '' OR source = $4)
			AND ($5::uuid IS NULL OR (date, id) < (SELECT date, id FROM finance.journals WHERE id = $5))
			ORDER BY date DESC, id DESC LIMIT $6`
		rows, err := tx.Query(ctx, q, nullDate(f.From), nullDate(f.To), f.Status, f.Source, f.After, f.Limit)
		if err != nil {
			return fmt.Errorf("list journals: %w", err)
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Journal, error) { return scanJournal(r) })
		return err
	})
	return out, err
}

func nullDate(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
