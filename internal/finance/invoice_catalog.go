package finance

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// fillFromCatalog completes in from master data (withCatalog) and fills
// inv from it, reporting the field errors of both at once. checkParty
// is false for notes, which keep the party of the document they correct.
func (s *Service) fillFromCatalog(ctx context.Context, inv *Invoice, in InvoiceInput, st *tenantsettings.Settings, checkParty bool) error {
	in, cerr := s.withCatalog(ctx, inv.Side, in, checkParty)
	if cerr != nil && !errs.Is(cerr, errs.InvalidArgument) {
		return cerr
	}
	ferr := s.fill(inv, in, st)
	if cerr == nil {
		return ferr
	}
	c := &errs.Collector{}
	c.Merge("", cerr)
	c.Merge("", ferr)
	return c.Err()
}

// withCatalog checks in's party and products against the catalog and
// fills what the request left empty: the party's name, BIN and address,
// and a product line's description, unit and VAT category. What the
// request gives is kept as typed (a branch's address, a trading name).
// Without a catalog in is returned as it is. Returns INVALID_ARGUMENT
// naming party.id and lines[i].productId, or the catalog's error when it
// cannot answer.
func (s *Service) withCatalog(ctx context.Context, side Kind, in InvoiceInput, checkParty bool) (InvoiceInput, error) {
	if s.catalog == nil {
		return in, nil
	}
	c := &errs.Collector{}
	if checkParty && in.Party.ID != uuid.Nil {
		if err := s.partyFromCatalog(ctx, c, side, &in.Party); err != nil {
			return in, err
		}
	}
	var ids []uuid.UUID
	for _, l := range in.Lines {
		if l.ProductID != nil && !slices.Contains(ids, *l.ProductID) {
			ids = append(ids, *l.ProductID)
		}
	}
	if len(ids) > 0 && len(in.Lines) <= maxInvoiceLines {
		found, err := s.catalog.Products(ctx, ids)
		if err != nil {
			return in, fmt.Errorf("master data products: %w", err)
		}
		// The caller's slice is left as it came.
		in.Lines = slices.Clone(in.Lines)
		for i := range in.Lines {
			productLine(c, fmt.Sprintf("lines[%d].productId", i), &in.Lines[i], found)
		}
	}
	return in, c.Err()
}

// partyFromCatalog checks that p is a customer (sales) or vendor
// (purchase) the tenant may name, and fills p's empty name, BIN and
// address from it.
func (s *Service) partyFromCatalog(ctx context.Context, c *errs.Collector, side Kind, p *Party) error {
	role, lookup := "customer", s.catalog.Customer
	if side == KindPurchase {
		role, lookup = "vendor", s.catalog.Vendor
	}
	mp, err := lookup(ctx, p.ID)
	switch {
	case errs.Is(err, errs.NotFound):
		c.Add("party.id", "is not a %s of the tenant in master data", role)
		return nil
	case err != nil:
		return fmt.Errorf("master data %s: %w", role, err)
	case mp.Blocked != "":
		c.Add("party.id", "names a %s that is %s in master data; no new document may name it", role, mp.Blocked)
		return nil
	}
	if strings.TrimSpace(p.Name) == "" {
		p.Name = mp.Name
	}
	if strings.TrimSpace(p.BIN) == "" {
		p.BIN = mp.BIN
	}
	if strings.TrimSpace(p.Address) == "" {
		p.Address = mp.Address
	}
	return nil
}

// productLine checks l's product is in found and fills l's empty
// description, unit and VAT category from it, naming field when not.
func productLine(c *errs.Collector, field string, l *LineInput, found map[uuid.UUID]CatalogProduct) {
	if l.ProductID == nil {
		return
	}
	p, ok := found[*l.ProductID]
	switch {
	case !ok:
		c.Add(field, "is not a product of the tenant in master data")
		return
	case p.Archived:
		c.Add(field, "is an archived product in master data")
		return
	}
	if strings.TrimSpace(l.Description) == "" {
		l.Description = p.Name
	}
	if strings.TrimSpace(l.Unit) == "" {
		l.Unit = p.Unit
	}
	if strings.TrimSpace(l.VATCategory) == "" {
		l.VATCategory = p.VATCategory
	}
}
