package orders

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/events"
	"github.com/vextrus/vextrus/internal/platform/kafkax"
	"github.com/vextrus/vextrus/internal/platform/lifecycle"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// The other services' events orders reacts to.
const (
	EventApprovalCompleted = "vextrus.workflow.approval.completed.v1"
	EventBillMatched       = "vextrus.finance.bill.matched.v1"
	EventBillHeld          = "vextrus.finance.bill.held.v1"
	EventBillUnmatched     = "vextrus.finance.bill.unmatched.v1"
	EventPaymentRecorded   = "vextrus.finance.payment.recorded.v1"
	EventPaymentAllocated  = "vextrus.finance.payment.allocated.v1"
	EventPaymentReversed   = "vextrus.finance.payment.reversed.v1"
)

// Consumers returns the consumer of the events that move orders on: the
// workflow's approval outcomes, finance's matched, held and paid bills,
// and orders' own receipts and deliveries. Each is kept where orders
// needs it (a bill's state), in the consumer's transaction with the
// event's inbox row, and, when it can change what the order's workflow
// decides, becomes a signal to it; a signal the engine did not take
// fails the event, which comes again, and its change is idempotent.
func (s *Service) Consumers(pool *db.Pool, kafka kafkax.Config, metrics prometheus.Registerer) ([]lifecycle.Service, error) {
	deps := events.ConsumerDeps{Pool: pool, Kafka: kafka, Registry: metrics, Logger: s.log}
	c, err := events.NewConsumer(events.ConsumerConfig{Group: Name,
		Topics:      []string{events.Topic("workflow"), events.Topic("finance"), events.Topic(Name)},
		InboxSchema: Name, Wants: s.wants}, deps, events.PerEvent(s.handleEvent))
	if err != nil {
		return nil, fmt.Errorf("orders consumer: %w", err)
	}
	return []lifecycle.Service{c}, nil
}

// handleEvent applies ev in tx, the consumer's transaction, and sends
// the signals it calls for before tx commits, so that a signal the
// engine refuses fails the event, which is delivered again. The
// workflow's activities may run before tx commits: each reads the order
// under its row lock, which a purchase order's signalling event holds
// (signalPurchase), so they see the event's change once it commits; a
// sales order's events change nothing in orders. Should tx roll back
// after a signal, the activity finds nothing new and the event's
// redelivery signals again.
func (s *Service) handleEvent(ctx context.Context, tx *db.Tx, ev events.Event) error {
	if ev.Tenant == tenant.Nil || s.temporal == nil {
		return nil
	}
	ctx = authz.With(tenant.With(ctx, ev.Tenant), &authz.Principal{UserID: "service:" + Name, Tenant: ev.Tenant})
	handle := s.handlerOf(ev.Type)
	if handle == nil {
		return nil
	}
	var sigs []orderSignal
	if err := handle(ctx, tx, ev, &sigs); err != nil {
		return err
	}
	for _, sg := range sigs {
		if err := s.signal(ctx, sg.workflow, sg.id, sg.order, sg.sig); err != nil {
			return err
		}
	}
	return nil
}

// orderSignal is a signal an event calls for.
type orderSignal struct {
	workflow, id string
	order        uuid.UUID
	sig          Signal
}

// wants reports whether ev is of a type handleEvent has an effect for:
// the others on orders' topics (most of finance's and workflow's) cost
// no transaction.
func (s *Service) wants(ev events.Event) bool { return s.handlerOf(ev.Type) != nil }

func (s *Service) handlerOf(typ string) func(context.Context, *db.Tx, events.Event, *[]orderSignal) error {
	switch typ {
	case EventApprovalCompleted:
		return s.onApproval
	case EventBillMatched, EventBillHeld, EventBillUnmatched:
		return s.onBill
	case EventPaymentRecorded, EventPaymentAllocated, EventPaymentReversed:
		return s.onPayment
	case EventGoodsReceived:
		return s.onReceipt
	case EventGoodsDelivered:
		return s.onDelivery
	}
	return nil
}

