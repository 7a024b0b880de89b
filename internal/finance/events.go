package finance

import (
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// The finance service's events (api/events/<type>.json), all on the
// topic vextrus.finance.events. Documents are their subjects, so the
// events of one invoice or journal stay in order.
const (
	EventJournalPosted    = "vextrus.finance.journal.posted.v1"
	EventPeriodClosed     = "vextrus.finance.period.closed.v1"
	EventPeriodReopened   = "vextrus.finance.period.reopened.v1"
	EventInvoiceSubmitted = "vextrus.finance.invoice.submitted.v1"
	EventInvoiceApproved  = "vextrus.finance.invoice.approved.v1"
	EventInvoiceCancelled = "vextrus.finance.invoice.cancelled.v1"
	EventPaymentRecorded  = "vextrus.finance.payment.recorded.v1"
	EventPaymentReversed  = "vextrus.finance.payment.reversed.v1"
)

// PostedJournal is the payload of vextrus.finance.journal.posted.v1.
type PostedJournal struct {
	JournalID string       `json:"journalId"`
	Number    string       `json:"number"`
	Date      string       `json:"date"`
	Source    string       `json:"source"`
	SourceID  string       `json:"sourceId,omitempty"`
	Reverses  string       `json:"reverses,omitempty"`
	Total     money.Amount `json:"total"`
	Lines     int          `json:"lines"`
}

// PeriodChanged is the payload of vextrus.finance.period.closed.v1 and
// .reopened.v1.
type PeriodChanged struct {
	FiscalYear string `json:"fiscalYear"`
	Number     int    `json:"number"`
	Starts     string `json:"starts"`
	Ends       string `json:"ends"`
	Reason     string `json:"reason"`
}

func journalPostedEvent(j *Journal) events.Draft {
	p := PostedJournal{JournalID: j.ID.String(), Number: j.Number, Date: j.Date.Format(DateLayout), Source: j.Source,
		Total: money.New(j.Total, money.Currency(j.Currency)), Lines: len(j.Lines)}
	if j.SourceID != nil {
		p.SourceID = j.SourceID.String()
	}
	if j.Reverses != nil {
		p.Reverses = j.Reverses.String()
	}
	return events.Draft{Type: EventJournalPosted, Subject: j.ID.String(), Data: p}
}
