package finance

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// Period is a monthly fiscal period. Starts and Ends are calendar dates
// (midnight UTC stands for the date); Ends is the last day in it.
type Period struct {
	FiscalYear string
	Number     int
	Starts     time.Time
	Ends       time.Time
	Status     string
	ChangedAt  *time.Time
	ChangedBy  string
	Reason     string
	Version    int
}

// The period statuses.
const (
	PeriodOpen   = "open"
	PeriodClosed = "closed"
)

// Name is how errors and reports name the period: "2026-27 P01 (July 2026)".
func (p Period) Name() string {
	return fmt.Sprintf("%s P%02d (%s)", p.FiscalYear, p.Number, p.Starts.Format("January 2006"))
}

// DateLayout is how dates travel in the API and events.
const DateLayout = time.DateOnly

// Date is the calendar date of t in loc, as midnight UTC.
func Date(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

const periodColumns = `fiscal_year, number, starts, ends, status, changed_at, changed_by, reason, version`

// periodOfDate reads the period holding the date $1.
const periodOfDate = `SELECT ` + periodColumns + ` FROM finance.fiscal_periods WHERE starts <= $1 AND ends >= $1`

func scanPeriod(row pgx.Row) (Period, error) {
	var p Period
	err := row.Scan(&p.FiscalYear, &p.Number, &p.Starts, &p.Ends, &p.Status, &p.ChangedAt, &p.ChangedBy, &p.Reason, &p.Version)
	return p, err
}

// periodsOf returns the twelve periods of the fiscal year holding date
// under the tenant's settings.
func periodsOf(st *tenantsettings.Settings, date time.Time) []Period {
	// The fiscal year is of a calendar date, so it is computed in UTC where
	// date is midnight.
	start, _, label := st.FiscalYear(time.Date(date.Year(), date.Month(), date.Day(), 12, 0, 0, 0, st.Location()))
	first := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC)
	out := make([]Period, 12)
	for i := range out {
		s := first.AddDate(0, i, 0)
		out[i] = Period{FiscalYear: label, Number: i + 1, Starts: s, Ends: s.AddDate(0, 1, -1), Status: PeriodOpen, Version: 1}
	}
	return out
}

// periodFor returns the period holding date in the tenant of tx, making
// its fiscal year's twelve periods when they do not exist yet.
func (s *Service) periodFor(ctx context.Context, tx *db.Tx, date time.Time) (Period, error) {
	q := periodOfDate
	p, err := scanPeriod(tx.QueryRow(ctx, q, date))
	if err == nil {
		return p, nil
	}
	if !errs.Is(db.Translate(err), errs.NotFound) {
		return Period{}, fmt.Errorf("read period: %w", err)
	}
	st, err := s.tenantSettings(ctx)
	if err != nil {
		return Period{}, err
	}
	ps := periodsOf(st, date)
	starts, ends, numbers := make([]time.Time, 12), make([]time.Time, 12), make([]int32, 12)
	for i, p := range ps {
		starts[i], ends[i], numbers[i] = p.Starts, p.Ends, int32(p.Number)
	}
	// A period the tenant's earlier fiscal year setting made may overlap;
	// the periods that exist stay as they are.
	_, err = tx.Exec(ctx, `INSERT INTO finance.fiscal_periods (tenant_id, starts, ends, fiscal_year, number)
		SELECT current_setting('app.tenant_id')::uuid, s, e, $4, n FROM unnest($1::date[], $2::date[], $3::int[]) AS u(s, e, n)
		WHERE NOT EXISTS (SELECT 1 FROM finance.fiscal_periods p WHERE p.starts <= u.e AND p.ends >= u.s)
		ON CONFLICT DO NOTHING`, starts, ends, numbers, ps[0].FiscalYear)
	if err != nil {
		return Period{}, fmt.Errorf("make fiscal periods: %w", err)
	}
	p, err = scanPeriod(tx.QueryRow(ctx, q, date))
	if err != nil {
		return Period{}, fmt.Errorf("read period: %w", err)
	}
	return p, nil
}

// openPeriodFor is periodFor that refuses a closed period, naming it in
// field. Returns FAILED_PRECONDITION naming the period.
func (s *Service) openPeriodFor(ctx context.Context, tx *db.Tx, date time.Time, field string) (Period, error) {
	p, err := s.periodFor(ctx, tx, date)
	if err != nil {
		return Period{}, err
	}
	return p, refuseClosed(p, date, field)
}

// refuseClosed is openPeriodFor's refusal of p, the period of date, when
// it is closed.
func refuseClosed(p Period, date time.Time, field string) error {
	if p.Status != PeriodOpen {
		e := errs.E(errs.FailedPrecondition, "the fiscal period %s is closed; %s falls in it", p.Name(), date.Format(DateLayout))
		e.Fields = []errs.FieldError{{Field: field, Message: "falls in the closed period " + p.Name()}}
		return e
	}
	return nil
}
