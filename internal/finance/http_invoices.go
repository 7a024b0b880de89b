package finance

import (
	"encoding/json"
	"net/http"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// invoiceRoutes are the REST routes of invoices, bills and notes. Money is
// {"amount": "1234.50", "currency": "BDT"}; dates are 2006-01-02; a
// document's ETag is its version, and PUT requires If-Match.
func (s *Service) invoiceRoutes() map[string]httpx.HandlerFunc {
	const list, one = Base + "/invoices", Base + "/invoices/{id}"
	return map[string]httpx.HandlerFunc{
		"POST " + list:                  s.handleCreateInvoice,
		"GET " + list:                   s.handleInvoices,
		"GET " + one:                    s.handleInvoice,
		"PUT " + one:                    s.handleUpdateInvoice,
		"POST " + one + "/submit":       s.handleSubmitInvoice,
		"POST " + one + "/cancel":       s.handleCancelInvoice,
		"POST " + one + "/release":      s.handleReleaseBill,
		"POST " + one + "/credit-notes": s.handleCreateNote(KindCreditNote),
		"POST " + one + "/debit-notes":  s.handleCreateNote(KindDebitNote),
	}
}

// writeInvoice answers inv with its ETag.
func writeInvoice(w http.ResponseWriter, status int, inv Invoice) {
	if status == http.StatusCreated {
		w.Header().Set("Location", Base+"/invoices/"+inv.ID.String())
	}
	httpx.SetETag(w, inv.Version)
	httpx.WriteJSON(w, status, ToInvoiceJSON(inv))
}

func (s *Service) handleCreateInvoice(w http.ResponseWriter, r *http.Request) error {
	var req InvoiceInputJSON
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	in, err := req.toInput(true)
	if err != nil {
		return err
	}
	inv, err := s.CreateInvoice(r.Context(), in)
	if err != nil {
		return err
	}
	writeInvoice(w, http.StatusCreated, inv)
	return nil
}

func (s *Service) handleInvoices(w http.ResponseWriter, r *http.Request) error {
	q := httpx.ReadQuery(r)
	f := InvoiceFilter{Limit: q.Limit(50, 200), Cursor: q.Cursor(), Sort: q.String("sort"),
		Kind:   Kind(q.Enum("kind", "", string(KindSales), string(KindPurchase), string(KindCreditNote), string(KindDebitNote))),
		Status: q.Enum("status", "", StatusDraft, StatusHeld, StatusSubmitted, StatusApproved, StatusPartiallyPaid, StatusPaid, StatusCancelled)}
	f.Side = Kind(q.Enum("side", "", string(KindSales), string(KindPurchase)))
	posted := q.Bool("posted")
	f.Posted = posted != nil && *posted
	party, from, to := q.String("partyId"), q.String("from"), q.String("to")
	if err := q.Err(); err != nil {
		return err
	}
	var err error
	if f.From, err = httpx.ParseDate("from", from); err != nil {
		return err
	}
	if f.To, err = httpx.ParseDate("to", to); err != nil {
		return err
	}
	if party != "" {
		id, err := uuid.Parse(party)
		if err != nil {
			return errs.Field("partyId", "must be a UUID")
		}
		f.PartyID = &id
	}
	list, next, err := s.Invoices(r.Context(), f)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(list, ToInvoiceJSON, next))
	return nil
}

func (s *Service) handleInvoice(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	inv, err := s.Invoice(r.Context(), id)
	if err != nil {
		return err
	}
	if httpx.NotModified(w, r, inv.Version) {
		return nil
	}
	writeInvoice(w, http.StatusOK, inv)
	return nil
}

// handleUpdateInvoice replaces a draft; If-Match is required (428
// without, 412 when it names another version).
func (s *Service) handleUpdateInvoice(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	cond, version, err := httpx.VersionOf(r, true, s.invoiceVersion(r, id))
	if err != nil {
		return err
	}
	var req InvoiceInputJSON
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	in, err := req.toInput(false)
	if err != nil {
		return err
	}
	inv, err := s.UpdateInvoice(r.Context(), id, version, in)
	if err != nil {
		return cond.Err(err)
	}
	writeInvoice(w, http.StatusOK, inv)
	return nil
}

// invoiceVersion reads the current version, for an If-Match list.
func (s *Service) invoiceVersion(r *http.Request, id uuid.UUID) func() (int, error) {
	return func() (int, error) {
		inv, err := s.Invoice(r.Context(), id)
		return inv.Version, err
	}
}

// handleSubmitInvoice submits a draft; an If-Match, when sent, must name
// its current version.
func (s *Service) handleSubmitInvoice(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	cond, version, err := httpx.VersionOf(r, false, s.invoiceVersion(r, id))
	if err != nil {
		return err
	}
	inv, err := s.SubmitInvoice(r.Context(), id, version)
	if err != nil {
		return cond.Err(err)
	}
	writeInvoice(w, http.StatusOK, inv)
	return nil
}

func (s *Service) handleCancelInvoice(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	cond, version, err := httpx.VersionOf(r, false, s.invoiceVersion(r, id))
	if err != nil {
		return err
	}
	var req struct {
		Reason string `json:"reason"`
	}
	if err := httpx.DecodeOptionalJSON(r, &req); err != nil {
		return err
	}
	inv, err := s.CancelInvoice(r.Context(), id, version, req.Reason)
	if err != nil {
		return cond.Err(err)
	}
	writeInvoice(w, http.StatusOK, inv)
	return nil
}

// handleReleaseBill releases a held bill by override; the body's reason
// is required.
func (s *Service) handleReleaseBill(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	cond, version, err := httpx.VersionOf(r, false, s.invoiceVersion(r, id))
	if err != nil {
		return err
	}
	var req reasonIn
	if err := httpx.DecodeJSON(r, &req); err != nil {
		return err
	}
	inv, err := s.ReleaseBill(r.Context(), id, version, req.Reason)
	if err != nil {
		return cond.Err(err)
	}
	writeInvoice(w, http.StatusOK, inv)
	return nil
}

func (s *Service) handleCreateNote(kind Kind) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := httpx.PathID(r, "id")
		if err != nil {
			return err
		}
		var req InvoiceInputJSON
		if err := httpx.DecodeJSON(r, &req); err != nil {
			return err
		}
		in, err := req.toInput(false)
		if err != nil {
			return err
		}
		inv, err := s.CreateNote(r.Context(), id, kind, in)
		if err != nil {
			return err
		}
		writeInvoice(w, http.StatusCreated, inv)
		return nil
	}
}

// readAmount decodes an optional money object in field's name.
func readAmount(c *errs.Collector, field string, raw json.RawMessage) money.Amount {
	var a money.Amount
	if len(raw) == 0 || string(raw) == "null" {
		return a
	}
	if err := json.Unmarshal(raw, &a); err != nil {
		c.Merge(field, err)
	}
	return a
}
