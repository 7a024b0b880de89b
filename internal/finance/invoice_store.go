package finance

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/keyset"
)

const invoiceColumns = `id, kind, side, status, party_id, party_name, party_bin, party_address, coalesce(number, ''),
	supplier_ref, corrects, invoice_date, due_date, currency, supply_type, department, memo, vds_buyer, ait_category,
	ait_return_proof, lines, subtotal, discount, net, sd, vat, vds, ait, total, payable, paid, approval_id, journal_id,
	reason, created_by, submitted_at, submitted_by, approved_at, approved_by, created_at, updated_at, version, purchase_order_id,
	match_status, match_lines, match_reasons, released_by, release_reason`

func scanInvoice(row pgx.Row) (Invoice, error) {
	var inv Invoice
	var kind, side string
	var lines, matched, reasons []byte
	t := &inv.Totals
	err := row.Scan(&inv.ID, &kind, &side, &inv.Status, &inv.Party.ID, &inv.Party.Name, &inv.Party.BIN, &inv.Party.Address,
		&inv.Number, &inv.SupplierRef, &inv.Corrects, &inv.Date, &inv.DueDate, &inv.Currency, &inv.SupplyType,
		&inv.Department, &inv.Memo, &inv.BuyerWithholdsVAT, &inv.AITTerms.Category, &inv.AITTerms.ReturnProof, &lines,
		&t.Subtotal, &t.Discount, &t.Net, &t.SD, &t.VAT, &t.VDS, &t.AIT, &t.Total, &t.Payable, &inv.Paid,
		&inv.ApprovalID, &inv.JournalID, &inv.Reason, &inv.CreatedBy, &inv.SubmittedAt, &inv.SubmittedBy, &inv.ApprovedAt, &inv.ApprovedBy,
		&inv.CreatedAt, &inv.UpdatedAt, &inv.Version, &inv.PurchaseOrderID, &inv.Match.Status, &matched, &reasons,
		&inv.Match.ReleasedBy, &inv.Match.ReleaseReason)
	if err != nil {
		return Invoice{}, err
	}
	inv.Kind, inv.Side = Kind(kind), Kind(side)
	if err := json.Unmarshal(lines, &inv.Lines); err != nil {
		return Invoice{}, fmt.Errorf("decode invoice lines: %w", err)
	}
	if err := json.Unmarshal(matched, &inv.Match.Lines); err != nil {
		return Invoice{}, fmt.Errorf("decode matched lines: %w", err)
	}
	if err := json.Unmarshal(reasons, &inv.Match.Reasons); err != nil {
		return Invoice{}, fmt.Errorf("decode hold reasons: %w", err)
	}
	return inv, nil
}

