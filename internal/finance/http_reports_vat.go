package finance

import (
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// VATRegisterRowJSON is one treatment and rate of the VAT summary.
type VATRegisterRowJSON struct {
	Treatment   string       `json:"treatment"`
	RatePercent string       `json:"ratePercent"`
	Value       money.Amount `json:"value"`
	SD          money.Amount `json:"sd"`
	VAT         money.Amount `json:"vat"`
	VDS         money.Amount `json:"vds"`
	Documents   int          `json:"documents"`
}

// VATAccountJSON is a tax account's side of the VAT summary.
type VATAccountJSON struct {
	Role      string       `json:"role"`
	AccountID uuid.UUID    `json:"accountId"`
	Code      string       `json:"code"`
	Name      string       `json:"name"`
	Debit     money.Amount `json:"debit"`
	Credit    money.Amount `json:"credit"`
	Closing   money.Amount `json:"closing"`
}

// VATSummaryJSON is the monthly VAT summary as REST answers it.
type VATSummaryJSON struct {
	Month          string               `json:"month"`
	Sales          []VATRegisterRowJSON `json:"sales"`
	Purchases      []VATRegisterRowJSON `json:"purchases"`
	SalesValue     money.Amount         `json:"salesValue"`
	OutputVAT      money.Amount         `json:"outputVat"`
	SalesSD        money.Amount         `json:"salesSd"`
	VDSByCustomers money.Amount         `json:"vdsByCustomers"`
	PurchaseValue  money.Amount         `json:"purchaseValue"`
	InputVAT       money.Amount         `json:"inputVat"`
	PurchaseSD     money.Amount         `json:"purchaseSd"`
	VDSDeducted    money.Amount         `json:"vdsDeducted"`
	NetVAT         money.Amount         `json:"netVat"`
	Accounts       []VATAccountJSON     `json:"accounts"`
}

func toVATRowsJSON(rows []VATRegisterRow) []VATRegisterRowJSON {
	out := []VATRegisterRowJSON{}
	for _, r := range rows {
		out = append(out, VATRegisterRowJSON{Treatment: r.Treatment, RatePercent: fmt.Sprintf("%d.%02d", r.RateBP/100, r.RateBP%100),
			Value: bdtJSON(r.Value), SD: bdtJSON(r.SD), VAT: bdtJSON(r.VAT), VDS: bdtJSON(r.VDS), Documents: r.Documents})
	}
	return out
}

// ToVATSummaryJSON converts v.
func ToVATSummaryJSON(v VATSummary) VATSummaryJSON {
	out := VATSummaryJSON{Month: v.Month.Format("2006-01"), Sales: toVATRowsJSON(v.Sales), Purchases: toVATRowsJSON(v.Purchases),
		SalesValue: bdtJSON(v.SalesValue), OutputVAT: bdtJSON(v.OutputVAT), SalesSD: bdtJSON(v.SalesSD),
		VDSByCustomers: bdtJSON(v.VDSByCustomers), PurchaseValue: bdtJSON(v.PurchaseValue), InputVAT: bdtJSON(v.InputVAT),
		PurchaseSD: bdtJSON(v.PurchaseSD), VDSDeducted: bdtJSON(v.VDSDeducted), NetVAT: bdtJSON(v.NetVAT), Accounts: []VATAccountJSON{}}
	for _, a := range v.Accounts {
		out.Accounts = append(out.Accounts, VATAccountJSON{Role: string(a.Role), AccountID: a.AccountID, Code: a.Code, Name: a.Name,
			Debit: bdtJSON(a.Debit), Credit: bdtJSON(a.Credit), Closing: bdtJSON(a.Closing)})
	}
	return out
}

// handleVATSummary answers GET /vat-summary?month=2026-07.
func (s *Service) handleVATSummary(w http.ResponseWriter, r *http.Request) error {
	q := httpx.ReadQuery(r)
	m := q.String("month")
	if err := q.Err(); err != nil {
		return err
	}
	month, err := time.Parse("2006-01", m)
	if err != nil {
		return errs.Field("month", "is required, a month such as 2026-07")
	}
	v, err := s.VATSummary(r.Context(), month)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, ToVATSummaryJSON(v))
	return nil
}
