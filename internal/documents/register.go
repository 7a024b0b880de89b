package documents

import (
	"context"
	"sort"

	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// The columns of the registers, after NBR's Mushak-6.1 (purchase) and
// 6.2 (sales) books: one row per line of every document in the books
// dated in the period, credit notes negative, so the totals are the VAT
// summary's (the register nets credit notes the same way).
var (
	salesColumns = []FormColumn{{Title: "SL"}, {Title: "Date"}, {Title: "Mushak-6.3 No."}, {Title: "Document"},
		{Title: "Buyer"}, {Title: "Buyer BIN"}, {Title: "Buyer address"}, {Title: "Description"},
		{Title: "Quantity", Numeric: true}, {Title: "Unit"}, {Title: "Value", Numeric: true}, {Title: "SD", Numeric: true},
		{Title: "VAT rate"}, {Title: "VAT", Numeric: true}, {Title: "VDS", Numeric: true}, {Title: "Total", Numeric: true}}
	purchaseColumns = []FormColumn{{Title: "SL"}, {Title: "Date"}, {Title: "Bill No."}, {Title: "Supplier's invoice"},
		{Title: "Document"}, {Title: "Supplier"}, {Title: "Supplier BIN"}, {Title: "Supplier address"},
		{Title: "Description"}, {Title: "Quantity", Numeric: true}, {Title: "Unit"}, {Title: "Value", Numeric: true},
		{Title: "SD", Numeric: true}, {Title: "VAT rate"}, {Title: "Input VAT", Numeric: true}, {Title: "VDS", Numeric: true},
		{Title: "Total", Numeric: true}}
)

// buildRegister makes the purchase (6.1) or sales (6.2) register of the
// period from finance's documents in the books.
func (s *Service) buildRegister(ctx context.Context, st *tenantsettings.Settings, kind string, p Params, pr progress) (document, error) {
	side, title, columns, stem := "sales", "Mushak-6.2 Sales register", salesColumns, "mushak-6.2"
	if kind == KindMushak61 {
		side, title, columns, stem = "purchase", "Mushak-6.1 Purchase register", purchaseColumns, "mushak-6.1"
	}
	invs, err := s.finance.PostedInvoices(ctx, side, p.From, p.To)
	if err != nil {
		return document{}, err
	}
	if err := pr.step(ctx, 50, "rendering"); err != nil {
		return document{}, err
	}
	sh := registerSheet(st, side, title, columns, p, invs)
	name := stem + "-" + period(p) + "." + p.Format
	body, err := beating(ctx, func() ([]byte, error) {
		if p.Format == "csv" {
			return sh.csv()
		}
		return sh.xlsx()
	})
	if err != nil {
		return document{}, err
	}
	ct := typeXLSX
	if p.Format == "csv" {
		ct = typeCSV
	}
	return document{name: name, contentType: ct, body: body}, nil
}

// registerSheet lays the documents out in date and number order.
func registerSheet(st *tenantsettings.Settings, side, title string, columns []FormColumn, p Params, invs []Invoice) sheet {
	sort.SliceStable(invs, func(i, k int) bool {
		if invs[i].Date != invs[k].Date {
			return invs[i].Date < invs[k].Date
		}
		return number(invs[i]) < number(invs[k])
	})
	sh := sheet{company: seller(st), title: title, subtitle: p.From + " to " + p.To, columns: columns}
	var value, sd, vat, vds, total int64
	sl := 0
	for _, inv := range invs {
		sign := int64(1)
		if inv.Kind == "credit_note" {
			sign = -1
		}
		for li, l := range inv.Lines {
			sl++
			lv, ls, lt := sign*l.Net.Minor(), sign*l.SD.Minor(), sign*l.VAT.Minor()
			// VDS is the document's; it goes on its first line.
			var lvds int64
			if li == 0 {
				lvds = sign * inv.VDS.Minor()
			}
			value, sd, vat, vds, total = value+lv, sd+ls, vat+lt, vds+lvds, total+lv+ls+lt
			row := []any{sl, inv.Date, number(inv)}
			if side == "purchase" {
				row = append(row, inv.SupplierRef)
			}
			row = append(row, docKind(inv.Kind), inv.Party.Name, inv.Party.BIN, inv.Party.Address, l.Description, l.Quantity,
				l.Unit, poisha(lv), poisha(ls), rateLabel(l.Treatment, l.VATRate), poisha(lt), poisha(lvds), poisha(lv+ls+lt))
			sh.rows = append(sh.rows, row)
		}
	}
	footer := make([]any, len(columns))
	footer[0] = "Total"
	n := len(columns)
	footer[n-6], footer[n-5], footer[n-3], footer[n-2], footer[n-1] = poisha(value), poisha(sd), poisha(vat), poisha(vds), poisha(total)
	sh.footer = footer
	return sh
}

func number(inv Invoice) string {
	if inv.Number == nil {
		return ""
	}
	return *inv.Number
}

// docKind names a document's kind as the register prints it.
func docKind(kind string) string {
	switch kind {
	case "credit_note":
		return "Credit note (6.7)"
	case "debit_note":
		return "Debit note (6.8)"
	case "purchase":
		return "Bill"
	}
	return "Invoice"
}

// period names the span of p in a file name: the month, or from_to.
func period(p Params) string {
	if p.Period != "" {
		return p.Period
	}
	return p.From + "_" + p.To
}
