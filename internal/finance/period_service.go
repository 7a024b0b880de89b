package finance

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
)

// ListPeriods returns the periods of the fiscal year holding date (today
// in the tenant's zone when zero), making them if they do not exist.
// Needs finance.period.read.
func (s *Service) ListPeriods(ctx context.Context, date time.Time) ([]Period, error) {
	if _, err := caller(ctx, PermPeriodRead); err != nil {
		return nil, err
	}
	var out []Period
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		if date.IsZero() {
			st, err := s.tenantSettings(ctx)
			if err != nil {
				return err
			}
			date = Date(s.now(), st.Location())
		}
		p, err := s.periodFor(ctx, tx, date)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT `+periodColumns+` FROM finance.fiscal_periods WHERE fiscal_year = $1 ORDER BY starts`, p.FiscalYear)
		if err != nil {
			return fmt.Errorf("list periods: %w", err)
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Period, error) { return scanPeriod(r) })
		return err
	})
	return out, err
}

// ClosePeriod closes the period holding date: nothing more is posted
// into it. Periods close in order and only once they have ended in the
// tenant's zone. Needs finance.period.close. Returns FAILED_PRECONDITION
// naming the period that blocks it, INVALID_ARGUMENT for a long reason.
func (s *Service) ClosePeriod(ctx context.Context, date time.Time, reason string) (Period, error) {
	return s.changePeriod(ctx, date, reason, PeriodClosed)
}

// ReopenPeriod reopens the closed period holding date; the periods after
// it must be open. Needs finance.period.reopen (apart from closing: a
// reopened month changes figures already reported).
func (s *Service) ReopenPeriod(ctx context.Context, date time.Time, reason string) (Period, error) {
	return s.changePeriod(ctx, date, reason, PeriodOpen)
}

func (s *Service) changePeriod(ctx context.Context, date time.Time, reason, to string) (Period, error) {
	perm, verb, event := PermPeriodClose, "close", EventPeriodClosed
	if to == PeriodOpen {
		perm, verb, event = PermPeriodReopen, "reopen", EventPeriodReopened
	}
	if _, err := caller(ctx, perm); err != nil {
		return Period{}, err
	}
	reason = strings.TrimSpace(reason)
	if len(reason) > 500 {
		return Period{}, errs.Field("reason", "must be at most 500 characters")
	}
	if to == PeriodOpen && reason == "" {
		return Period{}, errs.Field("reason", "is required to reopen a period: the figures of a reported month change")
	}
	var p Period
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		cur, err := s.periodFor(ctx, tx, date)
		if err != nil {
			return err
		}
		// Every change of periods queues behind this lock, so two closes
		// cannot both see the other's period open.
		if _, err := tx.Exec(ctx, `SELECT 1 FROM finance.fiscal_periods WHERE starts = $1 FOR UPDATE`, cur.Starts); err != nil {
			return err
		}
		if cur.Status == to {
			return errs.E(errs.FailedPrecondition, "the period %s is already %s", cur.Name(), to)
		}
		if err := s.checkOrder(ctx, tx, cur, to); err != nil {
			return err
		}
		p, err = scanPeriod(tx.QueryRow(ctx, `UPDATE finance.fiscal_periods SET status = $2, changed_at = $3, changed_by = $4,
			reason = $5, version = version + 1 WHERE starts = $1 RETURNING `+periodColumns,
			cur.Starts, to, s.now().UTC(), authz.Actor(ctx), reason))
		if err != nil {
			return fmt.Errorf("%s period: %w", verb, err)
		}
		return s.emit(ctx, tx, events.Draft{Type: event, Subject: p.Starts.Format(DateLayout), Data: PeriodChanged{
			FiscalYear: p.FiscalYear, Number: p.Number, Starts: p.Starts.Format(DateLayout), Ends: p.Ends.Format(DateLayout), Reason: reason}})
	})
	return p, err
}

// checkOrder keeps the closed periods a prefix of the calendar: a period
// closes once every earlier one is closed and it has ended; it reopens
// once every later one is open.
func (s *Service) checkOrder(ctx context.Context, tx *db.Tx, p Period, to string) error {
	if to == PeriodClosed {
		st, err := s.tenantSettings(ctx)
		if err != nil {
			return err
		}
		if today := Date(s.now(), st.Location()); !today.After(p.Ends) {
			return errs.E(errs.FailedPrecondition, "the period %s has not ended yet (it ends on %s)", p.Name(), p.Ends.Format(DateLayout))
		}
	}
	q := `SELECT ` + periodColumns + ` FROM finance.fiscal_periods WHERE starts < $1 AND status = 'open' ORDER BY starts LIMIT 1`
	if to == PeriodOpen {
		q = `SELECT ` + periodColumns + ` FROM finance.fiscal_periods WHERE starts > $1 AND status = 'closed' ORDER BY starts DESC LIMIT 1`
	}
	other, err := scanPeriod(tx.QueryRow(ctx, q, p.Starts))
	switch {
	case err == nil && to == PeriodClosed:
		return errs.E(errs.FailedPrecondition, "the earlier period %s is still open: periods close in order", other.Name())
	case err == nil:
		return errs.E(errs.FailedPrecondition, "the later period %s is closed: reopen it first", other.Name())
	case errs.Is(db.Translate(err), errs.NotFound):
		return nil
	}
	return fmt.Errorf("period order: %w", err)
}
