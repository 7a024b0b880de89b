package finance

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/keyset"
)

// Payment returns one payment with its allocations. Needs
// finance.payment.read. Returns NOT_FOUND when the tenant has no such
// payment.
func (s *Service) Payment(ctx context.Context, id uuid.UUID) (Payment, error) {
	if _, err := caller(ctx, PermPaymentRead); err != nil {
		return Payment{}, err
	}
	var p Payment
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) (err error) {
		p, err = paymentByID(ctx, tx, id, false)
		return err
	})
	return p, err
}

// PaymentFilter narrows ListPayments; zero fields do not filter.
type PaymentFilter struct {
	Kind    PaymentKind
	Status  string
	PartyID *uuid.UUID
	// From and To bound the payment date, both included.
	From, To time.Time
	Limit    int
	// Cursor is the NextCursor of the previous page.
	Cursor string
	// Sort is date, number, amount or createdAt, "-" first for
	// descending; "" is by date, newest first. A cursor continues only its
	// sort.
	Sort string
}

// PaymentPage is one page of payments, newest first.
type PaymentPage struct {
	Items      []Payment
	NextCursor string
}

// ListPayments lists the tenant's payments, newest first, without their
// allocations. Needs finance.payment.read. Returns INVALID_ARGUMENT
// naming a bad filter or cursor.
func (s *Service) ListPayments(ctx context.Context, f PaymentFilter) (PaymentPage, error) {
	if _, err := caller(ctx, PermPaymentRead); err != nil {
		return PaymentPage{}, err
	}
	c := &errs.Collector{}
	c.Check(f.Kind == "" || f.Kind == Receipt || f.Kind == Disbursement, "kind", "must be receipt or disbursement")
	c.Check(f.Status == "" || f.Status == PaymentRecorded || f.Status == PaymentReversed, "status", "must be recorded or reversed")
	c.Check(f.From.IsZero() || f.To.IsZero() || !f.To.Before(f.From), "to", "must not be before from")
	if f.Limit <= 0 {
		f.Limit = 50
	}
	c.Check(f.Limit <= 500, "limit", "must be at most 500")
	orderBy := "date DESC, id DESC"
	var order keyset.Order[Payment]
	var after *keyCursor
	var err error
	if f.Sort != "" {
		order, err = paymentSorts.Parse("sort", f.Sort)
		c.Merge("", err)
		orderBy = order.OrderBy()
	} else if after, err = decodeKeyCursor(f.Cursor); err != nil {
		c.Add("cursor", "is not a cursor this API returned")
	}
	if err := c.Err(); err != nil {
		return PaymentPage{}, err
	}
	where, args := []string{"true"}, []any{}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.Kind != "" {
		add("kind = $%d", string(f.Kind))
	}
	if f.Status != "" {
		add("status = $%d", f.Status)
	}
	if f.PartyID != nil {
		add("party_id = $%d", *f.PartyID)
	}
	if !f.From.IsZero() {
		add("date >= $%d", f.From)
	}
	if !f.To.IsZero() {
		add("date <= $%d", f.To)
	}
	if after != nil {
		args = append(args, after.Date, after.ID)
		where = append(where, fmt.Sprintf("(date, id) < ($%d, $%d)", len(args)-1, len(args)))
	}
	if f.Sort != "" && f.Cursor != "" {
		cond, vals, err := order.After(f.Cursor, len(args)+1)
		if err != nil {
			return PaymentPage{}, err
		}
		args, where = append(args, vals...), append(where, cond)
	}
	args = append(args, f.Limit+1)
	q := `SELECT ` + paymentColumns + ` FROM finance.payments WHERE ` + strings.Join(where, " AND ") +
		fmt.Sprintf(` ORDER BY %s LIMIT $%d`, orderBy, len(args))
	var page PaymentPage
	err = s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("list payments: %w", err)
		}
		page.Items, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Payment, error) { return fromDBPayment(r) })
		return err
	})
	if err != nil {
		return PaymentPage{}, err
	}
	if len(page.Items) > f.Limit {
		page.Items = page.Items[:f.Limit]
		last := page.Items[f.Limit-1]
		page.NextCursor = PaymentCursor(f, last)
	}
	return page, nil
}

// keyCursor is where a list ordered by (date, id[, line]) resumes.
type keyCursor struct {
	Date time.Time
	ID   uuid.UUID
	Line int
}

// encodeKeyCursor writes c as "2006-01-02/uuid/line", base64url.
func encodeKeyCursor(c keyCursor) string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%s/%s/%d", c.Date.Format(DateLayout), c.ID, c.Line))
}

// decodeKeyCursor reads what encodeKeyCursor wrote; "" is no cursor.
func decodeKeyCursor(s string) (*keyCursor, error) {
	if s == "" {
		return nil, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, err
	}
	parts := strings.Split(string(raw), "/")
	if len(parts) != 3 {
		return nil, fmt.Errorf("cursor has %d parts", len(parts))
	}
	var c keyCursor
	if c.Date, err = time.Parse(DateLayout, parts[0]); err != nil {
		return nil, err
	}
	if c.ID, err = uuid.Parse(parts[1]); err != nil {
		return nil, err
	}
	if _, err = fmt.Sscanf(parts[2], "%d", &c.Line); err != nil {
		return nil, err
	}
	return &c, nil
}