// invoiceByID reads the invoice id of the tenant of tx, locking it when
// lock is true. Returns NOT_FOUND, also for another tenant's id.
func invoiceByID(ctx context.Context, tx *db.Tx, id uuid.UUID, lock bool) (Invoice, error) {
	q := `SELECT ` + invoiceColumns + ` FROM finance.invoices WHERE id = $1`
	if lock {
		q += ` FOR UPDATE`
	}
	inv, err := scanInvoice(tx.QueryRow(ctx, q, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return Invoice{}, errs.E(errs.NotFound, "no invoice %s", id)
	}
	if err != nil {
		return Invoice{}, fmt.Errorf("read invoice: %w", err)
	}
	return inv, nil
}

// docState is what decides whether a change applies to a stored
// invoice: its status, version and approval. Every change to an
// invoice's content bumps its version, so a copy read at the same
// version holds the same content.
type docState struct {
	Status     string
	Number     string
	Version    int
	ApprovalID *uuid.UUID
	// Run is the run of the document's approval it waits on, 0 until
	// recorded; EndedRun the last run whose outcome returned it to draft
	// (ApprovalOutcome.applies).
	Run, EndedRun int
}

// docStateOf reads the state of the invoice id of the tenant of tx, locking
// it when lock is true: one narrow row instead of the whole document
// and its lines, for a caller that holds a copy or may have nothing to
// do. Returns NOT_FOUND, also for another tenant's id.
func docStateOf(ctx context.Context, tx *db.Tx, id uuid.UUID, lock bool) (docState, error) {
	q := docStateQuery
	if lock {
		q += ` FOR UPDATE`
	}
	return scanDocState(tx.QueryRow(ctx, q, id), id)
}

// docStateQuery reads the state of the invoice $1.
const docStateQuery = `SELECT status, coalesce(number, ''), version, approval_id, approval_run, approval_ended_run
	FROM finance.invoices WHERE id = $1`

// scanDocState reads the answer of docStateQuery for the invoice id.
func scanDocState(row pgx.Row, id uuid.UUID) (docState, error) {
	var st docState
	err := row.Scan(&st.Status, &st.Number, &st.Version, &st.ApprovalID, &st.Run, &st.EndedRun)
	if errors.Is(err, pgx.ErrNoRows) {
		return docState{}, errs.E(errs.NotFound, "no invoice %s", id)
	}
	if err != nil {
		return docState{}, fmt.Errorf("read invoice: %w", err)
	}
	return st, nil
}

// insertInvoice stores a new draft.
func insertInvoice(ctx context.Context, tx *db.Tx, inv *Invoice) error {
	lines, err := json.Marshal(inv.Lines)
	if err != nil {
		return err
	}
	t := inv.Totals
	_, err = tx.Exec(ctx, `INSERT INTO finance.invoices (tenant_id, id, kind, side, status, party_id, party_name, party_bin,
			party_address, supplier_ref, corrects, invoice_date, due_date, currency, supply_type, department, memo, vds_buyer,
			ait_category, ait_return_proof, lines, subtotal, discount, net, sd, vat, vds, ait, total, payable, created_by,
			created_at, updated_at, purchase_order_id)
		VALUES (current_setting('app.tenant_id')::uuid, $1, $2, $3, 'draft', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
			$15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $30, $31)`,
		inv.ID, string(inv.Kind), string(inv.Side), inv.Party.ID, inv.Party.Name, inv.Party.BIN, inv.Party.Address,
		inv.SupplierRef, inv.Corrects, inv.Date, inv.DueDate, inv.Currency, inv.SupplyType, inv.Department, inv.Memo,
		inv.BuyerWithholdsVAT, inv.AITTerms.Category, inv.AITTerms.ReturnProof, lines, t.Subtotal, t.Discount, t.Net, t.SD, t.VAT,
		t.VDS, t.AIT, t.Total, t.Payable, inv.CreatedBy, inv.CreatedAt, inv.PurchaseOrderID)
	if err != nil {
		return fmt.Errorf("store invoice: %w", db.Translate(err))
	}
	return nil
}

// saveDraft writes inv's content, status, reason and match over the
// stored draft, held or submitted row and bumps its version.
func saveDraft(ctx context.Context, tx *db.Tx, inv *Invoice, now time.Time) error {
	args, err := draftArgs(inv, now)
	if err != nil {
		return err
	}
	if err = tx.QueryRow(ctx, saveDraftSQL+` RETURNING version`, args...).Scan(&inv.Version); err != nil {
		return fmt.Errorf("save invoice: %w", db.Translate(err))
	}
	inv.UpdatedAt = now
	return nil
}

// deferSaveDraft is saveDraft for a row tx has locked at inv.Version: the
// next version is known, and the update is sent with the transaction's
// next statement or its commit.
func deferSaveDraft(tx *db.Tx, inv *Invoice, now time.Time) error {
	args, err := draftArgs(inv, now)
	if err != nil {
		return err
	}
	tx.Defer(saveDraftSQL, args...)
	inv.Version++
	inv.UpdatedAt = now
	return nil
}

const saveDraftSQL = `UPDATE finance.invoices SET status = $2, party_id = $3, party_name = $4, party_bin = $5,
		party_address = $6, supplier_ref = $7, invoice_date = $8, due_date = $9, supply_type = $10, department = $11,
		memo = $12, vds_buyer = $13, ait_category = $14, ait_return_proof = $15, lines = $16, subtotal = $17,
		discount = $18, net = $19, sd = $20, vat = $21, vds = $22, ait = $23, total = $24, payable = $25,
		approval_id = $26, reason = $27, submitted_at = $28, updated_at = $29, version = version + 1,
		purchase_order_id = $30, match_status = $31, match_lines = $32, match_reasons = $33, released_by = $34,
		release_reason = $35, submitted_by = $36, approval_run = 0
	WHERE id = $1`

// draftArgs are saveDraftSQL's arguments for inv.
func draftArgs(inv *Invoice, now time.Time) ([]any, error) {
	lines, err := json.Marshal(inv.Lines)
	if err != nil {
		return nil, err
	}
	matched, reasons, err := matchJSON(inv.Match)
	if err != nil {
		return nil, err
	}
	t := inv.Totals
	return []any{inv.ID, inv.Status, inv.Party.ID, inv.Party.Name, inv.Party.BIN, inv.Party.Address, inv.SupplierRef, inv.Date,
		inv.DueDate, inv.SupplyType, inv.Department, inv.Memo, inv.BuyerWithholdsVAT, inv.AITTerms.Category, inv.AITTerms.ReturnProof,
		lines, t.Subtotal, t.Discount, t.Net, t.SD, t.VAT, t.VDS, t.AIT, t.Total, t.Payable, inv.ApprovalID, inv.Reason,
		inv.SubmittedAt, now, inv.PurchaseOrderID, inv.Match.Status, matched, reasons, inv.Match.ReleasedBy,
		inv.Match.ReleaseReason, inv.SubmittedBy}, nil
}

// matchJSON is m's lines and reasons as their jsonb columns hold them,
// empty arrays for none.
func matchJSON(m BillMatch) (lines, reasons []byte, err error) {
	ls, rs := m.Lines, m.Reasons
	if ls == nil {
		ls = []MatchedLine{}
	}
	if rs == nil {
		rs = []HoldReason{}
	}
	if lines, err = json.Marshal(ls); err != nil {
		return nil, nil, err
	}
	reasons, err = json.Marshal(rs)
	return lines, reasons, err
}

// InvoiceFilter narrows a list of invoices; zero fields do not filter.
type InvoiceFilter struct {
	Kind    Kind
	Status  string
	PartyID *uuid.UUID
	// Side is KindSales or KindPurchase: the documents of that side,
	// notes included.
	Side Kind
	// Posted keeps the documents in the books: approved, partially paid
	// or paid.
	Posted bool
	// From and To bound the document's date, both included.
	From, To time.Time
	// Cursor continues a list where the last page ended.
	Cursor string
	Limit  int
	// Sort is createdAt, date, dueDate, total or party, "-" first for
	// descending; "" is newest first. A cursor continues only its sort.
	Sort string
}

// listInvoices reads a page, newest first, and the cursor of the next.
func listInvoices(ctx context.Context, tx *db.Tx, f InvoiceFilter) ([]Invoice, string, error) {
	where, args := []string{"true"}, []any{}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if f.Kind != "" {
		add("kind = ?", string(f.Kind))
	}
	if f.Status != "" {
		add("status = ?", f.Status)
	}
	if f.PartyID != nil {
		add("party_id = ?", *f.PartyID)
	}
	if f.Side != "" {
		add("side = ?", string(f.Side))
	}
	if f.Posted {
		add("status = ANY(?)", []string{StatusApproved, StatusPartiallyPaid, StatusPaid})
	}
	if !f.From.IsZero() {
		add("invoice_date >= ?", f.From)
	}
	if !f.To.IsZero() {
		add("invoice_date <= ?", f.To)
	}
	orderBy := "created_at DESC, id DESC"
	var order keyset.Order[Invoice]
	switch {
	case f.Sort != "":
		var cond string
		var after []any
		var err error
		if order, cond, after, err = invoiceSorts.Continue(f.Sort, f.Cursor, len(args)+1); err != nil {
			return nil, "", err
		}
		orderBy = order.OrderBy()
		if cond != "" {
			args, where = append(args, after...), append(where, cond)
		}
	case f.Cursor != "":
		at, id, err := httpx.ParseTimeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		args = append(args, at, id)
		where = append(where, fmt.Sprintf("(created_at, id) < ($%d, $%d)", len(args)-1, len(args)))
	}
	args = append(args, f.Limit+1)
	rows, err := tx.Query(ctx, `SELECT `+invoiceColumns+` FROM finance.invoices WHERE `+strings.Join(where, " AND ")+
		fmt.Sprintf(` ORDER BY %s LIMIT $%d`, orderBy, len(args)), args...)
	if err != nil {
		return nil, "", fmt.Errorf("list invoices: %w", db.Translate(err))
	}
	defer rows.Close()
	var out []Invoice
	for rows.Next() {
		inv, err := scanInvoice(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, inv)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > f.Limit {
		out = out[:f.Limit]
		last := out[len(out)-1]
		next = InvoiceCursor(f, last)
	}
	return out, next, nil
}
