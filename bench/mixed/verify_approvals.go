package mixed

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
)

// approvedDoc is a document's approval (workflow.approvals) set beside
// the document's own state in its service's schema.
type approvedDoc struct {
	what                string // the document, as findings name it
	table               string
	docService, docType string
	waiting, approved   []string // document statuses each approval status allows
	undone              []string // ... after a rejection, withdrawal or expiry
	openOnlyWhenWaiting string   // the document status that needs an open approval
}

// approvedDocs are the documents that go through approval chains.
var approvedDocs = []approvedDoc{
	{what: "invoice", table: "finance.invoices", docService: "finance", docType: "invoice",
		waiting: []string{"submitted"}, approved: []string{"approved", "partially_paid", "paid"},
		undone: []string{"draft", "held", "cancelled"}, openOnlyWhenWaiting: "submitted"},
	{what: "purchase order", table: "orders.purchase_orders", docService: "orders", docType: "purchase_order",
		waiting: []string{"submitted"}, approved: []string{"approved", "partially_received", "received", "closed", "cancelled"},
		undone: []string{"draft", "cancelled"}, openOnlyWhenWaiting: "submitted"},
}

// unaskedFrom is the from and where clauses that select d's documents
// waiting for an approval with none open (arguments: d.docService,
// d.docType, d.openOnlyWhenWaiting): submitted, and the submit's ask of
// the workflow lost, as when a process is killed between the two. The
// service's resumer asks again (approvalclient.Unasked, every 10 s);
// until it has, the document waits for nobody.
func (d approvedDoc) unaskedFrom() string {
	return `from ` + d.table + ` d
		where d.status = $3 and not exists (select from workflow.approvals a where a.tenant_id = d.tenant_id
			and a.doc_service = $1 and a.doc_type = $2 and a.doc_id = d.id::text
			and a.status in ('pending', 'info_requested', 'approved'))`
}

// checkApprovals sets every approval beside its document once the system
// is quiet: an approval still open has its document submitted and someone
// in whose inbox it waits; an approved one has its document issued; a
// rejected, withdrawn or expired one has its document back in draft (or
// cancelled). And each submitted document has an approval open: one
// submitted with none waits for nobody.
func checkApprovals(ctx context.Context, conn *pgx.Conn) (string, error) {
	var (
		f                     findings
		open, approved, other int64
	)
	for _, d := range approvedDocs {
		rows, err := conn.Query(ctx, `select a.id::text, a.status, coalesce(d.status, ''),
				a.status in ('pending', 'info_requested'),
				exists (select from workflow.inbox i where i.tenant_id = a.tenant_id and i.approval_id = a.id)
			from workflow.approvals a
			left join `+d.table+` d on d.tenant_id = a.tenant_id and d.id::text = a.doc_id
			where a.doc_service = $1 and a.doc_type = $2`, d.docService, d.docType)
		if err != nil {
			return "", fmt.Errorf("approvals of %s: %w", d.table, err)
		}
		for rows.Next() {
			var id, status, docStatus string
			var isOpen, inInbox bool
			if err := rows.Scan(&id, &status, &docStatus, &isOpen, &inInbox); err != nil {
				rows.Close()
				return "", err
			}
			allowed := d.undone
			switch {
			case isOpen:
				open++
				allowed = d.waiting
				if status == "pending" && !inInbox {
					f.add("%s approval %s is pending in nobody's inbox", d.what, id)
				}
			case status == "approved":
				approved++
				allowed = d.approved
			default:
				other++
			}
			switch {
			case docStatus == "":
				f.add("%s approval %s (%s) has no document", d.what, id, status)
			case !slices.Contains(allowed, docStatus):
				f.add("%s approval %s is %s but its %s is %s", d.what, id, status, d.what, docStatus)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return "", err
		}
		orphans, err := conn.Query(ctx, `select d.id::text `+d.unaskedFrom()+` order by 1 limit 20`,
			d.docService, d.docType, d.openOnlyWhenWaiting)
		if err != nil {
			return "", fmt.Errorf("%s without an approval: %w", d.table, err)
		}
		ids, err := pgx.CollectRows(orphans, pgx.RowTo[string])
		if err != nil {
			return "", err
		}
		for _, id := range ids {
			f.add("%s %s is %s with no approval open", d.what, id, d.openOnlyWhenWaiting)
		}
	}
	if err := f.err(); err != nil {
		return "", err
	}
	return fmt.Sprintf("%d approved, %d waiting, %d rejected/withdrawn/expired, each matching its document", approved, open, other), nil
}
