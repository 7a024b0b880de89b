package mixed

// The checker of what must hold after a run (verify*.go): the invariants
// a crash, an outage or a long soak must not break.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Report is what Verify found: one Check per invariant, in a fixed order.
type Report struct{ Checks []Check }

// Check is one invariant: its name, whether it held, and what was seen
// (counts when it held, the first offenders when it did not).
type Check struct {
	Name   string
	OK     bool
	Detail string
}

// The names of Verify's checks, as a Report shows them.
const (
	CheckAcked         = "acknowledged writes present"
	CheckEventsAudited = "every event audited exactly once"
	CheckApprovals     = "approvals completed or waiting"
	CheckNumbers       = "document numbers gapless"
	CheckLedger        = "ledger balanced"
	CheckStock         = "stock balanced"
)

// Err is nil when every check passed, else names every failed one.
func (r *Report) Err() error {
	var failed []string
	for _, c := range r.Checks {
		if !c.OK {
			failed = append(failed, c.Name+": "+c.Detail)
		}
	}
	if len(failed) == 0 {
		return nil
	}
	return fmt.Errorf("%d of %d checks failed: %s", len(failed), len(r.Checks), strings.Join(failed, "; "))
}

// String is the report as lines, one per check.
func (r *Report) String() string {
	var b strings.Builder
	for _, c := range r.Checks {
		mark := "ok  "
		if !c.OK {
			mark = "FAIL"
		}
		fmt.Fprintf(&b, "%s %-36s %s\n", mark, c.Name, c.Detail)
	}
	return b.String()
}

// Check returns the check named name, and whether the report has it.
func (r *Report) Check(name string) (Check, bool) {
	for _, c := range r.Checks {
		if c.Name == name {
			return c, true
		}
	}
	return Check{}, false
}

// Verify checks what must hold after a run once the system is quiet:
// every acknowledged write present (read through the API), every event in
// the outbox reached the audit log exactly once, every approval completed
// or still waiting correctly, every Mushak sequence gapless, stock and the
// ledger balanced. dbURL is a PostgreSQL URL with rights over every schema
// (the owner), for what the API cannot show.
//
// The database checks cover every tenant, not only the run's: an
// invariant broken anywhere is broken. A check that could not run (a
// query failed) fails with the error as its detail; Verify itself
// returns an error only when it cannot reach the database.
func Verify(ctx context.Context, client *http.Client, url, dbURL string, acked Acked) (*Report, error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return nil, fmt.Errorf("verify: connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	api := &reader{client: client, base: strings.TrimRight(url, "/")}
	checks := []struct {
		name string
		run  func(context.Context) (string, error)
	}{
		{CheckAcked, func(ctx context.Context) (string, error) { return checkAcked(ctx, conn, api, acked) }},
		{CheckEventsAudited, func(ctx context.Context) (string, error) { return checkEventsAudited(ctx, conn) }},
		{CheckApprovals, func(ctx context.Context) (string, error) { return checkApprovals(ctx, conn) }},
		{CheckNumbers, func(ctx context.Context) (string, error) { return checkNumbers(ctx, conn) }},
		{CheckLedger, func(ctx context.Context) (string, error) { return checkLedger(ctx, conn) }},
		{CheckStock, func(ctx context.Context) (string, error) { return checkStock(ctx, conn) }},
	}
	r := &Report{}
	for _, c := range checks {
		detail, err := c.run(ctx)
		var v violation
		switch {
		case err == nil:
			r.Checks = append(r.Checks, Check{Name: c.name, OK: true, Detail: detail})
		case errors.As(err, &v):
			r.Checks = append(r.Checks, Check{Name: c.name, Detail: v.Error()})
		default:
			r.Checks = append(r.Checks, Check{Name: c.name, Detail: "could not check: " + err.Error()})
		}
		if ctx.Err() != nil {
			return r, ctx.Err()
		}
	}
	return r, nil
}

// violation is a check's finding that the invariant does not hold, as
// opposed to an error that kept it from looking.
type violation struct{ findings []string }

func (v violation) Error() string {
	const shown = 5
	out := v.findings
	more := ""
	if len(out) > shown {
		more = fmt.Sprintf(" (and %d more)", len(out)-shown)
		out = out[:shown]
	}
	return strings.Join(out, "; ") + more
}

// findings collects what a check saw wrong; err is nil when nothing was.
type findings []string

func (f *findings) add(format string, args ...any) { *f = append(*f, fmt.Sprintf(format, args...)) }

func (f findings) err() error {
	if len(f) == 0 {
		return nil
	}
	return violation{findings: f}
}
