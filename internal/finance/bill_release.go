package finance

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/events"
)

// matchIn matches the bill inv against its purchase order in tx, under
// the order's row locks. Matched: the bill's quantities are added to the
// order's billed and inv.Match is matched. Not matched: inv.Match is
// held with the reasons, and nothing else changes. Returns
// INVALID_ARGUMENT naming purchaseOrderId for an order finance does not
// know (never approved, another tenant's) or a cancelled one, and naming
// party.id when the bill's vendor is not the order's.
func (s *Service) matchIn(ctx context.Context, tx *db.Tx, inv *Invoice, tol Tolerance) error {
	po, err := s.orderToMatch(ctx, tx, inv)
	if err != nil {
		return err
	}
	matched, reasons, err := matchBill(*inv, po, tol)
	if err != nil {
		return err
	}
	if len(reasons) > 0 {
		inv.Match = BillMatch{Status: MatchHeld, Reasons: reasons}
		return nil
	}
	if err := addBilled(ctx, tx, po.id, matched, 1); err != nil {
		return err
	}
	inv.Match = BillMatch{Status: MatchMatched, Lines: matched}
	return nil
}

// orderToMatch locks and returns the order inv names, refusing one that
// cannot be matched.
func (s *Service) orderToMatch(ctx context.Context, tx *db.Tx, inv *Invoice) (purchaseOrder, error) {
	if inv.Kind != KindPurchase {
		return purchaseOrder{}, errs.Field("purchaseOrderId", "is named on a purchase bill only")
	}
	po, ok, err := lockOrder(ctx, tx, *inv.PurchaseOrderID)
	if err != nil {
		return purchaseOrder{}, err
	}
	switch {
	case !ok:
		return purchaseOrder{}, errs.Field("purchaseOrderId",
			"no approved purchase order %s: finance knows the orders the orders service announced approved", inv.PurchaseOrderID)
	case po.status == "cancelled":
		return purchaseOrder{}, errs.Field("purchaseOrderId", "purchase order %s is cancelled", po.label())
	case po.vendorID != inv.Party.ID:
		return purchaseOrder{}, errs.Field("party.id", "is not the vendor of purchase order %s (%s)", po.label(), po.vendorID)
	}
	return po, nil
}

// unmatchIn gives the quantities of a matched bill back to its order and
// returns the bill.unmatched to emit; a held bill only loses its hold.
// inv.Match is left without lines and status.
func (s *Service) unmatchIn(ctx context.Context, tx *db.Tx, inv *Invoice, reason string) ([]events.Draft, error) {
	switch inv.Match.Status {
	case MatchHeld:
		inv.Match.Status = MatchNone
		return nil, nil
	case MatchMatched, MatchOverridden:
	default:
		return nil, nil
	}
	if inv.PurchaseOrderID == nil {
		return nil, nil
	}
	if err := addBilled(ctx, tx, *inv.PurchaseOrderID, inv.Match.Lines, -1); err != nil {
		return nil, err
	}
	ev := billMatchedEvent(EventBillUnmatched, *inv, reason)
	inv.Match = BillMatch{Reasons: inv.Match.Reasons}
	return []events.Draft{ev}, nil
}

// ReleaseBill releases a held bill by override: its quantities are
// added to its order's billed however they disagree, who released it
// and why are recorded, bill.matched (override) is emitted and the bill
// is submitted for approval as any bill. Needs finance.invoice.approve;
// reason is required. Returns NOT_FOUND, CONFLICT (stale version),
// FAILED_PRECONDITION naming status when the bill is not held (or its
// date's period is closed), INVALID_ARGUMENT naming reason, or naming
// purchaseOrderId when the order was cancelled since.
func (s *Service) ReleaseBill(ctx context.Context, id uuid.UUID, expectedVersion int, reason string) (Invoice, error) {
	if _, err := caller(ctx, PermInvoiceApprove); err != nil {
		return Invoice{}, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > 1000 {
		return Invoice{}, errs.Field("reason", "is required, at most 1000 characters: say why the bill is accepted as it is")
	}
	var out Invoice
	err := s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		cur, err := invoiceByID(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if expectedVersion > 0 && cur.Version != expectedVersion {
			return errs.Stale("invoice %s is at version %d, not %d", cur.Label(), cur.Version, expectedVersion)
		}
		if cur.Status != StatusHeld {
			e := errs.E(errs.FailedPrecondition, "invoice %s is %s; only a held bill is released", cur.Label(), cur.Status)
			e.Fields = []errs.FieldError{{Field: "status", Message: "is " + cur.Status}}
			return e
		}
		if _, err := s.openPeriodFor(ctx, tx, cur.Date, "date"); err != nil {
			return err
		}
		po, err := s.orderToMatch(ctx, tx, &cur)
		if err != nil {
			return err
		}
		matched, _, err := matchBill(cur, po, Tolerance{})
		if err != nil {
			return err
		}
		if err := addBilled(ctx, tx, po.id, matched, 1); err != nil {
			return err
		}
		now := s.now().UTC()
		cur.Match = BillMatch{Status: MatchOverridden, Lines: matched, Reasons: cur.Match.Reasons, ReleasedBy: authz.Actor(ctx),
			ReleaseReason: reason}
		cur.Status, cur.Reason, cur.SubmittedAt, cur.SubmittedBy = StatusSubmitted, "", &now, authz.Actor(ctx)
		if err := saveDraft(ctx, tx, &cur, now); err != nil {
			return err
		}
		out = cur
		return s.emit(ctx, tx, billMatchedEvent(EventBillMatched, cur, ""), invoiceEvent(EventInvoiceSubmitted, cur))
	})
	if err != nil {
		return Invoice{}, err
	}
	return s.startApproval(ctx, out, false)
}