func decode(ev events.Event, v any) error {
	if err := json.Unmarshal(ev.Data, v); err != nil {
		return fmt.Errorf("decode %s: %w", ev.Type, err)
	}
	return nil
}

// onApproval signals the order an approval of orders' decided.
func (s *Service) onApproval(ctx context.Context, tx *db.Tx, ev events.Event, out *[]orderSignal) error {
	var p struct {
		ApprovalID string `json:"approvalId"`
		Document   struct {
			Service string `json:"service"`
			Type    string `json:"type"`
			ID      string `json:"id"`
		} `json:"document"`
		Status string `json:"status"`
		Run    int    `json:"run"`
	}
	if err := decode(ev, &p); err != nil {
		return err
	}
	id, err := uuid.Parse(p.Document.ID)
	if p.Document.Service != Name || err != nil {
		return nil
	}
	sig := Signal{Kind: SignalApproval, Ref: p.ApprovalID, Status: p.Status, Run: p.Run}
	switch p.Document.Type {
	case ApprovalPurchaseOrder:
		order, known, err := lockPurchase(ctx, tx, id)
		if err != nil || !known {
			return err
		}
		return s.signalPurchase(ctx, tx, out, order, sig)
	case ApprovalSalesOrder:
		return s.signalSales(ctx, tx, out, id, sig)
	}
	return nil
}

// onBill keeps what finance decided of a bill against an order and
// signals the order.
func (s *Service) onBill(ctx context.Context, tx *db.Tx, ev events.Event, out *[]orderSignal) error {
	var p struct {
		ID              uuid.UUID    `json:"id"`
		PurchaseOrderID uuid.UUID    `json:"purchaseOrderId"`
		Amount          money.Amount `json:"amount"`
		Lines           []billLine   `json:"lines"`
		Reasons         []struct {
			Message string `json:"message"`
		} `json:"reasons"`
	}
	if err := decode(ev, &p); err != nil {
		return err
	}
	order, known, err := lockPurchase(ctx, tx, p.PurchaseOrderID)
	if err != nil || !known {
		return err
	}
	status := BillMatched
	switch ev.Type {
	case EventBillUnmatched:
		_, err = tx.Exec(ctx, `DELETE FROM orders.purchase_order_bills WHERE bill_id = $1`, p.ID)
		status = "unmatched"
	case EventBillHeld:
		status = BillHeld
		reasons := make([]string, len(p.Reasons))
		for i, r := range p.Reasons {
			reasons[i] = r.Message
		}
		err = recordBill(ctx, tx, p.PurchaseOrderID, p.ID, BillHeld, p.Amount, []billLine{}, reasons)
	default:
		err = recordBill(ctx, tx, p.PurchaseOrderID, p.ID, BillMatched, p.Amount, p.Lines, []string{})
	}
	if err != nil {
		return err
	}
	return s.signalPurchase(ctx, tx, out, order, Signal{Kind: SignalBill, Ref: p.ID.String(), Status: status})
}

// onPayment records what payments settled of bills against orders.
func (s *Service) onPayment(ctx context.Context, tx *db.Tx, ev events.Event, out *[]orderSignal) error {
	type allocation struct {
		InvoiceID       uuid.UUID `json:"invoiceId"`
		InvoiceStatus   string    `json:"invoiceStatus"`
		PurchaseOrderID string    `json:"purchaseOrderId"`
	}
	var p struct {
		Allocations []allocation `json:"allocations"`
		Released    []allocation `json:"released"`
	}
	if err := decode(ev, &p); err != nil {
		return err
	}
	for _, a := range append(p.Allocations, p.Released...) {
		if a.PurchaseOrderID == "" {
			continue
		}
		status := BillMatched
		switch a.InvoiceStatus {
		case "paid":
			status = BillPaid
		case "partially_paid":
			status = BillPartiallyPaid
		}
		id, err := uuid.Parse(a.PurchaseOrderID)
		if err != nil {
			continue
		}
		order, known, err := lockPurchase(ctx, tx, id)
		if err != nil {
			return err
		}
		if !known {
			continue
		}
		if err := payBill(ctx, tx, id, a.InvoiceID, status); err != nil {
			return err
		}
		if err := s.signalPurchase(ctx, tx, out, order, Signal{Kind: SignalPayment, Ref: a.InvoiceID.String(), Status: status}); err != nil {
			return err
		}
	}
	return nil
}

