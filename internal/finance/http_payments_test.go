package finance_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

type moneyAnswer struct{ Amount, Currency string }

type paymentAnswer struct {
	ID          string                       `json:"id"`
	Number      string                       `json:"number"`
	Status      string                       `json:"status"`
	Amount      moneyAnswer                  `json:"amount"`
	Unallocated moneyAnswer                  `json:"unallocated"`
	Allocations []struct{ InvoiceID string } `json:"allocations"`
	Wallet      *struct{ Number string }     `json:"wallet"`
}

func TestRESTPaymentAllocatedReportedAndReversed(t *testing.T) {
	f := newInvoiceFixture(t)
	srv := serveREST(t, f)
	tid, ctx := newTenantCtx(t)
	api := restClient(t, srv, tid)
	inv := f.approvedSale(t, ctx, "2026-12-01", "2026-12-10", 100000)

	body := map[string]any{"kind": "receipt", "partyId": customer.ID, "date": "2026-12-03", "method": "wallet",
		"amount":      map[string]string{"amount": "1500.00", "currency": "BDT"},
		"wallet":      map[string]string{"provider": "bkash", "number": "01712-345678", "transactionId": "9XK2LM4P"},
		"allocations": []map[string]any{{"invoiceId": inv.ID, "amount": map[string]string{"amount": "1150.00", "currency": "BDT"}}}}
	var p paymentAnswer
	api.Do(http.MethodPost, finance.Base+"/payments", body).Want(t, http.StatusCreated).Decode(t, &p)
	if p.Number != "RV/2026-27/000001" || p.Unallocated.Amount != "350.00" || len(p.Allocations) != 1 || p.Wallet == nil ||
		p.Wallet.Number != "+8801712345678" {
		t.Fatalf("payment %+v", p)
	}

	bad := map[string]any{"kind": "receipt", "partyId": customer.ID, "method": "cash",
		"amount": map[string]string{"amount": "10.005", "currency": "BDT"}}
	pr := api.Do(http.MethodPost, finance.Base+"/payments", bad)
	pr.WantProblem(t, http.StatusBadRequest, errs.InvalidArgument)
	if !slices.Contains(pr.Fields(t), "amount") {
		t.Fatalf("sub-poisha amount: fields %v", pr.Fields(t))
	}
	pr = api.Do(http.MethodGet, finance.Base+"/trial-balance?asOf=31-12-2026", nil)
	pr.WantProblem(t, http.StatusBadRequest, errs.InvalidArgument)
	if !slices.Contains(pr.Fields(t), "asOf") {
		t.Fatalf("bad asOf: fields %v", pr.Fields(t))
	}
	pr = api.Do(http.MethodGet, finance.Base+"/vat-summary?month=July", nil)
	pr.WantProblem(t, http.StatusBadRequest, errs.InvalidArgument)
	if !slices.Contains(pr.Fields(t), "month") {
		t.Fatalf("bad month: fields %v", pr.Fields(t))
	}

	var tb struct {
		TotalDebit, TotalCredit moneyAnswer
	}
	api.Do(http.MethodGet, finance.Base+"/trial-balance?asOf=2026-12-31", nil).Want(t, http.StatusOK).Decode(t, &tb)
	if tb.TotalDebit != tb.TotalCredit || tb.TotalDebit.Amount == "0.00" {
		t.Fatalf("trial balance totals %+v", tb)
	}
	var ageing struct {
		Totals struct{ Current, Total moneyAnswer }
	}
	api.Do(http.MethodGet, finance.Base+"/ageing/receivables?asOf=2026-12-05", nil).Want(t, http.StatusOK).Decode(t, &ageing)
	if ageing.Totals.Total.Amount != "0.00" {
		t.Fatalf("ageing after full payment %+v", ageing)
	}
	var vat struct{ OutputVat moneyAnswer }
	api.Do(http.MethodGet, finance.Base+"/vat-summary?month=2026-12", nil).Want(t, http.StatusOK).Decode(t, &vat)
	if vat.OutputVat.Amount != "150.00" {
		t.Fatalf("vat summary %+v", vat)
	}

	var rev paymentAnswer
	api.Do(http.MethodPost, finance.Base+"/payments/"+p.ID+"/reverse", map[string]string{"date": "2026-12-04", "reason": "sent twice"}).
		Want(t, http.StatusOK).Decode(t, &rev)
	if rev.Status != "reversed" {
		t.Fatalf("reversed %+v", rev)
	}
	api.Do(http.MethodGet, finance.Base+"/ageing/receivables?asOf=2026-12-05", nil).Want(t, http.StatusOK).Decode(t, &ageing)
	if ageing.Totals.Total.Amount != "1150.00" {
		t.Fatalf("ageing after reversal %+v", ageing)
	}
	restClient(t, srv, newTenant(t)).Do(http.MethodGet, finance.Base+"/payments/"+p.ID, nil).
		WantProblem(t, http.StatusNotFound, errs.NotFound)
}

