package orders

import (
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// ReceiptInputJSON is a goods receipt as the store keeper sends it.
type ReceiptInputJSON struct {
	ReceivedOn string `json:"receivedOn"`
	ChallanRef string `json:"challanRef"`
	Note       string `json:"note"`
	Lines      []struct {
		Line     int    `json:"line"`
		Accepted string `json:"accepted"`
		Rejected string `json:"rejected"`
		Reason   string `json:"reason"`
	} `json:"lines"`
}

// ReceiptJSON is a goods receipt as the API shows it.
type ReceiptJSON struct {
	ID              uuid.UUID         `json:"id"`
	Number          string            `json:"number"`
	PurchaseOrderID uuid.UUID         `json:"purchaseOrderId"`
	LocationID      uuid.UUID         `json:"locationId"`
	ReceivedOn      string            `json:"receivedOn"`
	ChallanRef      string            `json:"challanRef"`
	Note            string            `json:"note"`
	Lines           []ReceiptLineJSON `json:"lines"`
	ReceivedBy      string            `json:"receivedBy"`
	CreatedAt       time.Time         `json:"createdAt"`
}

// ReceiptLineJSON is one order line's goods in a receipt.
type ReceiptLineJSON struct {
	Line      int       `json:"line"`
	ProductID uuid.UUID `json:"productId"`
	Accepted  string    `json:"accepted"`
	Rejected  string    `json:"rejected"`
	Reason    string    `json:"reason,omitempty"`
}

// ToReceiptJSON converts r for the API.
func ToReceiptJSON(r Receipt) ReceiptJSON {
	out := ReceiptJSON{ID: r.ID, Number: r.Number, PurchaseOrderID: r.OrderID, LocationID: r.LocationID,
		ReceivedOn: r.ReceivedOn.Format(DateLayout), ChallanRef: r.ChallanRef, Note: r.Note, ReceivedBy: r.ReceivedBy,
		CreatedAt: r.CreatedAt, Lines: make([]ReceiptLineJSON, len(r.Lines))}
	for i, l := range r.Lines {
		out.Lines[i] = ReceiptLineJSON{Line: l.Line, ProductID: l.ProductID, Accepted: l.Accepted.String(),
			Rejected: l.Rejected.String(), Reason: l.Reason}
	}
	return out
}

func (s *Service) handleReceipt(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	var req ReceiptInputJSON
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	on, err := httpx.ParseDate("receivedOn", req.ReceivedOn)
	if err != nil {
		return err
	}
	in := ReceiptInput{ReceivedOn: on, ChallanRef: req.ChallanRef, Note: req.Note}
	for _, l := range req.Lines {
		in.Lines = append(in.Lines, ReceiptLineInput{Line: l.Line, Accepted: l.Accepted, Rejected: l.Rejected, Reason: l.Reason})
	}
	rec, err := s.RecordReceipt(r.Context(), id, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Base+"/purchase-orders/"+id.String()+"/receipts/"+rec.ID.String())
	httpx.WriteJSON(w, http.StatusCreated, ToReceiptJSON(rec))
	return nil
}

func (s *Service) handleReceipts(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	list, err := s.Receipts(r.Context(), id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(list, ToReceiptJSON, ""))
	return nil
}

// RequisitionJSON is a requisition as the API shows it and takes it.
type RequisitionJSON struct {
	ID              uuid.UUID             `json:"id"`
	Number          string                `json:"number"`
	Status          string                `json:"status"`
	LocationID      uuid.UUID             `json:"locationId"`
	Department      string                `json:"department"`
	NeededBy        string                `json:"neededBy"`
	Note            string                `json:"note"`
	PurchaseOrderID *uuid.UUID            `json:"purchaseOrderId"`
	RequestedBy     string                `json:"requestedBy"`
	CreatedAt       time.Time             `json:"createdAt"`
	Version         int                   `json:"version"`
	Lines           []RequisitionLineJSON `json:"lines"`
}

// RequisitionLineJSON is one product of a requisition.
type RequisitionLineJSON struct {
	ProductID uuid.UUID `json:"productId"`
	Quantity  string    `json:"quantity"`
	Note      string    `json:"note,omitempty"`
}

func toRequisitionJSON(r Requisition) RequisitionJSON {
	out := RequisitionJSON{ID: r.ID, Number: r.Number, Status: r.Status, LocationID: r.LocationID, Department: r.Department,
		NeededBy: r.NeededBy.Format(DateLayout), Note: r.Note, PurchaseOrderID: r.PurchaseOrderID,
		RequestedBy: r.RequestedBy, CreatedAt: r.CreatedAt, Version: r.Version}
	out.Lines = make([]RequisitionLineJSON, len(r.Lines))
	for i, l := range r.Lines {
		out.Lines[i] = RequisitionLineJSON{ProductID: l.ProductID, Quantity: l.Quantity.String(), Note: l.Note}
	}
	return out
}

func (s *Service) handleCreateRequisition(w http.ResponseWriter, r *http.Request) error {
	var req RequisitionJSON
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	needed, err := httpx.ParseDate("neededBy", req.NeededBy)
	if err != nil {
		return err
	}
	if req.ID != uuid.Nil || req.Number != "" {
		return errs.Field("id", "is given by the server")
	}
	in := RequisitionInput{LocationID: req.LocationID, Department: req.Department, NeededBy: needed, Note: req.Note}
	for _, l := range req.Lines {
		in.Lines = append(in.Lines, RequisitionLineInput(l))
	}
	rq, err := s.CreateRequisition(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Base+"/purchase-requisitions/"+rq.ID.String())
	httpx.SetETag(w, rq.Version)
	httpx.WriteJSON(w, http.StatusCreated, toRequisitionJSON(rq))
	return nil
}

func (s *Service) handleRequisition(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	rq, err := s.Requisition(r.Context(), id)
	if err != nil {
		return err
	}
	httpx.SetETag(w, rq.Version)
	httpx.WriteJSON(w, http.StatusOK, toRequisitionJSON(rq))
	return nil
}
