package orders

import (
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/money"
)

func (s *Service) purchaseRoutes() map[string]httpx.HandlerFunc {
	const list, one = Base + "/purchase-orders", Base + "/purchase-orders/{id}"
	return map[string]httpx.HandlerFunc{
		"POST " + list:                                s.handleCreatePurchase,
		"GET " + list:                                 s.handlePurchases,
		"GET " + one:                                  s.handlePurchase,
		"PUT " + one:                                  s.handleUpdatePurchase,
		"POST " + one + "/submit":                     s.handleSubmitPurchase,
		"POST " + one + "/cancel":                     s.handleCancelPurchase,
		"POST " + one + "/close":                      s.handleClosePurchase,
		"POST " + one + "/receipts":                   s.handleReceipt,
		"GET " + one + "/receipts":                    s.handleReceipts,
		"POST " + Base + "/purchase-requisitions":     s.handleCreateRequisition,
		"GET " + Base + "/purchase-requisitions/{id}": s.handleRequisition,
	}
}

// LineJSON is an order line as a client sends it.
type LineJSON struct {
	ProductID   uuid.UUID    `json:"productId"`
	Quantity    string       `json:"quantity"`
	UnitPrice   money.Amount `json:"unitPrice"`
	VATCategory string       `json:"vatCategory"`
}

// PurchaseInputJSON is a purchase order as a client sends it.
type PurchaseInputJSON struct {
	VendorID      uuid.UUID  `json:"vendorId"`
	LocationID    uuid.UUID  `json:"locationId"`
	RequisitionID *uuid.UUID `json:"requisitionId"`
	OrderDate     string     `json:"orderDate"`
	DeliveryDate  string     `json:"deliveryDate"`
	Department    string     `json:"department"`
	Memo          string     `json:"memo"`
	Lines         []LineJSON `json:"lines"`
}

func (j PurchaseInputJSON) input() (PurchaseInput, error) {
	c := &errs.Collector{}
	od, err := httpx.ParseDate("orderDate", j.OrderDate)
	c.Merge("", err)
	dd, err := httpx.ParseDate("deliveryDate", j.DeliveryDate)
	c.Merge("", err)
	in := PurchaseInput{VendorID: j.VendorID, LocationID: j.LocationID, RequisitionID: j.RequisitionID, OrderDate: od,
		DeliveryDate: dd, Department: j.Department, Memo: j.Memo, Lines: lineInputs(j.Lines)}
	return in, c.Err()
}

func lineInputs(lines []LineJSON) []LineInput {
	out := make([]LineInput, len(lines))
	for i, l := range lines {
		out[i] = LineInput(l)
	}
	return out
}

// PurchaseLineJSON is an order line as the API shows it.
type PurchaseLineJSON struct {
	Line        int          `json:"line"`
	ProductID   uuid.UUID    `json:"productId"`
	ProductName string       `json:"productName"`
	Unit        string       `json:"unit"`
	VATCategory string       `json:"vatCategory"`
	Quantity    string       `json:"quantity"`
	UnitPrice   money.Amount `json:"unitPrice"`
	Amount      money.Amount `json:"amount"`
	Received    string       `json:"received"`
	Rejected    string       `json:"rejected"`
}

// OrderBillJSON is a bill against the order.
type OrderBillJSON struct {
	BillID  uuid.UUID    `json:"billId"`
	Status  string       `json:"status"`
	Amount  money.Amount `json:"amount"`
	Reasons []string     `json:"reasons"`
}

