package documents

import (
	"context"

	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// buildTrialBalance makes the trial balance as of a day, PDF or XLSX.
func (s *Service) buildTrialBalance(ctx context.Context, st *tenantsettings.Settings, p Params, pr progress) (document, error) {
	tb, err := s.finance.TrialBalance(ctx, p.AsOf)
	if err != nil {
		return document{}, err
	}
	sh := sheet{company: seller(st), title: "Trial balance", subtitle: "As of " + tb.AsOf,
		columns: []FormColumn{{Title: "Code"}, {Title: "Account"}, {Title: "Type"}, {Title: "Debit", Numeric: true},
			{Title: "Credit", Numeric: true}},
		footer: []any{"Total", "", "", poisha(tb.TotalDebit.Minor()), poisha(tb.TotalCredit.Minor())}}
	for _, r := range tb.Rows {
		sh.rows = append(sh.rows, []any{r.Code, r.Name, r.Type, poisha(r.Debit.Minor()), poisha(r.Credit.Minor())})
	}
	return s.tabular(ctx, pr, sh, "trial-balance-"+p.AsOf, p.Format, false)
}

// buildAgeing makes the ageing of receivables or payables as of a day.
func (s *Service) buildAgeing(ctx context.Context, st *tenantsettings.Settings, p Params, pr progress) (document, error) {
	a, err := s.finance.Ageing(ctx, p.Side, p.AsOf)
	if err != nil {
		return document{}, err
	}
	title, who := "Receivables ageing", "Customer"
	if p.Side == "payables" {
		title, who = "Payables ageing", "Vendor"
	}
	b := func(x AgeingBuckets) []any {
		return []any{poisha(x.Current.Minor()), poisha(x.Days1To30.Minor()), poisha(x.Days31To60.Minor()),
			poisha(x.Days61To90.Minor()), poisha(x.Over90.Minor()), poisha(x.Total.Minor())}
	}
	sh := sheet{company: seller(st), title: title, subtitle: "As of " + a.AsOf + ", by days past due",
		columns: []FormColumn{{Title: who}, {Title: "Documents", Numeric: true}, {Title: "Current", Numeric: true},
			{Title: "1-30", Numeric: true}, {Title: "31-60", Numeric: true}, {Title: "61-90", Numeric: true},
			{Title: "Over 90", Numeric: true}, {Title: "Total", Numeric: true}},
		footer: append([]any{"Total", ""}, b(a.Totals)...)}
	for _, r := range a.Rows {
		sh.rows = append(sh.rows, append([]any{r.PartyName, r.Documents}, b(r.AgeingBucketsJSON)...))
	}
	return s.tabular(ctx, pr, sh, p.Side+"-ageing-"+p.AsOf, p.Format, true)
}

// tabular writes sh as a PDF table or a workbook.
func (s *Service) tabular(ctx context.Context, pr progress, sh sheet, stem, format string, landscape bool) (document, error) {
	if format == "xlsx" {
		if err := pr.step(ctx, 50, "rendering"); err != nil {
			return document{}, err
		}
		body, err := beating(ctx, sh.xlsx)
		if err != nil {
			return document{}, err
		}
		return document{name: stem + ".xlsx", contentType: typeXLSX, body: body}, nil
	}
	body, err := s.render(ctx, pr, func(r Renderer) ([]byte, error) { return r.Table(sh.table("en", landscape)) })
	if err != nil {
		return document{}, err
	}
	return document{name: stem + ".pdf", contentType: typePDF, body: body}, nil
}
