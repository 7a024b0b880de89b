package finance

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

const journalColumns = `id, coalesce(number, ''), date, status, source, source_id, memo, currency, draft_lines, total, reverses,
	reversed_by, created_by, posted_by, posted_at, created_at, updated_at, version`

func scanJournal(row pgx.Row) (Journal, error) {
	var j Journal
	var draft []byte
	err := row.Scan(&j.ID, &j.Number, &j.Date, &j.Status, &j.Source, &j.SourceID, &j.Memo, &j.Currency, &draft, &j.Total,
		&j.Reverses, &j.ReversedBy, &j.CreatedBy, &j.PostedBy, &j.PostedAt, &j.CreatedAt, &j.UpdatedAt, &j.Version)
	if err != nil {
		return j, err
	}
	if j.Status == JournalDraft {
		if err := json.Unmarshal(draft, &j.Lines); err != nil {
			return j, fmt.Errorf("decode draft lines: %w", err)
		}
	}
	return j, nil
}

// journalByID reads a journal, with its posted lines when withLines.
// Returns NOT_FOUND. lock takes the row for update.
func journalByID(ctx context.Context, tx *db.Tx, id uuid.UUID, lock bool) (Journal, error) {
	q := `SELECT ` + journalColumns + ` FROM finance.journals WHERE id = $1`
	if lock {
		q += ` FOR UPDATE`
	}
	j, err := scanJournal(tx.QueryRow(ctx, q, id))
	if err != nil {
		if errs.Is(db.Translate(err), errs.NotFound) {
			return Journal{}, errs.E(errs.NotFound, "journal %s not found", id)
		}
		return Journal{}, fmt.Errorf("read journal: %w", err)
	}
	if j.Status == JournalDraft {
		return j, nil
	}
	rows, err := tx.Query(ctx, `SELECT account_id, debit, credit, memo, party_id FROM finance.journal_lines
		WHERE journal_id = $1 ORDER BY line`, id)
	if err != nil {
		return Journal{}, fmt.Errorf("read journal lines: %w", err)
	}
	j.Lines, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Line, error) {
		var l Line
		err := r.Scan(&l.AccountID, &l.Debit, &l.Credit, &l.Memo, &l.PartyID)
		return l, err
	})
	if err != nil {
		return Journal{}, fmt.Errorf("read journal lines: %w", err)
	}
	return j, nil
}
