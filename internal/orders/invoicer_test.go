package orders_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// financeInvoices is finance's invoice API as the invoicer sees it: it
// records each call's body and Idempotency-Key and answers a repeated
// key with the first answer, as finance's idempotency middleware does.
type financeInvoices struct {
	mu      sync.Mutex
	creates []finance.InvoiceInputJSON
	keys    []string
	byKey   map[string]uuid.UUID
	submits []uuid.UUID
}

func (f *financeInvoices) mux() *http.ServeMux {
	m := http.NewServeMux()
	m.Handle("POST /api/v1/finance/invoices", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		var in finance.InvoiceInputJSON
		if err := httpx.DecodeJSON(r, &in); err != nil {
			return err
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		key := r.Header.Get("Idempotency-Key")
		f.keys = append(f.keys, key)
		id, seen := f.byKey[key]
		if !seen {
			id = uuid.New()
			f.byKey[key] = id
			f.creates = append(f.creates, in)
		}
		httpx.WriteJSON(w, http.StatusCreated, map[string]any{"id": id, "status": "draft"})
		return nil
	}))
	m.Handle("POST /api/v1/finance/invoices/{id}/submit", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		id, err := httpx.PathID(r, "id")
		if err != nil {
			return err
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		f.keys = append(f.keys, r.Header.Get("Idempotency-Key"))
		f.submits = append(f.submits, id)
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"id": id, "status": "submitted"})
		return nil
	}))
	return m
}

// TestFinanceInvoicerMakesOneSubmittedInvoicePerDelivery sends finance
// the invoice body it reads, keyed by the delivery, and a retry makes
// no second invoice.
func TestFinanceInvoicerMakesOneSubmittedInvoicePerDelivery(t *testing.T) {
	fin := &financeInvoices{byKey: map[string]uuid.UUID{}}
	inv := orders.FinanceInvoicer{HTTP: svcclient.New("finance", svcclient.InProcess(fin.mux()), svcclient.Policy{}, nil)}
	delivery, customer, product := uuid.New(), uuid.New(), uuid.New()
	req := orders.DeliveryInvoice{DeliveryID: delivery, Customer: customer, Date: "2026-12-04", Department: "Sales",
		Memo: "Challan DC-1 of SO-1", Lines: []orders.InvoiceLine{{ProductID: product, Description: "Cement, 50 kg bag",
			Quantity: "2.5", Unit: "bag", UnitPrice: money.New(55000, money.BDT), VATCategory: "standard"}}}
	first, err := inv.InvoiceDelivery(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	again, err := inv.InvoiceDelivery(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if first != again || len(fin.creates) != 1 || len(fin.submits) != 2 || fin.submits[0] != first {
		t.Fatalf("invoices %v then %v; creates %d, submits %v", first, again, len(fin.creates), fin.submits)
	}
	want := "delivery-" + delivery.String()
	if fin.keys[0] != want || fin.keys[1] != want+"-submit" {
		t.Fatalf("idempotency keys %v", fin.keys)
	}
	got := fin.creates[0]
	l := got.Lines[0]
	var price money.Amount
	if err := json.NewDecoder(bytes.NewReader(l.UnitPrice)).Decode(&price); err != nil {
		t.Fatal(err)
	}
	if got.Kind != "sales" || got.Party == nil || got.Party.ID != customer || got.Date != "2026-12-04" ||
		got.Department != "Sales" || len(got.Lines) != 1 || l.ProductID == nil || *l.ProductID != product ||
		l.Quantity != "2.5" || l.Unit != "bag" || l.VATCategory != "standard" || price != money.New(55000, money.BDT) {
		t.Fatalf("finance read %+v, line %+v", got, l)
	}
}
