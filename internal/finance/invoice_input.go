package finance

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// LineInput is a line as a client enters it: a product of master data or
// free text, a quantity (decimal string, up to 4 decimals), a unit, a
// unit price and a discount on the line in BDT.
type LineInput struct {
	ProductID   *uuid.UUID
	Description string
	// VATCategory is the line's row of the vat.rate table; empty takes
	// the tenant's default (settings defaults.vatRateCategory).
	VATCategory string
	Quantity    string
	Unit        string
	UnitPrice   money.Amount
	// Discount is optional (the zero Amount is none).
	Discount money.Amount
}

// InvoiceInput is the content of a draft invoice, bill or note.
type InvoiceInput struct {
	// Kind is KindSales or KindPurchase; notes are made by CreateNote.
	Kind        Kind
	Party       Party
	SupplierRef string
	// Date is the invoice date; zero is today in the tenant's zone.
	Date time.Time
	// DueDate zero is Date plus the tenant's payment terms.
	DueDate time.Time
	// SupplyType is local (default), export or import.
	SupplyType        string
	Department        string
	Memo              string
	BuyerWithholdsVAT bool
	// AIT is the income tax a bill withholds; nil withholds none.
	AIT *AIT
	// PurchaseOrderID names the purchase order a bill is matched
	// against on submit; nil for none.
	PurchaseOrderID *uuid.UUID
	Lines           []LineInput
}

// maxInvoiceLines bounds a document's lines.
const maxInvoiceLines = 500

var binRE = regexp.MustCompile(`^[0-9]{13}$`)

// fill validates in and writes it into inv (a new draft or one being
// edited), naming every field at fault. Computed amounts are left to
// compute.
func (s *Service) fill(inv *Invoice, in InvoiceInput, st *tenantsettings.Settings) error {
	c := &errs.Collector{}
	c.Check(in.Party.ID != uuid.Nil, "party.id", "is required")
	c.Check(len(in.Party.Name) <= 300, "party.name", "is at most 300 characters")
	c.Check(in.Party.BIN == "" || binRE.MatchString(in.Party.BIN), "party.bin", "must be the 13-digit BIN")
	c.Check(len(in.Party.Address) <= 500, "party.address", "is at most 500 characters")
	c.Check(len(in.SupplierRef) <= 100, "supplierRef", "is at most 100 characters")
	c.Check(inv.Side == KindPurchase || in.SupplierRef == "", "supplierRef", "is the supplier's number of a purchase bill")
	c.Check(in.PurchaseOrderID == nil || inv.Kind == KindPurchase, "purchaseOrderId", "is named on a purchase bill only")
	c.Check(len(in.Department) <= 200, "department", "is at most 200 characters")
	c.Check(len(in.Memo) <= 1000, "memo", "is at most 1000 characters")
	supply := in.SupplyType
	if supply == "" {
		supply = SupplyLocal
	}
	c.Check(supply == SupplyLocal || supply == SupplyExport || supply == SupplyImport, "supplyType", "must be local, export or import")
	if in.AIT != nil && in.AIT.Category != "" {
		c.Check(inv.Side == KindPurchase, "ait", "is withheld on purchase bills only")
		c.Check(len(in.AIT.Category) <= 60, "ait.category", "is at most 60 characters")
	}
	date := in.Date
	if date.IsZero() {
		date = Date(s.now(), st.Location())
	}
	due := in.DueDate
	if due.IsZero() {
		due = date.AddDate(0, 0, st.Defaults.PaymentTermsDays)
	}
	c.Check(!due.Before(date), "dueDate", "must not be before the invoice date")
	c.Check(len(in.Lines) > 0 && len(in.Lines) <= maxInvoiceLines, "lines", "must hold 1 to %d lines", maxInvoiceLines)
	lines := make([]InvoiceLine, len(in.Lines))
	for i, l := range in.Lines {
		lines[i] = readLine(c, fmt.Sprintf("lines[%d]", i), l, st)
	}
	if err := c.Err(); err != nil {
		return err
	}
	inv.Party, inv.SupplierRef, inv.Date, inv.DueDate = in.Party, in.SupplierRef, date, due
	inv.Party.Name, inv.Party.Address = strings.TrimSpace(in.Party.Name), strings.TrimSpace(in.Party.Address)
	inv.Currency, inv.SupplyType, inv.Department, inv.Memo = string(money.BDT), supply, in.Department, in.Memo
	inv.BuyerWithholdsVAT, inv.AITTerms, inv.Lines = in.BuyerWithholdsVAT, AIT{}, lines
	inv.PurchaseOrderID = in.PurchaseOrderID
	if in.AIT != nil {
		inv.AITTerms = *in.AIT
	}
	return nil
}

