package finance_test

import (
	"context"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// catalog stands in for master data: a few customers, vendors and
// products, and how many product lookups were asked.
type catalog struct {
	mu        sync.Mutex
	customers map[uuid.UUID]finance.CatalogParty
	vendors   map[uuid.UUID]finance.CatalogParty
	products  map[uuid.UUID]finance.CatalogProduct
	lookups   [][]uuid.UUID
}

func (c *catalog) Customer(_ context.Context, id uuid.UUID) (finance.CatalogParty, error) {
	return partyIn(c.customers, id, "customer")
}

func (c *catalog) Vendor(_ context.Context, id uuid.UUID) (finance.CatalogParty, error) {
	return partyIn(c.vendors, id, "vendor")
}

func partyIn(m map[uuid.UUID]finance.CatalogParty, id uuid.UUID, kind string) (finance.CatalogParty, error) {
	p, ok := m[id]
	if !ok {
		return finance.CatalogParty{}, errs.E(errs.NotFound, "%s %s not found", kind, id)
	}
	return p, nil
}

func (c *catalog) Products(_ context.Context, ids []uuid.UUID) (map[uuid.UUID]finance.CatalogProduct, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lookups = append(c.lookups, ids)
	out := map[uuid.UUID]finance.CatalogProduct{}
	for _, id := range ids {
		if p, ok := c.products[id]; ok {
			out[id] = p
		}
	}
	return out, nil
}

var (
	catalogVendor      = uuid.MustParse("0190a0b0-2222-7000-8000-000000000002")
	blacklistedVendor  = uuid.MustParse("0190a0b0-2222-7000-8000-000000000003")
	siteWorks          = uuid.MustParse("0190a0b0-3333-7000-8000-000000000001")
	riceBag            = uuid.MustParse("0190a0b0-3333-7000-8000-000000000002")
	unknownCatalogItem = uuid.MustParse("0190a0b0-3333-7000-8000-0000000000ff")
)

// newCatalogFixture is the invoice fixture with master data holding
// customer (registered at its head office), two vendors (one
// blacklisted) and two products.
func newCatalogFixture(tb testing.TB) (*invoiceFixture, *catalog) {
	tb.Helper()
	cat := &catalog{
		customers: map[uuid.UUID]finance.CatalogParty{customer.ID: {Name: "Rahman Traders Limited", BIN: "0012345670101",
			Address: "House 4, Road 2, Dhanmondi, Dhaka 1205"}},
		vendors: map[uuid.UUID]finance.CatalogParty{catalogVendor: {Name: "Padma Steel Ltd", BIN: "0034567890303"},
			blacklistedVendor: {Name: "Jamuna Supplies", Blocked: "blacklisted"}},
		products: map[uuid.UUID]finance.CatalogProduct{
			siteWorks: {Name: "Site supervision", Unit: "day", VATCategory: "construction_firm"},
			riceBag:   {Name: "Miniket rice, 50 kg", Unit: "bag", VATCategory: "rice"}},
	}
	f := &invoiceFixture{rates: &rateTable{calls: map[string]int{}}, approvals: &approvals{autoBelow: 100_000_00}}
	f.fixture = newFixture(tb, func(d *finance.Deps) {
		d.Rules, d.Approvals, d.Catalog = f.rates, f.approvals, cat
	})
	return f, cat
}

// wantNothingStored fails the test when the tenant of ctx has a document.
func (f *invoiceFixture) wantNothingStored(tb testing.TB, ctx context.Context) {
	tb.Helper()
	list, _, err := f.svc.Invoices(ctx, finance.InvoiceFilter{})
	if err != nil || len(list) != 0 {
		tb.Fatalf("refused documents were stored: %d, %v", len(list), err)
	}
}

func TestPartyMustBeInMasterDataOnTheDocumentsSide(t *testing.T) {
	f, _ := newCatalogFixture(t)
	_, ctx := newTenantCtx(t)

	t.Run("refuses an unknown party", func(t *testing.T) {
		in := smallSale("2026-12-04", 10000)
		in.Party = finance.Party{ID: uuid.MustParse("0190a0b0-9999-7000-8000-000000000009"), Name: "Nobody Ltd"}
		_, err := f.svc.CreateInvoice(ctx, in)
		wantField(t, err, errs.InvalidArgument, "party.id")
		f.wantNothingStored(t, ctx)
	})
	t.Run("refuses a vendor on a sales invoice", func(t *testing.T) {
		in := smallSale("2026-12-04", 10000)
		in.Party = finance.Party{ID: catalogVendor}
		_, err := f.svc.CreateInvoice(ctx, in)
		wantField(t, err, errs.InvalidArgument, "party.id")
		f.wantNothingStored(t, ctx)
	})
	t.Run("refuses a blacklisted vendor on a bill", func(t *testing.T) {
		in := smallSale("2026-12-04", 10000)
		in.Kind, in.Party = finance.KindPurchase, finance.Party{ID: blacklistedVendor}
		_, err := f.svc.CreateInvoice(ctx, in)
		wantField(t, err, errs.InvalidArgument, "party.id")
		f.wantNothingStored(t, ctx)
	})
	t.Run("reports the party with the other fields at fault", func(t *testing.T) {
		in := smallSale("2026-12-04", -100)
		in.Party = finance.Party{ID: catalogVendor}
		_, err := f.svc.CreateInvoice(ctx, in)
		wantField(t, err, errs.InvalidArgument, "party.id")
		wantField(t, err, errs.InvalidArgument, "lines[0].unitPrice")
	})
	t.Run("takes what the request leaves empty from master data", func(t *testing.T) {
		in := smallSale("2026-12-04", 10000)
		in.Party = finance.Party{ID: customer.ID, Address: "Chattogram branch, Agrabad C/A"}
		inv := f.mustCreate(t, ctx, in)
		want := finance.Party{ID: customer.ID, Name: "Rahman Traders Limited", BIN: "0012345670101", Address: "Chattogram branch, Agrabad C/A"}
		if inv.Party != want {
			t.Fatalf("party %+v, want %+v", inv.Party, want)
		}
		bill := smallSale("2026-12-04", 10000)
		bill.Kind, bill.Party = finance.KindPurchase, finance.Party{ID: catalogVendor}
		if got := f.mustCreate(t, ctx, bill).Party; got.Name != "Padma Steel Ltd" || got.BIN != "0034567890303" {
			t.Fatalf("bill's party %+v, want the vendor of master data", got)
		}
	})
	t.Run("checks an edit of a draft too", func(t *testing.T) {
		_, ctx := newTenantCtx(t)
		draft := f.mustCreate(t, ctx, smallSale("2026-12-04", 10000))
		in := smallSale("2026-12-04", 10000)
		in.Party = finance.Party{ID: catalogVendor}
		_, err := f.svc.UpdateInvoice(ctx, draft.ID, draft.Version, in)
		wantField(t, err, errs.InvalidArgument, "party.id")
		if got, err := f.svc.Invoice(ctx, draft.ID); err != nil || got.Party != customer || got.Version != draft.Version {
			t.Fatalf("the refused edit changed the draft: %+v, %v", got.Party, err)
		}
	})
}

func TestProductLinesTakeTheProductsNameUnitAndCategory(t *testing.T) {
	f, cat := newCatalogFixture(t)
	_, ctx := newTenantCtx(t)
	in := finance.InvoiceInput{Kind: finance.KindSales, Party: finance.Party{ID: customer.ID}, Date: day("2026-12-04"),
		Lines: []finance.LineInput{
			{ProductID: &siteWorks, Quantity: "2", UnitPrice: bdt(1000000)},
			{ProductID: &riceBag, Quantity: "3", UnitPrice: bdt(300000)},
			{ProductID: &siteWorks, Description: "Night supervision", VATCategory: "standard", Unit: "night", Quantity: "1", UnitPrice: bdt(500000)},
		}}
	inv := f.mustCreate(t, ctx, in)
	want := []struct{ desc, unit, cat, treatment string }{
		{"Site supervision", "day", "construction_firm", "reduced"},
		{"Miniket rice, 50 kg", "bag", "rice", "exempt"},
		{"Night supervision", "night", "standard", "standard"},
	}
	for i, w := range want {
		l := inv.Lines[i]
		if l.Description != w.desc || l.Unit != w.unit || l.VATCategory != w.cat || l.Treatment != w.treatment {
			t.Errorf("line %d = %q %q %q %q, want %+v", i, l.Description, l.Unit, l.VATCategory, l.Treatment, w)
		}
	}
	if len(cat.lookups) != 1 || len(cat.lookups[0]) != 2 {
		t.Fatalf("product lookups %v, want one asking the two distinct products", cat.lookups)
	}
	if in.Lines[0].Description != "" {
		t.Fatalf("the caller's lines were changed: %+v", in.Lines[0])
	}

	t.Run("refuses an unknown product naming the line", func(t *testing.T) {
		_, ctx := newTenantCtx(t)
		in := smallSale("2026-12-04", 10000)
		in.Lines[0].ProductID = &unknownCatalogItem
		_, err := f.svc.CreateInvoice(ctx, in)
		wantField(t, err, errs.InvalidArgument, "lines[0].productId")
		f.wantNothingStored(t, ctx)
	})
}
