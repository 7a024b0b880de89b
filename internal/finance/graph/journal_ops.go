package graph

import (
	"context"
	"strings"
	"time"

	"github.com/vextrus/vextrus/internal/finance"
)

// createJournal keeps or posts the journal of input.
func (r *Resolver) createJournal(ctx context.Context, input CreateJournalInput) (*JournalEntry, error) {
	n, err := fromCreateJournalInput(input)
	if err != nil {
		return nil, err
	}
	j, err := r.Service.CreateJournal(ctx, n)
	if err != nil {
		return nil, asArgument(err, "input", journalFields)
	}
	return &JournalEntry{Journal: j}, nil
}

// updateJournal applies input to draft id.
func (r *Resolver) updateJournal(ctx context.Context, id string, input UpdateJournalInput, expectedVersion *int) (*JournalEntry, error) {
	uid, err := parseID(id, "id")
	if err != nil {
		return nil, err
	}
	p := finance.JournalPatch{Date: input.JournalDate, Memo: input.Description, ExpectedVersion: deref(expectedVersion)}
	if input.Lines != nil {
		if p.Lines, err = fromLineInputs(inputLine, journalLines(input.Lines)); err != nil {
			return nil, err
		}
	}
	j, err := r.Service.UpdateJournal(ctx, uid, p)
	if err != nil {
		return nil, asArgument(err, "input", journalFields)
	}
	return &JournalEntry{Journal: j}, nil
}

// addJournalLine appends input to draft journalID at its version, so a concurrent edit is CONFLICT, not a lost line.
func (r *Resolver) addJournalLine(ctx context.Context, journalID string, input AddJournalLineInput) (*JournalEntry, error) {
	cur, err := r.journalEntry(ctx, journalID, "journalId")
	if err != nil {
		return nil, err
	}
	line, err := fromLineInputs(func(int) string { return "input." }, []lineInput{{accountID: &input.AccountID,
		partyID: input.PartyID, debitAmount: input.DebitAmount, creditAmount: input.CreditAmount, description: input.Description}})
	if err != nil {
		return nil, err
	}
	// The draft's version guards the append: a concurrent edit is CONFLICT,
	// not a lost line.
	lines := append(append([]finance.Line{}, cur.Lines...), line[0])
	j, err := r.Service.UpdateJournal(ctx, cur.ID, finance.JournalPatch{Lines: lines, ExpectedVersion: cur.Version})
	if err != nil {
		return nil, asArgument(err, "", journalFields)
	}
	return &JournalEntry{Journal: j}, nil
}

// reverseJournal posts the reversal of journal id.
func (r *Resolver) reverseJournal(ctx context.Context, id string, reversingDate *string, description *string) (*JournalEntry, error) {
	uid, err := parseID(id, "id")
	if err != nil {
		return nil, err
	}
	date, err := parseReversingDate(reversingDate)
	if err != nil {
		return nil, err
	}
	j, err := r.Service.ReverseJournal(ctx, uid, date, deref(description))
	if err != nil {
		return nil, asArgument(err, "", fieldNames{"date": "reversingDate", "memo": "description"})
	}
	return &JournalEntry{Journal: j}, nil
}

// listJournals is a page of journals by the arguments.
func (r *Resolver) listJournals(ctx context.Context, status *JournalStatus, journalType *JournalType, from *time.Time, to *time.Time, first *int, after *string) (*JournalEntryConnection, error) {
	f := finance.JournalFilter{Limit: deref(first), From: deref(from), To: deref(to)}
	if status != nil {
		f.Status = strings.ToLower(string(*status))
	}
	if journalType != nil {
		f.Source = fromGraphJournalType(*journalType)
	}
	var err error
	if f.After, err = journalCursor(after); err != nil {
		return nil, err
	}
	return r.journals(ctx, f)
}

// listPeriods are the periods of the fiscal year holding date.
func (r *Resolver) listPeriods(ctx context.Context, date *time.Time) ([]FiscalPeriod, error) {
	ps, err := r.Service.ListPeriods(ctx, deref(date))
	if err != nil {
		return nil, err
	}
	out := make([]FiscalPeriod, len(ps))
	for i, p := range ps {
		out[i] = *toGraphPeriod(p)
	}
	return out, nil
}
