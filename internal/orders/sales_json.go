package orders

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// SalesLineInputJSON is a quotation's line as a client sends it;
// unitPrice is a money object, read here so an error names the line.
type SalesLineInputJSON struct {
	ProductID   uuid.UUID       `json:"productId"`
	Quantity    string          `json:"quantity"`
	UnitPrice   json.RawMessage `json:"unitPrice"`
	VATCategory string          `json:"vatCategory"`
}

// QuotationInputJSON is the body that creates a quotation or, in a
// PATCH, changes the members it has.
type QuotationInputJSON struct {
	CustomerID      *uuid.UUID           `json:"customerId"`
	LocationID      *uuid.UUID           `json:"locationId"`
	OrderDate       *string              `json:"orderDate"`
	ValidUntil      *string              `json:"validUntil"`
	DeliveryAddress *string              `json:"deliveryAddress"`
	Department      *string              `json:"department"`
	Memo            *string              `json:"memo"`
	Lines           []SalesLineInputJSON `json:"lines"`
}

// toInput converts the body, naming each field at fault.
func (j QuotationInputJSON) toInput() (QuotationInput, error) {
	c := &errs.Collector{}
	in := QuotationInput{CustomerID: j.CustomerID, LocationID: j.LocationID, DeliveryAddress: j.DeliveryAddress,
		Department: j.Department, Memo: j.Memo}
	in.OrderDate = readDate(c, "orderDate", j.OrderDate)
	in.ValidUntil = readDate(c, "validUntil", j.ValidUntil)
	if j.Lines != nil {
		in.Lines = make([]SalesLineInput, len(j.Lines))
	}
	for i, l := range j.Lines {
		in.Lines[i] = SalesLineInput{ProductID: l.ProductID, Quantity: l.Quantity, VATCategory: l.VATCategory}
		if len(l.UnitPrice) > 0 && string(l.UnitPrice) != "null" {
			var a money.Amount
			if err := json.Unmarshal(l.UnitPrice, &a); err != nil {
				c.Merge(fmt.Sprintf("lines[%d].unitPrice", i), err)
			}
			in.Lines[i].UnitPrice = a
		}
	}
	return in, c.Err()
}

// readDate reads an optional date (2006-01-02) in field's name.
func readDate(c *errs.Collector, field string, s *string) *time.Time {
	if s == nil {
		return nil
	}
	d, err := httpx.ParseDate(field, *s)
	if err != nil {
		c.Merge("", err)
		return nil
	}
	return &d
}

// SalesLineJSON is a sales order's line as REST answers it.
type SalesLineJSON struct {
	Line        int          `json:"line"`
	ProductID   uuid.UUID    `json:"productId"`
	ProductName string       `json:"productName"`
	Unit        string       `json:"unit"`
	VATCategory string       `json:"vatCategory"`
	Quantity    string       `json:"quantity"`
	UnitPrice   money.Amount `json:"unitPrice"`
	Amount      money.Amount `json:"amount"`
	Delivered   string       `json:"delivered"`
	Remaining   string       `json:"remaining"`
}

// CreditCheckJSON is the credit check an order was confirmed (or sent to
// review) with; creditLimit is null when the customer has none.
type CreditCheckJSON struct {
	Decision    string        `json:"decision"`
	Reason      string        `json:"reason"`
	Amount      money.Amount  `json:"amount"`
	CreditLimit *money.Amount `json:"creditLimit"`
	Outstanding money.Amount  `json:"outstanding"`
	OverdueDays int           `json:"overdueDays"`
	Available   money.Amount  `json:"available"`
	CheckedBy   string        `json:"checkedBy"`
	CheckedAt   time.Time     `json:"checkedAt"`
}

// SalesOrderJSON is a quotation or sales order as REST answers it.
type SalesOrderJSON struct {
	ID              uuid.UUID        `json:"id"`
	Number          *string          `json:"number"`
	QuoteNumber     string           `json:"quoteNumber"`
	Status          string           `json:"status"`
	CustomerID      uuid.UUID        `json:"customerId"`
	CustomerName    string           `json:"customerName"`
	LocationID      uuid.UUID        `json:"locationId"`
	OrderDate       string           `json:"orderDate"`
	ValidUntil      string           `json:"validUntil"`
	DeliveryAddress string           `json:"deliveryAddress"`
	Department      string           `json:"department"`
	Currency        string           `json:"currency"`
	Amount          money.Amount     `json:"amount"`
	Memo            string           `json:"memo"`
	Credit          *CreditCheckJSON `json:"credit"`
	ApprovalID      *uuid.UUID       `json:"approvalId"`
	Reason          string           `json:"reason"`
	CreatedBy       string           `json:"createdBy"`
	ConfirmedAt     *time.Time       `json:"confirmedAt"`
	ClosedAt        *time.Time       `json:"closedAt"`
	CreatedAt       time.Time        `json:"createdAt"`
	UpdatedAt       time.Time        `json:"updatedAt"`
	Version         int              `json:"version"`
	Lines           []SalesLineJSON  `json:"lines"`
}

