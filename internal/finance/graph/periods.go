package graph

import (
	"context"
	"time"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

func toGraphPeriod(p finance.Period) *FiscalPeriod {
	return &FiscalPeriod{FiscalYear: p.FiscalYear, Number: p.Number, Name: p.Name(), Starts: p.Starts, Ends: p.Ends,
		Status: FiscalPeriodStatus(upper(p.Status)), ChangedAt: p.ChangedAt, ChangedBy: optional(p.ChangedBy),
		Reason: optional(p.Reason), Version: p.Version}
}

// changePeriod closes or reopens the period holding date.
func changePeriod(ctx context.Context, change func(context.Context, time.Time, string) (finance.Period, error),
	date time.Time, reason string) (*FiscalPeriod, error) {
	p, err := change(ctx, date, reason)
	if err != nil {
		return nil, asArgument(err, "", fieldNames{"starts": "date"})
	}
	return toGraphPeriod(p), nil
}

// journalEntry reads journal id, naming the argument name when it is not
// a UUID.
func (r *Resolver) journalEntry(ctx context.Context, id, name string) (*JournalEntry, error) {
	uid, err := parseID(id, name)
	if err != nil {
		return nil, err
	}
	j, err := r.Service.GetJournal(ctx, uid)
	if err != nil {
		return nil, err
	}
	return &JournalEntry{Journal: j}, nil
}

// journals is a page of journals as a connection.
func (r *Resolver) journals(ctx context.Context, f finance.JournalFilter) (*JournalEntryConnection, error) {
	js, err := r.Service.ListJournals(ctx, f)
	if err != nil {
		return nil, asArgument(err, "", fieldNames{"limit": "first"})
	}
	out := &JournalEntryConnection{Edges: make([]JournalEntryEdge, len(js)), PageInfo: &PageInfo{}}
	for i, j := range js {
		out.Edges[i] = JournalEntryEdge{Cursor: j.ID.String(), Node: &JournalEntry{Journal: j, listed: true}}
	}
	page := f.Limit
	if page == 0 {
		page = defaultPage
	}
	if len(js) == page {
		out.PageInfo.HasNextPage, out.PageInfo.EndCursor = true, &out.Edges[len(js)-1].Cursor
	}
	return out, nil
}

// defaultPage is the service's page size when first is omitted.
const defaultPage = 50

// parseReversingDate reads reverseJournal's optional YYYY-MM-DD date.
func parseReversingDate(s *string) (time.Time, error) {
	if s == nil || *s == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse(time.DateOnly, *s)
	if err != nil {
		return time.Time{}, errs.Field("reversingDate", "must be a date YYYY-MM-DD")
	}
	return d, nil
}