// onReceipt tells the order's workflow that goods arrived.
func (s *Service) onReceipt(ctx context.Context, tx *db.Tx, ev events.Event, out *[]orderSignal) error {
	var p GoodsReceivedEvent
	if err := decode(ev, &p); err != nil {
		return err
	}
	id, err := uuid.Parse(p.PurchaseOrderID)
	if err != nil {
		return nil
	}
	order, known, err := lockPurchase(ctx, tx, id)
	if err != nil || !known {
		return err
	}
	return s.signalPurchase(ctx, tx, out, order, Signal{Kind: SignalReceipt, Ref: p.ID})
}

// lockPurchase locks purchase order id's row in tx and returns the
// order's status and id; known is false when this tenant (or this
// database) has no such order.
func lockPurchase(ctx context.Context, tx *db.Tx, id uuid.UUID) (o PurchaseOrder, known bool, err error) {
	o.ID = id
	err = tx.QueryRow(ctx, `SELECT status FROM orders.purchase_orders WHERE id = $1 FOR UPDATE`, id).Scan(&o.Status)
	if errors.Is(err, pgx.ErrNoRows) {
		return o, false, nil
	}
	if err != nil {
		return o, false, fmt.Errorf("read purchase order: %w", err)
	}
	return o, true, nil
}

// signalPurchase queues sig to the workflow of order, locked in tx by
// lockPurchase (and changed by the event since), when it can change
// what the workflow decides: an approval's outcome while the order
// waits for it, and any other event once the order is settled
// (received, billed and paid), which the workflow then closes. An order
// that ended is left, and so is an event that leaves the workflow
// waiting as it was: a signal costs the engine a workflow task, and the
// workflow of an issued order only tries to settle it. Since the row is
// locked, of two events committing at once the later one sees both
// changes.
func (s *Service) signalPurchase(ctx context.Context, tx *db.Tx, out *[]orderSignal, order PurchaseOrder, sig Signal) error {
	switch {
	case sig.Kind == SignalApproval:
		if order.Status != StatusSubmitted {
			return nil
		}
	case order.Status != StatusReceived:
		return nil
	default:
		if err := purchaseDetails(ctx, tx, &order); err != nil {
			return err
		}
		settles, err := purchaseSettles(ctx, tx, &order, false)
		if err != nil || !settles {
			return err
		}
	}
	*out = append(*out, orderSignal{workflow: PurchaseWorkflowName, id: PurchaseWorkflowID(order.ID.String()),
		order: order.ID, sig: sig})
	return nil
}

// signalSales queues a signal to sales order id's workflow when the
// order is open.
func (s *Service) signalSales(ctx context.Context, tx *db.Tx, out *[]orderSignal, id uuid.UUID, sig Signal) error {
	var open bool
	err := tx.QueryRow(ctx, `SELECT status IN ('credit_review', 'confirmed', 'partially_delivered', 'delivered')
		FROM orders.sales_orders WHERE id = $1`, id).Scan(&open)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !open) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read sales order: %w", err)
	}
	*out = append(*out, orderSignal{workflow: SalesWorkflowName, id: SalesWorkflowID(id.String()), order: id, sig: sig})
	return nil
}

// onDelivery tells the sales order's workflow that goods left, so it
// invoices them.
func (s *Service) onDelivery(ctx context.Context, tx *db.Tx, ev events.Event, out *[]orderSignal) error {
	var p GoodsDeliveredEvent
	if err := decode(ev, &p); err != nil {
		return err
	}
	id, err := uuid.Parse(p.SalesOrderID)
	if err != nil {
		return nil
	}
	return s.signalSales(ctx, tx, out, id, Signal{Kind: SignalDelivery, Ref: p.ID})
}