// ToSalesOrderJSON converts o.
func ToSalesOrderJSON(o SalesOrder) SalesOrderJSON {
	cur := money.Currency(o.Currency)
	amt := func(v int64) money.Amount { return money.New(v, cur) }
	out := SalesOrderJSON{ID: o.ID, QuoteNumber: o.QuoteNumber, Status: o.Status, CustomerID: o.CustomerID,
		CustomerName: o.CustomerName, LocationID: o.LocationID, OrderDate: o.OrderDate.Format(time.DateOnly),
		ValidUntil: o.ValidUntil.Format(time.DateOnly), DeliveryAddress: o.DeliveryAddress, Department: o.Department,
		Currency: o.Currency, Amount: amt(o.Amount), Memo: o.Memo, ApprovalID: o.ApprovalID, Reason: o.Reason,
		CreatedBy: o.CreatedBy, ConfirmedAt: o.ConfirmedAt, ClosedAt: o.ClosedAt, CreatedAt: o.CreatedAt.UTC(),
		UpdatedAt: o.UpdatedAt.UTC(), Version: o.Version, Lines: make([]SalesLineJSON, len(o.Lines))}
	if o.Number != "" {
		n := o.Number
		out.Number = &n
	}
	if c := o.Credit; c != nil {
		out.Credit = &CreditCheckJSON{Decision: c.Decision, Reason: c.Reason, Amount: amt(c.Amount),
			Outstanding: amt(c.Outstanding), OverdueDays: c.OverdueDays, Available: amt(c.Available), CheckedBy: c.CheckedBy,
			CheckedAt: c.CheckedAt.UTC()}
		if c.CreditLimit != nil {
			l := amt(*c.CreditLimit)
			out.Credit.CreditLimit = &l
		}
	}
	for i, l := range o.Lines {
		out.Lines[i] = SalesLineJSON{Line: l.Line, ProductID: l.ProductID, ProductName: l.ProductName, Unit: l.Unit,
			VATCategory: l.VATCategory, Quantity: l.Quantity.String(), UnitPrice: amt(l.UnitPrice), Amount: amt(l.Amount),
			Delivered: l.Delivered.String(), Remaining: l.Remaining().String()}
	}
	return out
}

// DeliveryLineInputJSON is an order line's quantity to deliver.
type DeliveryLineInputJSON struct {
	Line     int    `json:"line"`
	Quantity string `json:"quantity"`
}

// DeliveryInputJSON is the body that delivers a sales order.
type DeliveryInputJSON struct {
	DeliveredOn *string                 `json:"deliveredOn"`
	Vehicle     string                  `json:"vehicle"`
	Driver      string                  `json:"driver"`
	Note        string                  `json:"note"`
	Lines       []DeliveryLineInputJSON `json:"lines"`
}

func (j DeliveryInputJSON) toInput() (DeliveryInput, error) {
	c := &errs.Collector{}
	in := DeliveryInput{DeliveredOn: readDate(c, "deliveredOn", j.DeliveredOn), Vehicle: j.Vehicle, Driver: j.Driver,
		Note: j.Note, Lines: make([]DeliveryLineInput, len(j.Lines))}
	for i, l := range j.Lines {
		in.Lines[i] = DeliveryLineInput(l)
	}
	return in, c.Err()
}

// DeliveryLineJSON is a challan's line.
type DeliveryLineJSON struct {
	Line        int       `json:"line"`
	ProductID   uuid.UUID `json:"productId"`
	ProductName string    `json:"productName"`
	Unit        string    `json:"unit"`
	Quantity    string    `json:"quantity"`
}

// DeliveryJSON is a delivery challan as REST answers it.
type DeliveryJSON struct {
	ID               uuid.UUID          `json:"id"`
	Number           string             `json:"number"`
	SalesOrderID     uuid.UUID          `json:"salesOrderId"`
	SalesOrderNumber string             `json:"salesOrderNumber"`
	CustomerID       uuid.UUID          `json:"customerId"`
	CustomerName     string             `json:"customerName"`
	DeliveryAddress  string             `json:"deliveryAddress"`
	LocationID       uuid.UUID          `json:"locationId"`
	DeliveredOn      string             `json:"deliveredOn"`
	Vehicle          string             `json:"vehicle"`
	Driver           string             `json:"driver"`
	Note             string             `json:"note"`
	Lines            []DeliveryLineJSON `json:"lines"`
	InvoiceID        *uuid.UUID         `json:"invoiceId"`
	DeliveredBy      string             `json:"deliveredBy"`
	CreatedAt        time.Time          `json:"createdAt"`
}

// ToDeliveryJSON converts d.
func ToDeliveryJSON(d Delivery) DeliveryJSON {
	out := DeliveryJSON{ID: d.ID, Number: d.Number, SalesOrderID: d.OrderID, SalesOrderNumber: d.OrderNumber,
		CustomerID: d.CustomerID, CustomerName: d.CustomerName, DeliveryAddress: d.DeliveryAddress, LocationID: d.LocationID,
		DeliveredOn: d.DeliveredOn.Format(time.DateOnly), Vehicle: d.Vehicle, Driver: d.Driver, Note: d.Note,
		Lines: make([]DeliveryLineJSON, len(d.Lines)), InvoiceID: d.InvoiceID, DeliveredBy: d.DeliveredBy,
		CreatedAt: d.CreatedAt.UTC()}
	for i, l := range d.Lines {
		out.Lines[i] = DeliveryLineJSON{Line: l.Line, ProductID: l.ProductID, ProductName: l.ProductName, Unit: l.Unit,
			Quantity: l.Quantity.String()}
	}
	return out
}
