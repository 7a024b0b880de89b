package notify

import (
	"strconv"
	"strings"
	"time"

	"github.com/vextrus/vextrus/internal/platform/events"
)

// notice is what one event asks notify to tell whom: the recipients
// still as references, the template's variables, and how it may travel.
type notice struct {
	ev events.Event
	// security notices (invite, reset) go by email only, to the address
	// the event carries, whatever the preferences and quiet hours.
	security bool
	// urgent notices are not deferred by quiet hours.
	urgent bool
	// approverKeys are workflow inbox keys: user:<id>, role:<name>,
	// dept:<department>:<head|member>.
	approverKeys []string
	users        []string // user ids
	customer     string   // a master data customer id
	direct       *User    // the addressee the event names itself
	vars         map[string]string
	// link is the path under http.public_url the message points to.
	link string
}

// plan reads ev; ok is false for an event that concerns nobody.
func (s *Service) plan(ev events.Event) (n notice, ok bool, err error) {
	n = notice{ev: ev, vars: map[string]string{}}
	switch ev.Type {
	case EventApprovalRequested:
		var p requestedEvent
		if err := decode(ev, &p); err != nil {
			return n, false, err
		}
		n.approverKeys = p.Approvers
		approvalVars(n.vars, p.ApprovalID, p.Document)
		n.vars["Level"], n.vars["LevelName"], n.vars["Due"] = strconv.Itoa(p.Level), p.LevelName, p.DueAt
		n.vars["SubmitterID"] = p.Submitter
		n.link = "/approvals/" + p.ApprovalID
	case EventApprovalEscalated:
		var p escalatedEvent
		if err := decode(ev, &p); err != nil {
			return n, false, err
		}
		n.urgent = true
		n.approverKeys = p.EscalatedTo
		if p.Submitter != "" {
			n.users = []string{p.Submitter}
		}
		n.vars["ApprovalID"], n.vars["DocumentType"], n.vars["DocumentID"] = p.ApprovalID, p.DocumentType, p.DocumentID
		n.vars["Document"] = firstNonEmpty(p.Summary, p.DocumentType+" "+p.DocumentID)
		n.vars["Level"] = strconv.Itoa(p.Level)
		n.link = "/approvals/" + p.ApprovalID
	case EventApprovalCompleted:
		var p completedEvent
		if err := decode(ev, &p); err != nil {
			return n, false, err
		}
		// Approved with no one deciding is approved at submit (the chain
		// asked no approver): the submitter read it in the answer.
		if p.Submitter == "" || strings.HasPrefix(p.Submitter, "service:") || p.Status == "approved" && p.DecidedBy == "" {
			return n, false, nil
		}
		n.users = []string{p.Submitter}
		approvalVars(n.vars, p.ApprovalID, p.Document)
		n.vars["Status"] = p.Status
		n.link = "/approvals/" + p.ApprovalID
	case EventUserInvited, EventPasswordReset:
		var p tokenEvent
		if err := decode(ev, &p); err != nil {
			return n, false, err
		}
		n.security, n.urgent = true, true
		n.direct = &User{ID: p.UserID, Email: p.Email, Name: p.Name, Locale: p.Locale, Status: "active"}
		n.vars["SealedToken"], n.vars["ExpiresAt"] = p.SealedToken, p.ExpiresAt
		n.link = "/reset-password?token="
		if ev.Type == EventUserInvited {
			n.link = "/accept-invite?token="
		}
	case EventInvoiceApproved:
		var p invoiceEvent
		if err := decode(ev, &p); err != nil {
			return n, false, err
		}
		if p.Kind != "sales" || p.PartyID == "" {
			return n, false, nil
		}
		n.customer = p.PartyID
		n.vars["InvoiceID"], n.vars["Number"], n.vars["Date"], n.vars["DueDate"] = p.InvoiceID, p.Number, p.Date, p.DueDate
		n.vars["Total"], n.vars["Payable"], n.vars["Currency"] = p.Total.Amount, p.Payable.Amount, p.Total.Currency
	case EventPaymentRecorded:
		var p paymentEvent
		if err := decode(ev, &p); err != nil {
			return n, false, err
		}
		if p.Kind != "receipt" || p.PartyID == "" {
			return n, false, nil
		}
		n.customer = p.PartyID
		n.vars["PaymentID"], n.vars["Number"], n.vars["Date"], n.vars["Method"] = p.PaymentID, p.Number, p.Date, p.Method
		n.vars["Amount"], n.vars["Currency"] = p.Amount.Amount, p.Amount.Currency
	case EventReportReady:
		var p reportEvent
		if err := decode(ev, &p); err != nil {
			return n, false, err
		}
		if p.RequestedBy == "" || strings.HasPrefix(p.RequestedBy, "service:") {
			return n, false, nil
		}
		n.users = []string{p.RequestedBy}
		n.vars["JobID"], n.vars["Kind"], n.vars["FileID"], n.vars["FileName"] = p.JobID, p.Kind, p.FileID, p.FileName
		n.vars["Status"], n.vars["Error"] = p.Status, p.Error
		n.link = "/documents/jobs/" + p.JobID
	default:
		return n, false, nil
	}
	return n, true, nil
}

func approvalVars(v map[string]string, id string, d documentJSON) {
	v["ApprovalID"], v["DocumentType"], v["DocumentID"] = id, d.Type, d.ID
	v["Document"] = firstNonEmpty(d.Summary, d.Type+" "+d.ID)
	v["Amount"], v["Currency"] = d.Amount.Amount, d.Amount.Currency
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// localTime formats an RFC 3339 time in loc as "2006-01-02 15:04"; what
// does not parse is returned as is.
func localTime(s string, loc *time.Location) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return t.In(loc).Format("2006-01-02 15:04")
}
