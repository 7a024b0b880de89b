package orders

import (
	"context"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/masterdata/mdclient"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/qty"
)

// The statuses of a purchase order (migrations/00001_orders.sql).
const (
	StatusDraft             = "draft"
	StatusSubmitted         = "submitted"
	StatusApproved          = "approved"
	StatusPartiallyReceived = "partially_received"
	StatusReceived          = "received"
	StatusClosed            = "closed"
	StatusCancelled         = "cancelled"
)

// DateLayout is the layout of business dates.
const DateLayout = time.DateOnly

// maxLines bounds an order's lines.
const maxLines = 500

// PurchaseOrder is a purchase order with its lines and the bills finance
// matched or held against it.
type PurchaseOrder struct {
	ID            uuid.UUID
	Number        string
	Status        string
	VendorID      uuid.UUID
	VendorName    string
	LocationID    uuid.UUID
	RequisitionID *uuid.UUID
	OrderDate     time.Time
	DeliveryDate  time.Time
	Department    string
	Currency      string
	// Amount is the sum of the lines' amounts (quantity × unit price),
	// before VAT, which the vendor's bill charges by the vat.rate rules.
	Amount      int64
	Memo        string
	ApprovalID  *uuid.UUID
	Reason      string
	CreatedBy   string
	SubmittedAt *time.Time
	// SubmittedBy is who submitted it, the approval's submitter when a
	// crash kept it from starting.
	SubmittedBy string
	ApprovedAt  *time.Time
	ClosedAt    *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int
	Lines       []PurchaseLine
	Bills       []OrderBill
}

// PurchaseLine is one product ordered.
type PurchaseLine struct {
	Line        int
	ProductID   uuid.UUID
	ProductName string
	Unit        string
	VATCategory string
	Quantity    qty.Qty
	// UnitPrice is poisha per unit; Amount is Quantity × UnitPrice
	// rounded half away from zero to the poisha.
	UnitPrice int64
	Amount    int64
	// Received is accepted into stock so far; Rejected was turned back.
	Received qty.Qty
	Rejected qty.Qty
}

// OrderBill is a vendor's bill finance matched or held against the order.
type OrderBill struct {
	BillID uuid.UUID
	// Status is held, matched, partially_paid or paid.
	Status  string
	Amount  int64
	Reasons []string
}

// PurchaseInput is the content of a draft purchase order.
type PurchaseInput struct {
	VendorID      uuid.UUID
	LocationID    uuid.UUID
	RequisitionID *uuid.UUID
	// OrderDate zero is today in the tenant's zone.
	OrderDate    time.Time
	DeliveryDate time.Time
	Department   string
	Memo         string
	Lines        []LineInput
}

// LineInput is an order line as a client enters it.
type LineInput struct {
	ProductID uuid.UUID
	Quantity  string
	UnitPrice money.Amount
	// VATCategory empty takes the product's.
	VATCategory string
}

// money returns v poisha in the order's currency.
func (o *PurchaseOrder) money(v int64) money.Amount { return money.New(v, money.Currency(o.Currency)) }

// open reports whether the order still waits for something.
func (o *PurchaseOrder) open() bool {
	switch o.Status {
	case StatusSubmitted, StatusApproved, StatusPartiallyReceived, StatusReceived:
		return true
	}
	return false
}

