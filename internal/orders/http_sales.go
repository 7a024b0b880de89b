package orders

import (
	"net/http"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// salesRoutes are the REST routes of quotations, sales orders and their
// delivery challans. Money is {"amount": "1234.50", "currency": "BDT"},
// quantities decimal strings, dates 2006-01-02; an order's ETag is its
// version, and PATCH requires If-Match.
func (s *Service) salesRoutes() map[string]httpx.HandlerFunc {
	const list, one = Base + "/sales-orders", Base + "/sales-orders/{id}"
	return map[string]httpx.HandlerFunc{
		"POST " + list:                     s.handleCreateQuotation,
		"GET " + list:                      s.handleSalesOrders,
		"GET " + one:                       s.handleSalesOrder,
		"PATCH " + one:                     s.handleUpdateQuotation,
		"POST " + one + "/confirm":         s.handleConfirmSales,
		"POST " + one + "/cancel":          s.handleCancelSales,
		"POST " + one + "/deliveries":      s.handleDeliver,
		"GET " + one + "/deliveries":       s.handleDeliveries,
		"GET " + Base + "/deliveries/{id}": s.handleDelivery,
	}
}

// writeSalesOrder answers o with its ETag.
func writeSalesOrder(w http.ResponseWriter, status int, o SalesOrder) {
	if status == http.StatusCreated {
		w.Header().Set("Location", Base+"/sales-orders/"+o.ID.String())
	}
	httpx.SetETag(w, o.Version)
	httpx.WriteJSON(w, status, ToSalesOrderJSON(o))
}

func (s *Service) handleCreateQuotation(w http.ResponseWriter, r *http.Request) error {
	var req QuotationInputJSON
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	in, err := req.toInput()
	if err != nil {
		return err
	}
	o, err := s.CreateQuotation(r.Context(), in)
	if err != nil {
		return err
	}
	writeSalesOrder(w, http.StatusCreated, o)
	return nil
}

func (s *Service) handleSalesOrders(w http.ResponseWriter, r *http.Request) error {
	q := httpx.ReadQuery(r)
	f := SalesFilter{Limit: q.Limit(50, 200), Cursor: q.Cursor(),
		Status: q.Enum("status", "", SalesQuotation, SalesCreditReview, SalesConfirmed, SalesPartiallyDelivered,
			SalesDelivered, SalesClosed, SalesCancelled)}
	customer := q.String("customerId")
	if err := q.Err(); err != nil {
		return err
	}
	if customer != "" {
		id, err := uuid.Parse(customer)
		if err != nil {
			return errs.Field("customerId", "must be a UUID")
		}
		f.CustomerID = &id
	}
	list, next, err := s.SalesOrders(r.Context(), f)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(list, ToSalesOrderJSON, next))
	return nil
}

func (s *Service) handleSalesOrder(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	o, err := s.SalesOrder(r.Context(), id)
	if err != nil {
		return err
	}
	if httpx.NotModified(w, r, o.Version) {
		return nil
	}
	writeSalesOrder(w, http.StatusOK, o)
	return nil
}

// salesVersion gives the current version of sales order id, which
// httpx.VersionOf asks for when If-Match lists several tags.
func (s *Service) salesVersion(r *http.Request, id uuid.UUID) func() (int, error) {
	return func() (int, error) {
		o, err := s.SalesOrder(r.Context(), id)
		return o.Version, err
	}
}

// handleUpdateQuotation changes a quotation; If-Match is required (428
// without, 412 when it names another version).
func (s *Service) handleUpdateQuotation(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	cond, version, err := httpx.VersionOf(r, true, s.salesVersion(r, id))
	if err != nil {
		return err
	}
	var req QuotationInputJSON
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	in, err := req.toInput()
	if err != nil {
		return err
	}
	o, err := s.UpdateQuotation(r.Context(), id, version, in)
	if err != nil {
		return cond.Err(err)
	}
	writeSalesOrder(w, http.StatusOK, o)
	return nil
}

// handleConfirmSales confirms a quotation (or sends it to credit review);
// an If-Match, when sent, must name its current version.
func (s *Service) handleConfirmSales(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	cond, version, err := httpx.VersionOf(r, false, s.salesVersion(r, id))
	if err != nil {
		return err
	}
	o, err := s.ConfirmSales(r.Context(), id, version)
	if err != nil {
		return cond.Err(err)
	}
	writeSalesOrder(w, http.StatusOK, o)
	return nil
}

func (s *Service) handleCancelSales(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	cond, version, err := httpx.VersionOf(r, false, s.salesVersion(r, id))
	if err != nil {
		return err
	}
	var req struct {
		Reason string `json:"reason"`
	}
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	o, err := s.CancelSales(r.Context(), id, version, req.Reason)
	if err != nil {
		return cond.Err(err)
	}
	writeSalesOrder(w, http.StatusOK, o)
	return nil
}

func (s *Service) handleDeliver(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	var req DeliveryInputJSON
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	in, err := req.toInput()
	if err != nil {
		return err
	}
	d, err := s.Deliver(r.Context(), id, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Base+"/deliveries/"+d.ID.String())
	httpx.WriteJSON(w, http.StatusCreated, ToDeliveryJSON(d))
	return nil
}

func (s *Service) handleDeliveries(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	list, err := s.Deliveries(r.Context(), id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(list, ToDeliveryJSON, ""))
	return nil
}

func (s *Service) handleDelivery(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.Delivery(r.Context(), id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, ToDeliveryJSON(d))
	return nil
}
