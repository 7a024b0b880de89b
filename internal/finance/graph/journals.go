package graph

import (
	"context"
	"strconv"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// JournalEntry is the schema's JournalEntry over a journal of the service.
type JournalEntry struct {
	finance.Journal
	// listed marks a journal read from a list, which carries the lines of
	// a draft but not those of a posted journal.
	listed bool
}

// JournalNumber is null until the journal is posted.
func (e *JournalEntry) JournalNumber() *string { return optional(e.Number) }

// JournalType is what made the journal.
func (e *JournalEntry) JournalType() JournalType { return toGraphJournalType[e.Source] }

// JournalStatus is the journal's status.
func (e *JournalEntry) JournalStatus() JournalStatus { return JournalStatus(upper(e.Status)) }

// IsReversing reports whether the journal reverses another.
func (e *JournalEntry) IsReversing() bool { return e.Reverses != nil }

// PostedBy is who posted it; null for a draft.
func (e *JournalEntry) PostedBy() *string { return optional(e.Journal.PostedBy) }

// CreatedBy is who prepared it.
func (e *JournalEntry) CreatedBy() *string { return optional(e.Journal.CreatedBy) }

// TotalDebit is the sum of the debits: the posted total, or a draft's.
func (e *JournalEntry) TotalDebit() money.Amount {
	return e.total(func(l finance.Line) int64 { return l.Debit })
}

// TotalCredit is the sum of the credits; a posted journal's equals its
// debits.
func (e *JournalEntry) TotalCredit() money.Amount {
	return e.total(func(l finance.Line) int64 { return l.Credit })
}

func (e *JournalEntry) total(side func(finance.Line) int64) money.Amount {
	if e.Status != finance.JournalDraft {
		return money.New(e.Total, money.BDT)
	}
	var t int64
	for _, l := range e.Lines {
		t += side(l)
	}
	return money.New(t, money.BDT)
}

// taka is an amount of poisha.
func taka(minor int64) *money.Amount {
	a := money.New(minor, money.BDT)
	return &a
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

var toGraphJournalType = map[string]JournalType{
	finance.SourceManual: JournalTypeGeneral, finance.SourceInvoice: JournalTypeInvoice, finance.SourcePayment: JournalTypePayment,
	finance.SourceReversal: JournalTypeReversing, finance.SourceOpening: JournalTypeOpening,
}

func fromGraphJournalType(t JournalType) string {
	for k, v := range toGraphJournalType {
		if v == t {
			return k
		}
	}
	return string(t)
}

// journalFields are the journal inputs' names for the service's fields.
var journalFields = fieldNames{"date": "journalDate", "memo": "description", "debit": "debitAmount", "credit": "creditAmount"}

func toGraphLines(ls []finance.Line) []JournalLine {
	out := make([]JournalLine, len(ls))
	for i, l := range ls {
		out[i] = JournalLine{LineNumber: i + 1, AccountID: l.AccountID.String(), DebitAmount: taka(l.Debit),
			CreditAmount: taka(l.Credit), Description: l.Memo}
		if l.PartyID != nil {
			p := l.PartyID.String()
			out[i].PartyID = &p
		}
	}
	return out
}

// lineInput is what JournalLineInput and AddJournalLineInput carry.
type lineInput struct {
	accountID, partyID        *string
	debitAmount, creditAmount *string
	description               *string
}

// fromLineInputs builds the lines of in, naming prefix(i)+<name> at
// fault. Returns INVALID_ARGUMENT.
func fromLineInputs(prefix func(i int) string, in []lineInput) ([]finance.Line, error) {
	c := &errs.Collector{}
	out := make([]finance.Line, len(in))
	for i, l := range in {
		f := prefix(i)
		id, err := parseID(deref(l.accountID), f+"accountId")
		c.Merge("", err)
		party, err := parseOptionalID(l.partyID, f+"partyId")
		c.Merge("", err)
		out[i] = finance.Line{AccountID: id, PartyID: party, Memo: deref(l.description)}
		out[i].Debit = parseAmount(c, f+"debitAmount", l.debitAmount)
		out[i].Credit = parseAmount(c, f+"creditAmount", l.creditAmount)
	}
	return out, c.Err()
}

// parseAmount reads an optional decimal of taka as poisha, recording a
// negative, sub-poisha or unreadable amount against field.
func parseAmount(c *errs.Collector, field string, s *string) int64 {
	if s == nil || *s == "" {
		return 0
	}
	a, err := money.Parse(*s, money.BDT)
	if err != nil {
		c.Add(field, "must be an amount of taka with at most two decimals, such as 1234.50")
		return 0
	}
	c.Check(a.Sign() >= 0, field, "must not be negative")
	return a.Minor()
}

// inputLine names the fields of line i of input.lines.
func inputLine(i int) string { return "input.lines[" + strconv.Itoa(i) + "]." }

func journalLines(ls []JournalLineInput) []lineInput {
	out := make([]lineInput, len(ls))
	for i, l := range ls {
		id := l.AccountID
		out[i] = lineInput{accountID: &id, partyID: l.PartyID, debitAmount: l.DebitAmount, creditAmount: l.CreditAmount,
			description: l.Description}
	}
	return out
}

// fromCreateJournalInput builds the journal of in. Returns
// INVALID_ARGUMENT naming input fields.
func fromCreateJournalInput(in CreateJournalInput) (finance.NewJournal, error) {
	lines, err := fromLineInputs(inputLine, journalLines(in.Lines))
	c := &errs.Collector{}
	c.Merge("", err)
	c.Check(in.JournalType == nil || *in.JournalType == JournalTypeGeneral, "input.journalType",
		"only GENERAL journals are made by hand; invoices and payments post their own")
	return finance.NewJournal{Date: in.JournalDate, Memo: deref(in.Description), Lines: lines, Post: deref(in.AutoPost)}, c.Err()
}

// journalCursor reads the cursor of a journals page. Returns
// INVALID_ARGUMENT naming after.
func journalCursor(after *string) (*uuid.UUID, error) {
	if after == nil || *after == "" {
		return nil, nil
	}
	id, err := uuid.Parse(*after)
	if err != nil {
		return nil, errs.Field("after", "is not a cursor this API issued")
	}
	return &id, nil
}

// lines gives e's lines, reading a listed posted journal's.
func (r *Resolver) lines(ctx context.Context, e *JournalEntry) ([]JournalLine, error) {
	if !e.listed || e.Status == finance.JournalDraft {
		return toGraphLines(e.Lines), nil
	}
	j, err := r.Service.GetJournal(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	return toGraphLines(j.Lines), nil
}

// IsEntity marks JournalEntry a federation entity.
func (JournalEntry) IsEntity() {}
