package finance

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/rules/rulesclient"
)

// The match states of a purchase bill that names a purchase order: none
// asked yet, matched within tolerance, held for review, or matched by a
// user's override of a hold.
const (
	MatchNone       = ""
	MatchMatched    = "matched"
	MatchHeld       = "held"
	MatchOverridden = "overridden"
)

// StatusHeld is a purchase bill that did not match its purchase order:
// not submitted for approval, never numbered nor journaled, until a
// user releases it, edits it (back to draft) or cancels it.
const StatusHeld = "held"

// BillMatch is a purchase bill's three-way match with its order.
type BillMatch struct {
	Status string
	// Lines are the quantities the bill added to its order's lines,
	// given back when it returns to draft or is cancelled.
	Lines []MatchedLine
	// Reasons say why it was held.
	Reasons       []HoldReason
	ReleasedBy    string
	ReleaseReason string
}

// MatchedLine is a quantity billed against an order line.
type MatchedLine struct {
	Line      int       `json:"line"`
	ProductID uuid.UUID `json:"productId"`
	Quantity  string    `json:"quantity"`
}

// HoldReason is one line's disagreement with the order: Line is the
// bill's line (1-based), OrderLine the order's line it was matched to (0
// for none), Field the bill's field at fault (lines[i].quantity,
// lines[i].unitPrice, lines[i].productId or lines).
type HoldReason struct {
	Line      int    `json:"line"`
	OrderLine int    `json:"orderLine,omitempty"`
	Field     string `json:"field"`
	Message   string `json:"message"`
}

// RuleMatchTolerance is the rule set of how far a bill's price may be
// above its order's: {"amount": bill net in BDT} → {"pricePercent",
// "amountCap" (BDT, absent or 0 for none)}.
const RuleMatchTolerance = "purchase.match_tolerance"

// Tolerance is how much a line's billed amount may exceed the order's
// price times the billed quantity: Percent of that, at most Cap poisha
// when Cap is positive.
type Tolerance struct {
	Percent Percent
	Cap     int64
}

// allowed is the excess tolerated over expected poisha.
func (t Tolerance) allowed(expected int64) (int64, error) {
	a, err := t.Percent.of(expected)
	if err != nil {
		return 0, err
	}
	if t.Cap > 0 && a > t.Cap {
		a = t.Cap
	}
	return a, nil
}

// matchTolerance asks purchase.match_tolerance for a bill of net poisha
// on date.
func matchTolerance(ctx context.Context, rules Rules, date time.Time, net int64) (Tolerance, error) {
	out, err := rules.Evaluate(ctx, RuleMatchTolerance, date, map[string]any{"amount": formatAmount(net)})
	if err != nil {
		return Tolerance{}, rulesclient.Explain(RuleMatchTolerance, err)
	}
	p, err := outPercent(RuleMatchTolerance, out, "pricePercent")
	if err != nil {
		return Tolerance{}, err
	}
	t := Tolerance{Percent: p}
	switch v := out["amountCap"].(type) {
	case nil:
	case string:
		if t.Cap, err = parseAmount("amountCap", v); err != nil {
			return Tolerance{}, errs.E(errs.FailedPrecondition, "%s answers amountCap %q; an amount of taka is expected", RuleMatchTolerance, v)
		}
	case float64:
		if v < 0 || v > 1e12 {
			return Tolerance{}, errs.E(errs.FailedPrecondition, "%s answers amountCap %v; a non-negative amount is expected", RuleMatchTolerance, v)
		}
		t.Cap = int64(math.Round(v * 100))
	default:
		return Tolerance{}, errs.E(errs.FailedPrecondition, "%s answers amountCap of type %T; a decimal is expected", RuleMatchTolerance, v)
	}
	return t, nil
}

// matchBill matches the product lines of bill inv to po's lines: each to
// the first order line of its product with room for it (accepted less
// billed, this bill's earlier lines included), else the first of its
// product. It returns the quantities matched and, when the bill does not
// agree with the order, the reasons to hold it: a product not on the
// order, more billed than received and not yet billed, or a price above
// the order's by more than tol.
func matchBill(inv Invoice, po purchaseOrder, tol Tolerance) ([]MatchedLine, []HoldReason, error) {
	room := make([]Quantity, len(po.lines))
	for i, l := range po.lines {
		room[i] = l.accepted - l.billed
	}
	var matched []MatchedLine
	var reasons []HoldReason
	cur := money.Currency(inv.Currency)
	for i, bl := range inv.Lines {
		if bl.ProductID == nil {
			continue
		}
		q, err := ParseQuantity(fmt.Sprintf("lines[%d].quantity", i), bl.Quantity)
		if err != nil {
			return nil, nil, err
		}
		at := -1
		for j, ol := range po.lines {
			if ol.product != *bl.ProductID {
				continue
			}
			if at < 0 {
				at = j
			}
			if room[j] >= q {
				at = j
				break
			}
		}
		if at < 0 {
			reasons = append(reasons, HoldReason{Line: i + 1, Field: fmt.Sprintf("lines[%d].productId", i),
				Message: fmt.Sprintf("product %s is not on purchase order %s", bl.ProductID, po.label())})
			continue
		}
		ol := po.lines[at]
		if q > room[at] {
			reasons = append(reasons, HoldReason{Line: i + 1, OrderLine: ol.line, Field: fmt.Sprintf("lines[%d].quantity", i),
				Message: fmt.Sprintf("billed %s, more than the %s received and not yet billed on line %d of purchase order %s (accepted %s, billed before %s)",
					q, max(room[at], 0), ol.line, po.label(), ol.accepted, ol.billed)})
		}
		room[at] -= q
		expected, err := times(q, ol.unitPrice)
		if err != nil {
			return nil, nil, errs.Field(fmt.Sprintf("lines[%d].quantity", i), "is out of range")
		}
		allowed, err := tol.allowed(expected)
		if err != nil {
			return nil, nil, errs.Field(fmt.Sprintf("lines[%d].quantity", i), "is out of range")
		}
		if bl.Net > expected+allowed {
			reasons = append(reasons, HoldReason{Line: i + 1, OrderLine: ol.line, Field: fmt.Sprintf("lines[%d].unitPrice", i),
				Message: fmt.Sprintf("billed %s for %s, expected %s at the order's price %s; over by %s, more than the %s%% tolerance (%s)",
					money.New(bl.Net, cur), q, money.New(expected, cur), money.New(ol.unitPrice, cur),
					money.New(bl.Net-expected, cur), tol.Percent, money.New(allowed, cur))})
		}
		matched = append(matched, MatchedLine{Line: ol.line, ProductID: ol.product, Quantity: q.String()})
	}
	if len(matched) == 0 && len(reasons) == 0 {
		reasons = append(reasons, HoldReason{Field: "lines",
			Message: fmt.Sprintf("no line names a product, so nothing is matched to purchase order %s", po.label())})
	}
	return matched, reasons, nil
}

// label names the order: its number, else its id.
func (po purchaseOrder) label() string {
	if po.number != "" {
		return po.number
	}
	return po.id.String()
}
