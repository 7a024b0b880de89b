package documents

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// buildMushak63 draws the tax invoice of an approved sales invoice: the
// seller from the tenant's settings, the buyer as the invoice names it
// (its snapshot of that day) with the Bangla name from master data, the
// lines and totals as finance computed them. The file is attached to
// the invoice (owner finance.invoice), where the invoice's attachments
// list it.
func (s *Service) buildMushak63(ctx context.Context, st *tenantsettings.Settings, p Params, pr progress) (document, error) {
	id, err := uuid.Parse(p.InvoiceID)
	if err != nil {
		return document{}, errs.Field("params.invoiceId", "must be a UUID")
	}
	inv, err := s.finance.Invoice(ctx, id)
	if err != nil {
		return document{}, err
	}
	if inv.Kind != "sales" || !posted(inv.Status) || inv.Number == nil {
		return document{}, errs.E(errs.FailedPrecondition, "invoice %s is a %s invoice %s: a Mushak-6.3 is issued for an approved sales invoice",
			id, inv.Kind, inv.Status)
	}
	buyer := FormParty{Name: inv.Party.Name, BIN: inv.Party.BIN, Address: inv.Party.Address}
	if s.parties != nil && inv.Party.ID != uuid.Nil {
		md, err := s.parties.Party(ctx, "customers", inv.Party.ID)
		switch {
		case err == nil:
			buyer.NameBn = md.NameBn
		case !errs.Is(err, errs.NotFound):
			return document{}, err
		}
	}
	form := Form63{Lang: Lang(p.Lang), Seller: seller(st), Buyer: buyer, Number: *inv.Number,
		IssuedAt: issuedAt(inv, location(st)), Value: inv.Net.Minor(), SD: inv.SD.Minor(), VAT: inv.VAT.Minor(),
		Total: inv.Net.Minor() + inv.SD.Minor() + inv.VAT.Minor()}
	for _, l := range inv.Lines {
		value, sd, vat := l.Net.Minor(), l.SD.Minor(), l.VAT.Minor()
		form.Lines = append(form.Lines, FormLine63{Description: l.Description, Quantity: l.Quantity, Unit: l.Unit,
			UnitPrice: l.UnitPrice.Minor(), Value: value, SD: sd, VATRate: rateLabel(l.Treatment, l.VATRate), VAT: vat,
			Total: value + sd + vat})
	}
	body, err := s.render(ctx, pr, func(r Renderer) ([]byte, error) { return r.Mushak63(form) })
	if err != nil {
		return document{}, err
	}
	name := "mushak-6.3-" + fileSafe(*inv.Number) + "-" + p.Lang + ".pdf"
	return document{name: name, contentType: typePDF, body: body, owner: FileOwner{Type: "finance.invoice", ID: id.String()}}, nil
}

// posted reports whether an invoice status is in the books.
func posted(status string) bool {
	return status == "approved" || status == "partially_paid" || status == "paid"
}

// issuedAt is when the invoice was issued (approved and numbered), in
// the tenant's zone; its date at noon when finance gives no time.
func issuedAt(inv Invoice, loc *time.Location) time.Time {
	if inv.ApprovedAt != nil {
		if t, err := time.Parse(time.RFC3339Nano, *inv.ApprovedAt); err == nil {
			return t.In(loc)
		}
	}
	d, err := time.ParseInLocation(time.DateOnly, inv.Date, loc)
	if err != nil {
		return time.Time{}
	}
	return d.Add(12 * time.Hour)
}

// rateLabel prints a line's VAT rate as the form does: "15%", "exempt",
// "zero-rated" or "specific".
func rateLabel(treatment, rate string) string {
	switch treatment {
	case "exempt":
		return "exempt"
	case "zero_rated":
		return "zero-rated"
	case "specific":
		return "specific"
	}
	if strings.Contains(rate, ".") {
		rate = strings.TrimRight(strings.TrimRight(rate, "0"), ".")
	}
	return rate + "%"
}

// fileSafe turns a document number (INV/2026-27/000001) into part of a
// file name.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ' ' || r == ':' {
			return '-'
		}
		return r
	}, s)
}
