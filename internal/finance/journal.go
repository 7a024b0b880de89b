package finance

import (
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// The journal statuses: a draft is edited freely; posting makes its lines
// part of the ledger for good; a posted journal is undone only by
// posting a reversing journal, which marks it reversed.
const (
	JournalDraft    = "draft"
	JournalPosted   = "posted"
	JournalReversed = "reversed"
)

// The sources of journals: what made them.
const (
	SourceManual   = "manual"
	SourceInvoice  = "invoice"
	SourcePayment  = "payment"
	SourceReversal = "reversal"
	SourceOpening  = "opening"
)

// Line is one line of a journal: a debit or a credit of a positive
// number of poisha to an account.
type Line struct {
	AccountID uuid.UUID  `json:"accountId"`
	Debit     int64      `json:"debit"`
	Credit    int64      `json:"credit"`
	Memo      string     `json:"memo,omitempty"`
	PartyID   *uuid.UUID `json:"partyId,omitempty"`
}

// Journal is a journal entry.
type Journal struct {
	ID         uuid.UUID
	Number     string
	Date       time.Time
	Status     string
	Source     string
	SourceID   *uuid.UUID
	Memo       string
	Currency   string
	Lines      []Line
	Total      int64
	Reverses   *uuid.UUID
	ReversedBy *uuid.UUID
	CreatedBy  string
	PostedBy   string
	PostedAt   *time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Version    int
}

// maxLines bounds a journal's lines.
const maxLines = 1000

// checkLines validates lines for posting (balanced) or for a draft
// (posting will check the balance), naming each bad field.
func checkLines(lines []Line, balanced bool) error {
	c := &errs.Collector{}
	c.Check(len(lines) <= maxLines, "lines", "at most %d lines", maxLines)
	if balanced {
		c.Check(len(lines) >= 2, "lines", "a journal needs at least two lines")
	}
	var debit, credit int64
	overflow := false
	for i, l := range lines {
		f := func(name string) string { return "lines[" + strconv.Itoa(i) + "]." + name }
		c.Check(l.AccountID != uuid.Nil, f("accountId"), "is required")
		c.Check(l.Debit >= 0, f("debit"), "must not be negative")
		c.Check(l.Credit >= 0, f("credit"), "must not be negative")
		c.Check((l.Debit == 0) != (l.Credit == 0), f("debit"), "a line is a debit or a credit of a positive amount, not both or neither")
		c.Check(len(l.Memo) <= 500, f("memo"), "must be at most 500 characters")
		if l.Debit > 0 && debit > maxMinor-l.Debit || l.Credit > 0 && credit > maxMinor-l.Credit {
			overflow = true
		}
		if l.Debit > 0 {
			debit += l.Debit
		}
		if l.Credit > 0 {
			credit += l.Credit
		}
	}
	c.Check(!overflow, "lines", "the total is too large")
	if err := c.Err(); err != nil || !balanced {
		return err
	}
	if debit != credit {
		return errs.Field("lines", "debits (%d poisha) and credits (%d poisha) must be equal", debit, credit)
	}
	return nil
}

// maxMinor bounds a journal's total: 10^15 poisha, ten lakh crore taka.
const maxMinor = 1_000_000_000_000_000

func totalDebit(lines []Line) int64 {
	var t int64
	for _, l := range lines {
		t += l.Debit
	}
	return t
}