// readLine validates one line, naming its fields under prefix.
func readLine(c *errs.Collector, prefix string, l LineInput, st *tenantsettings.Settings) InvoiceLine {
	out := InvoiceLine{ProductID: l.ProductID, Description: strings.TrimSpace(l.Description), VATCategory: l.VATCategory,
		Unit: strings.TrimSpace(l.Unit)}
	if out.VATCategory == "" {
		out.VATCategory = st.Defaults.VATRateCategory
	}
	c.Check(l.ProductID != nil || out.Description != "", prefix+".description", "is required for a line without a product")
	c.Check(len(out.Description) <= 500, prefix+".description", "is at most 500 characters")
	c.Check(out.VATCategory != "" && len(out.VATCategory) <= 60, prefix+".vatCategory", "is required, at most 60 characters")
	c.Check(len(out.Unit) <= 30, prefix+".unit", "is at most 30 characters")
	if q, err := ParseQuantity(prefix+".quantity", l.Quantity); err != nil {
		c.Merge("", err)
	} else {
		out.Quantity = q.String()
	}
	out.UnitPrice = readMoney(c, prefix+".unitPrice", l.UnitPrice, true)
	out.Discount = readMoney(c, prefix+".discount", l.Discount, false)
	return out
}

// readMoney checks an amount of a line: BDT, not negative (sub-poisha
// amounts cannot be an Amount: parsing refused them naming the field).
func readMoney(c *errs.Collector, field string, a money.Amount, required bool) int64 {
	switch {
	case a.Currency() == "" && required:
		c.Add(field, "is required")
	case a.Currency() == "":
	case a.Currency() != money.BDT:
		c.Add(field+".currency", "must be BDT, the currency of the books")
	case a.Sign() < 0:
		c.Add(field, "must not be negative")
	}
	return a.Minor()
}

// compute asks the rules engine the rates of inv's lines, once per
// distinct category (and VDS once per treatment and rate), and fills the
// lines' amounts and the totals.
func (s *Service) compute(ctx context.Context, inv *Invoice) error {
	if s.rules == nil {
		return errs.E(errs.FailedPrecondition, "the finance service has no rules engine to compute tax with")
	}
	rates := map[rateKey]TaxRate{}
	vds := map[vdsKey]Percent{}
	amounts := make([]LineAmounts, len(inv.Lines))
	// The distinct categories are asked in one batch.
	var inputs []map[string]any
	seen := map[rateKey]bool{}
	for _, l := range inv.Lines {
		k := rateKey{supplyType: inv.SupplyType, category: l.VATCategory}
		if !seen[k] {
			seen[k] = true
			inputs = append(inputs, k.input())
		}
	}
	rules := prefetch(ctx, s.rules, RuleVAT, inv.Date, inputs)
	for i := range inv.Lines {
		l := &inv.Lines[i]
		k := rateKey{supplyType: inv.SupplyType, category: l.VATCategory}
		r, ok := rates[k]
		if !ok {
			var err error
			if r, err = vatRate(ctx, rules, inv.Date, k); err != nil {
				return err
			}
			rates[k] = r
		}
		if inv.BuyerWithholdsVAT {
			vk := vdsKey{treatment: r.Treatment, rate: r.VAT}
			p, ok := vds[vk]
			if !ok {
				var err error
				if p, err = vdsPercent(ctx, s.rules, inv.Date, vk); err != nil {
					return err
				}
				vds[vk] = p
			}
			r.VDS = p
		}
		q, err := ParseQuantity("quantity", l.Quantity)
		if err != nil {
			return err
		}
		a, err := ComputeLine(q, l.UnitPrice, l.Discount, r)
		if err != nil {
			var col errs.Collector
			col.Merge(fmt.Sprintf("lines[%d]", i), err)
			return col.Err()
		}
		amounts[i] = a
		l.Treatment, l.VATRate, l.SDRate, l.VDSRate, l.Specific = r.Treatment, r.VAT.String(), r.SD.String(), r.VDS.String(), r.Specific
		l.Gross, l.Discount, l.Net, l.SD, l.VAT, l.VDS = a.Gross, a.Discount, a.Net, a.SD, a.VAT, a.VDS
	}
	var ait int64
	if inv.AITTerms.Category != "" {
		var net int64
		for _, a := range amounts {
			net += a.Net
		}
		rate, err := aitPercent(ctx, s.rules, inv.Date, inv.AITTerms.Category, net, inv.AITTerms.ReturnProof)
		if err != nil {
			return err
		}
		if ait, err = AITOn(net, rate); err != nil {
			return errs.Field("ait", "is out of range")
		}
	}
	t, err := SumLines(amounts, ait)
	if err != nil {
		return err
	}
	inv.Totals = t
	return nil
}