func TestRESTBankStatementImportAndMatch(t *testing.T) {
	f := newInvoiceFixture(t)
	srv := serveREST(t, f)
	tid, ctx := newTenantCtx(t)
	api := restClient(t, srv, tid)
	p, err := f.svc.RecordPayment(ctx, finance.NewPayment{Kind: finance.Receipt, PartyID: customer.ID, Date: day("2026-12-02"),
		Method: finance.MethodBank, Amount: tk("15000"), Reference: "TRX-9911"})
	if err != nil {
		t.Fatal(err)
	}
	bank := f.accountID(t, tid, "1120")
	path := finance.Base + "/bank-statements?accountId=" + bank.String() + "&name=DBBL"
	csv := "date,description,reference,amount\n2026-12-02,BEFTN inward,TRX 9911,15000.00\n"
	api.Do(http.MethodPost, path, csv).WantProblem(t, http.StatusUnsupportedMediaType, errs.InvalidArgument)
	pr := api.Do(http.MethodPost, path, "date,amount\n2026-12-02,abc\n", "Content-Type", "text/csv")
	pr.WantProblem(t, http.StatusBadRequest, errs.InvalidArgument)
	if !slices.Contains(pr.Fields(t), "lines[2].amount") {
		t.Fatalf("bad row: fields %v", pr.Fields(t))
	}
	var st struct {
		ID    string
		Lines []struct {
			Proposals []struct {
				PaymentID string
				Score     int
			}
		}
	}
	api.Do(http.MethodPost, path, csv, "Content-Type", "text/csv; charset=utf-8").Want(t, http.StatusCreated).Decode(t, &st)
	if len(st.Lines) != 1 || len(st.Lines[0].Proposals) != 1 || st.Lines[0].Proposals[0].PaymentID != p.ID.String() ||
		st.Lines[0].Proposals[0].Score != 100 {
		t.Fatalf("statement %+v", st)
	}
	var line struct{ PaymentID *string }
	api.Do(http.MethodPost, finance.Base+"/bank-statements/"+st.ID+"/lines/1/match", map[string]any{"paymentId": p.ID}).
		Want(t, http.StatusOK).Decode(t, &line)
	if line.PaymentID == nil || *line.PaymentID != p.ID.String() {
		t.Fatalf("matched line %+v", line)
	}
	api.Do(http.MethodPost, finance.Base+"/bank-statements/"+st.ID+"/lines/1/unmatch", nil).Want(t, http.StatusOK).Decode(t, &line)
	if line.PaymentID != nil {
		t.Fatalf("unmatched line %+v", line)
	}
	api.Do(http.MethodPost, finance.Base+"/bank-statements/"+st.ID+"/lines/x/match", map[string]any{"paymentId": p.ID}).
		WantProblem(t, http.StatusBadRequest, errs.InvalidArgument)
}