// fillPurchase validates in into o (a new draft or one being replaced),
// completing the vendor and products from master data, and naming every
// field at fault.
func (s *Service) fillPurchase(ctx context.Context, o *PurchaseOrder, in PurchaseInput, today time.Time) error {
	c := &errs.Collector{}
	c.Check(in.VendorID != uuid.Nil, "vendorId", "is required")
	c.Check(in.LocationID != uuid.Nil, "locationId", "is required")
	c.Check(len(in.Department) <= 200, "department", "must be at most 200 characters")
	c.Check(len(in.Memo) <= 1000, "memo", "must be at most 1000 characters")
	o.OrderDate = in.OrderDate
	if o.OrderDate.IsZero() {
		o.OrderDate = today
	}
	o.DeliveryDate = in.DeliveryDate
	c.Check(!o.DeliveryDate.IsZero(), "deliveryDate", "is required (YYYY-MM-DD)")
	c.Check(o.DeliveryDate.IsZero() || !o.DeliveryDate.Before(o.OrderDate), "deliveryDate", "must not be before orderDate")
	lines, err := s.orderLines(ctx, c, in.Lines)
	if err != nil {
		return err
	}
	if in.VendorID != uuid.Nil && s.catalog != nil {
		v, err := s.catalog.Vendor(ctx, in.VendorID)
		switch {
		case errs.Is(err, errs.NotFound):
			c.Add("vendorId", "is not a vendor of this tenant")
		case err != nil:
			return err
		case v.Blocked != "":
			c.Add("vendorId", "names a vendor that is %s", v.Blocked)
		default:
			o.VendorName = v.Name
		}
	}
	if err := c.Err(); err != nil {
		return err
	}
	o.VendorID, o.LocationID, o.RequisitionID = in.VendorID, in.LocationID, in.RequisitionID
	o.Department, o.Memo, o.Currency = in.Department, in.Memo, string(money.BDT)
	o.Lines = make([]PurchaseLine, len(lines))
	o.Amount = 0
	for i, l := range lines {
		o.Lines[i] = PurchaseLine{Line: i + 1, ProductID: l.ProductID, ProductName: l.ProductName, Unit: l.Unit,
			VATCategory: l.VATCategory, Quantity: l.Quantity, UnitPrice: l.UnitPrice, Amount: l.Amount}
		o.Amount += l.Amount
	}
	return nil
}

// orderLine is a validated line of either kind of order.
type orderLine struct {
	ProductID   uuid.UUID
	ProductName string
	Unit        string
	VATCategory string
	Quantity    qty.Qty
	UnitPrice   int64
	Amount      int64
}

// orderLines validates lines and completes them from master data. Field
// errors go to c; the error returned is a failure to ask master data.
func (s *Service) orderLines(ctx context.Context, c *errs.Collector, lines []LineInput) ([]orderLine, error) {
	c.Check(len(lines) > 0, "lines", "must have at least one line")
	c.Check(len(lines) <= maxLines, "lines", "must have at most %d lines", maxLines)
	out := make([]orderLine, len(lines))
	ids := make([]uuid.UUID, 0, len(lines))
	for i, l := range lines {
		f := lineField(i)
		c.Check(l.ProductID != uuid.Nil, f+".productId", "is required")
		q, err := qty.Parse(f+".quantity", l.Quantity)
		c.Merge("", err)
		p := l.UnitPrice
		switch {
		case p.Currency() != "" && p.Currency() != money.BDT:
			c.Add(f+".unitPrice", "must be in BDT")
		case p.Sign() < 0:
			c.Add(f+".unitPrice", "must not be negative")
		}
		c.Check(len(l.VATCategory) <= 60, f+".vatCategory", "must be at most 60 characters")
		amount, err := q.Times(p.Minor(), money.BDT)
		if err != nil {
			c.Add(f+".quantity", "times unitPrice is too large")
		}
		out[i] = orderLine{ProductID: l.ProductID, VATCategory: l.VATCategory, Quantity: q, UnitPrice: p.Minor(), Amount: amount.Minor()}
		ids = append(ids, l.ProductID)
	}
	if s.catalog == nil || len(lines) > maxLines {
		return out, nil
	}
	found, err := s.catalog.Products(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		fillProduct(c, lineField(i), &out[i], found)
	}
	return out, nil
}

func fillProduct(c *errs.Collector, f string, l *orderLine, found map[uuid.UUID]mdclient.Product) {
	if l.ProductID == uuid.Nil {
		return
	}
	p, ok := found[l.ProductID]
	switch {
	case !ok:
		c.Add(f+".productId", "is not a product of this tenant")
	case p.Archived:
		c.Add(f+".productId", "names an archived product")
	default:
		l.ProductName, l.Unit = p.Name, p.Unit
		if l.VATCategory == "" {
			l.VATCategory = p.VATCategory
		}
	}
}

func lineField(i int) string { return "lines[" + strconv.Itoa(i) + "]" }
