package finance

import (
	"context"
	"fmt"
	"net/http"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// Outstanding is what a customer owes the tenant, for a sales order's
// credit check (the credit.check rule's outstanding and overdueDays).
type Outstanding struct {
	CustomerID uuid.UUID
	// Amount is the payable less paid of the customer's approved and
	// partially paid sales invoices and debit notes, less its approved
	// credit notes (which payments never settle); negative when the
	// customer holds a credit.
	Amount money.Amount
	// OverdueDays is the age in days, past its due date, of the oldest
	// overdue unpaid invoice or debit note, in the tenant's timezone; 0
	// when none is overdue.
	OverdueDays int
}

// CustomerOutstanding answers what customer owes today. Needs
// finance.invoice.read. A customer with no documents owes zero; another
// tenant's documents never count.
func (s *Service) CustomerOutstanding(ctx context.Context, customer uuid.UUID) (Outstanding, error) {
	if _, err := caller(ctx, PermInvoiceRead); err != nil {
		return Outstanding{}, err
	}
	st, err := s.tenantSettings(ctx)
	if err != nil {
		return Outstanding{}, err
	}
	today := st.Today(s.now())
	out := Outstanding{CustomerID: customer}
	var amount int64
	err = s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		err := tx.QueryRow(ctx, `SELECT
				coalesce(sum(CASE WHEN kind = 'credit_note' THEN paid - payable ELSE payable - paid END), 0)::bigint,
				coalesce(max($2::date - due_date) FILTER (WHERE kind <> 'credit_note' AND due_date < $2::date AND paid < payable), 0)
			FROM finance.invoices
			WHERE party_id = $1 AND side = 'sales' AND status IN ('approved', 'partially_paid')`,
			customer, today).Scan(&amount, &out.OverdueDays)
		if err != nil {
			return fmt.Errorf("customer outstanding: %w", db.Translate(err))
		}
		return nil
	})
	out.Amount = money.New(amount, money.BDT)
	return out, err
}

// OutstandingJSON is a customer's outstanding balance as REST answers
// it.
type OutstandingJSON struct {
	CustomerID  uuid.UUID    `json:"customerId"`
	Outstanding money.Amount `json:"outstanding"`
	OverdueDays int          `json:"overdueDays"`
}

// handleOutstanding answers GET /customers/{id}/outstanding.
func (s *Service) handleOutstanding(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	o, err := s.CustomerOutstanding(r.Context(), id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, OutstandingJSON{CustomerID: o.CustomerID, Outstanding: o.Amount, OverdueDays: o.OverdueDays})
	return nil
}
