package documents

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// VATReturnJSON is the figures of a month's Mushak-9.1 return's main
// notes, from finance's VAT summary: the supplies (output tax) and the
// purchases (input tax) by rate class, the adjustments VAT deducted at
// source makes, and the net payable.
type VATReturnJSON struct {
	Period  string      `json:"period"`
	Company ReturnParty `json:"company"`
	Output  ReturnPart  `json:"outputTax"`
	Input   ReturnPart  `json:"inputTax"`
	// Increasing is VAT we deducted at source from suppliers (note 24);
	// Decreasing is VAT customers deducted at source from us (note 29).
	Increasing money.Amount `json:"increasingAdjustments"`
	Decreasing money.Amount `json:"decreasingAdjustments"`
	// NetVAT is output − input + increasing − decreasing; SDPayable the
	// supplementary duty on the supplies.
	NetVAT    money.Amount `json:"netPayableVat"`
	SDPayable money.Amount `json:"sdPayable"`
}

// ReturnParty is the taxpayer of a return.
type ReturnParty struct {
	Name string `json:"name"`
	BIN  string `json:"bin"`
}

// ReturnPart is the supplies or the purchases of a return.
type ReturnPart struct {
	Rows  []ReturnRow  `json:"rows"`
	Value money.Amount `json:"value"`
	SD    money.Amount `json:"sd"`
	VAT   money.Amount `json:"vat"`
}

// ReturnRow is one rate class: standard 15 %, a reduced rate,
// zero-rated, exempt or specific.
type ReturnRow struct {
	Treatment   string       `json:"treatment"`
	RatePercent string       `json:"ratePercent"`
	Value       money.Amount `json:"value"`
	SD          money.Amount `json:"sd"`
	VAT         money.Amount `json:"vat"`
	Documents   int          `json:"documents"`
}

func bdt(minor int64) money.Amount { return money.New(minor, money.BDT) }

// vatReturn works out the return's figures from the summary.
func vatReturn(st *tenantsettings.Settings, v VATSummary) VATReturnJSON {
	part := func(rows []VATRow, value, sd, vat money.Amount) ReturnPart {
		p := ReturnPart{Rows: []ReturnRow{}, Value: bdt(value.Minor()), SD: bdt(sd.Minor()), VAT: bdt(vat.Minor())}
		for _, r := range rows {
			p.Rows = append(p.Rows, ReturnRow{Treatment: r.Treatment, RatePercent: r.RatePercent, Value: bdt(r.Value.Minor()),
				SD: bdt(r.SD.Minor()), VAT: bdt(r.VAT.Minor()), Documents: r.Documents})
		}
		return p
	}
	inc, dec := v.VDSDeducted.Minor(), v.VDSByCustomers.Minor()
	return VATReturnJSON{Period: v.Month, Company: ReturnParty{Name: st.Company.LegalName, BIN: st.Company.BIN},
		Output: part(v.Sales, v.SalesValue, v.SalesSD, v.OutputVAT), Input: part(v.Purchases, v.PurchaseValue, v.PurchaseSD, v.InputVAT),
		Increasing: bdt(inc), Decreasing: bdt(dec), NetVAT: bdt(v.OutputVAT.Minor() - v.InputVAT.Minor() + inc - dec),
		SDPayable: bdt(v.SalesSD.Minor())}
}

// buildVATReturn makes the 9.1 figures of the month as JSON or a PDF
// summary.
func (s *Service) buildVATReturn(ctx context.Context, st *tenantsettings.Settings, p Params, pr progress) (document, error) {
	v, err := s.finance.VATSummary(ctx, p.Period)
	if err != nil {
		return document{}, err
	}
	r := vatReturn(st, v)
	name := "mushak-9.1-" + p.Period + "." + p.Format
	if p.Format == "json" {
		if err := pr.step(ctx, 50, "rendering"); err != nil {
			return document{}, err
		}
		body, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return document{}, fmt.Errorf("9.1 json: %w", err)
		}
		return document{name: name, contentType: typeJSON, body: body}, nil
	}
	sh := returnSheet(st, r)
	body, err := s.render(ctx, pr, func(rd Renderer) ([]byte, error) { return rd.Table(sh.table("en", false)) })
	if err != nil {
		return document{}, err
	}
	return document{name: name, contentType: typePDF, body: body}, nil
}

// returnSheet lays the return's figures out note by note.
func returnSheet(st *tenantsettings.Settings, r VATReturnJSON) sheet {
	sh := sheet{company: seller(st), title: "Mushak-9.1 VAT return: figures", subtitle: "Tax period " + r.Period,
		columns: []FormColumn{{Title: "Part"}, {Title: "Rate class"}, {Title: "Value", Numeric: true},
			{Title: "SD", Numeric: true}, {Title: "VAT", Numeric: true}}}
	add := func(part string, rows []ReturnRow, total ReturnPart) {
		for _, x := range rows {
			sh.rows = append(sh.rows, []any{part, rateLabel(x.Treatment, x.RatePercent), poisha(x.Value.Minor()),
				poisha(x.SD.Minor()), poisha(x.VAT.Minor())})
		}
		sh.rows = append(sh.rows, []any{part, "Total", poisha(total.Value.Minor()), poisha(total.SD.Minor()), poisha(total.VAT.Minor())})
	}
	add("3: Supplies (output tax)", r.Output.Rows, r.Output)
	add("4: Purchases (input tax)", r.Input.Rows, r.Input)
	sh.rows = append(sh.rows,
		[]any{"5: Increasing adjustments", "VDS deducted from suppliers", nil, nil, poisha(r.Increasing.Minor())},
		[]any{"6: Decreasing adjustments", "VDS deducted by customers", nil, nil, poisha(r.Decreasing.Minor())})
	sh.footer = []any{"7: Net payable", "", nil, poisha(r.SDPayable.Minor()), poisha(r.NetVAT.Minor())}
	sh.notes = []string{"Net payable VAT = output tax - input tax + increasing - decreasing adjustments."}
	return sh
}