// PurchaseOrderJSON is a purchase order as the API shows it.
type PurchaseOrderJSON struct {
	ID            uuid.UUID          `json:"id"`
	Number        *string            `json:"number"`
	Status        string             `json:"status"`
	VendorID      uuid.UUID          `json:"vendorId"`
	VendorName    string             `json:"vendorName"`
	LocationID    uuid.UUID          `json:"locationId"`
	RequisitionID *uuid.UUID         `json:"requisitionId"`
	OrderDate     string             `json:"orderDate"`
	DeliveryDate  string             `json:"deliveryDate"`
	Department    string             `json:"department"`
	Amount        money.Amount       `json:"amount"`
	Memo          string             `json:"memo"`
	ApprovalID    *uuid.UUID         `json:"approvalId"`
	Reason        string             `json:"reason"`
	CreatedBy     string             `json:"createdBy"`
	SubmittedAt   *time.Time         `json:"submittedAt"`
	ApprovedAt    *time.Time         `json:"approvedAt"`
	ClosedAt      *time.Time         `json:"closedAt"`
	CreatedAt     time.Time          `json:"createdAt"`
	UpdatedAt     time.Time          `json:"updatedAt"`
	Version       int                `json:"version"`
	Lines         []PurchaseLineJSON `json:"lines,omitempty"`
	Bills         []OrderBillJSON    `json:"bills,omitempty"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// ToPurchaseOrderJSON converts o for the API.
func ToPurchaseOrderJSON(o PurchaseOrder) PurchaseOrderJSON {
	out := PurchaseOrderJSON{ID: o.ID, Number: nullable(o.Number), Status: o.Status, VendorID: o.VendorID,
		VendorName: o.VendorName, LocationID: o.LocationID, RequisitionID: o.RequisitionID,
		OrderDate: o.OrderDate.Format(DateLayout), DeliveryDate: o.DeliveryDate.Format(DateLayout), Department: o.Department,
		Amount: o.money(o.Amount), Memo: o.Memo, ApprovalID: o.ApprovalID, Reason: o.Reason, CreatedBy: o.CreatedBy,
		SubmittedAt: o.SubmittedAt, ApprovedAt: o.ApprovedAt, ClosedAt: o.ClosedAt, CreatedAt: o.CreatedAt,
		UpdatedAt: o.UpdatedAt, Version: o.Version}
	for _, l := range o.Lines {
		out.Lines = append(out.Lines, PurchaseLineJSON{Line: l.Line, ProductID: l.ProductID, ProductName: l.ProductName,
			Unit: l.Unit, VATCategory: l.VATCategory, Quantity: l.Quantity.String(), UnitPrice: o.money(l.UnitPrice),
			Amount: o.money(l.Amount), Received: l.Received.String(), Rejected: l.Rejected.String()})
	}
	for _, b := range o.Bills {
		out.Bills = append(out.Bills, OrderBillJSON{BillID: b.BillID, Status: b.Status, Amount: o.money(b.Amount), Reasons: b.Reasons})
	}
	return out
}

func writePurchase(w http.ResponseWriter, status int, o PurchaseOrder) {
	if status == http.StatusCreated {
		w.Header().Set("Location", Base+"/purchase-orders/"+o.ID.String())
	}
	httpx.SetETag(w, o.Version)
	httpx.WriteJSON(w, status, ToPurchaseOrderJSON(o))
}

func (s *Service) handleCreatePurchase(w http.ResponseWriter, r *http.Request) error {
	var req PurchaseInputJSON
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	in, err := req.input()
	if err != nil {
		return err
	}
	o, err := s.CreatePurchaseOrder(r.Context(), in)
	if err != nil {
		return err
	}
	writePurchase(w, http.StatusCreated, o)
	return nil
}

func (s *Service) handlePurchases(w http.ResponseWriter, r *http.Request) error {
	q := httpx.ReadQuery(r)
	f := PurchaseFilter{Limit: q.Limit(50, 200), Cursor: q.Cursor(), Sort: q.String("sort"),
		Status: q.Enum("status", "", StatusDraft, StatusSubmitted, StatusApproved, StatusPartiallyReceived,
			StatusReceived, StatusClosed, StatusCancelled)}
	vendor := q.String("vendorId")
	if err := q.Err(); err != nil {
		return err
	}
	if vendor != "" {
		id, err := uuid.Parse(vendor)
		if err != nil {
			return errs.Field("vendorId", "must be a UUID")
		}
		f.VendorID = &id
	}
	list, next, err := s.PurchaseOrders(r.Context(), f)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(list, ToPurchaseOrderJSON, next))
	return nil
}

func (s *Service) handlePurchase(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	o, err := s.PurchaseOrder(r.Context(), id)
	if err != nil {
		return err
	}
	if httpx.NotModified(w, r, o.Version) {
		return nil
	}
	writePurchase(w, http.StatusOK, o)
	return nil
}

func (s *Service) purchaseVersion(r *http.Request, id uuid.UUID) func() (int, error) {
	return func() (int, error) {
		o, err := s.PurchaseOrder(r.Context(), id)
		return o.Version, err
	}
}

// handleUpdatePurchase replaces a draft; If-Match is required.
func (s *Service) handleUpdatePurchase(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	cond, version, err := httpx.VersionOf(r, true, s.purchaseVersion(r, id))
	if err != nil {
		return err
	}
	var req PurchaseInputJSON
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	in, err := req.input()
	if err != nil {
		return err
	}
	o, err := s.UpdatePurchaseOrder(r.Context(), id, version, in)
	if err != nil {
		return cond.Err(err)
	}
	writePurchase(w, http.StatusOK, o)
	return nil
}

func (s *Service) handleSubmitPurchase(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	cond, version, err := httpx.VersionOf(r, false, s.purchaseVersion(r, id))
	if err != nil {
		return err
	}
	o, err := s.SubmitPurchaseOrder(r.Context(), id, version)
	if err != nil {
		return cond.Err(err)
	}
	writePurchase(w, http.StatusOK, o)
	return nil
}

// reasonJSON is the body of cancel and close.
type reasonJSON struct {
	Reason string `json:"reason"`
}

func (s *Service) handleCancelPurchase(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	var req reasonJSON
	if err := httpx.DecodeOptionalJSON(r, &req); err != nil {
		return err
	}
	o, err := s.CancelPurchaseOrder(r.Context(), id, req.Reason)
	if err != nil {
		return err
	}
	writePurchase(w, http.StatusOK, o)
	return nil
}

func (s *Service) handleClosePurchase(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	var req reasonJSON
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	o, err := s.ClosePurchaseOrder(r.Context(), id, req.Reason)
	if err != nil {
		return err
	}
	writePurchase(w, http.StatusOK, o)
	return nil
}
