package finance

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// Catalog is the master data a document's party and product lines are
// checked against and completed from. Every method answers for the
// tenant of ctx with the caller's credential.
type Catalog interface {
	// Customer returns customer id. Returns NOT_FOUND when the tenant has
	// no such customer (a vendor's id included).
	Customer(ctx context.Context, id uuid.UUID) (CatalogParty, error)
	// Vendor returns vendor id. Returns NOT_FOUND when the tenant has no
	// such vendor (a customer's id included).
	Vendor(ctx context.Context, id uuid.UUID) (CatalogParty, error)
	// Products returns the products of ids the tenant has, in one call;
	// an unknown id is absent from the map.
	Products(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]CatalogProduct, error)
}

// CatalogParty is what a document takes of a customer or vendor.
type CatalogParty struct {
	Name string
	BIN  string
	// Address is the registered address on one line.
	Address string
	// Blocked, when not empty, says why no new document may name the
	// party: archived, blacklisted or inactive.
	Blocked string
}

// CatalogProduct is what a line takes of a product.
type CatalogProduct struct {
	Name string
	// Unit is the product's unit code (cft, bag, piece, ...).
	Unit string
	// VATCategory is the product's row of the vat.rate table.
	VATCategory string
	// Archived products are refused on new lines; a discontinued one is
	// still sold off or billed.
	Archived bool
}

// MasterdataCatalog is Catalog over the master data service's REST API
// (GET /api/v1/masterdata/{customers,vendors}/{id} and
// POST /api/v1/masterdata/products/lookup), with the caller's credential:
// the caller needs master data's read permission of the kind.
type MasterdataCatalog struct {
	Client *svcclient.Client
}

const masterdataPrefix = "/api/v1/masterdata/"

// mdParty is a customer or vendor as master data answers it.
type mdParty struct {
	Name    string `json:"name"`
	BIN     string `json:"bin"`
	Address struct {
		Line1    string `json:"line1"`
		Line2    string `json:"line2"`
		Upazila  string `json:"upazila"`
		District string `json:"district"`
		PostCode string `json:"postCode"`
	} `json:"address"`
	Status      string     `json:"status"`
	Blacklisted bool       `json:"blacklisted"`
	ArchivedAt  *time.Time `json:"archivedAt"`
}

// mdProduct is a product as master data answers it.
type mdProduct struct {
	ID          uuid.UUID  `json:"id"`
	Name        string     `json:"name"`
	Unit        string     `json:"unit"`
	VATCategory string     `json:"vatCategory"`
	VATRateKey  string     `json:"vatRateKey"`
	ArchivedAt  *time.Time `json:"archivedAt"`
}

// Customer asks master data for customer id.
func (m MasterdataCatalog) Customer(ctx context.Context, id uuid.UUID) (CatalogParty, error) {
	return m.party(ctx, "customers", id)
}

// Vendor asks master data for vendor id.
func (m MasterdataCatalog) Vendor(ctx context.Context, id uuid.UUID) (CatalogParty, error) {
	return m.party(ctx, "vendors", id)
}

func (m MasterdataCatalog) party(ctx context.Context, plural string, id uuid.UUID) (CatalogParty, error) {
	var p mdParty
	if err := m.Client.Do(ctx, http.MethodGet, masterdataPrefix+plural+"/"+id.String(), nil, &p); err != nil {
		return CatalogParty{}, err
	}
	return fromMDParty(p), nil
}

// Products asks master data's lookup for ids at once.
func (m MasterdataCatalog) Products(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]CatalogProduct, error) {
	body := struct {
		IDs []uuid.UUID `json:"ids"`
	}{ids}
	var ans struct {
		Items []mdProduct `json:"items"`
	}
	// The lookup changes nothing: retried as a read.
	if err := m.Client.Do(ctx, http.MethodPost, masterdataPrefix+"products/lookup", body, &ans, svcclient.ReadOnly()); err != nil {
		return nil, err
	}
	out := make(map[uuid.UUID]CatalogProduct, len(ans.Items))
	for _, p := range ans.Items {
		out[p.ID] = fromMDProduct(p)
	}
	return out, nil
}

// fromMDParty converts master data's party: the address on one line,
// district by name, and the first reason it may not be named.
func fromMDParty(p mdParty) CatalogParty {
	a := p.Address
	district := a.District
	if d, ok := bd.LookupDistrict(district); ok {
		district = d.Name
	}
	var parts []string
	for _, s := range []string{a.Line1, a.Line2, a.Upazila, strings.TrimSpace(district + " " + a.PostCode)} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	out := CatalogParty{Name: p.Name, BIN: p.BIN, Address: strings.Join(parts, ", ")}
	switch {
	case p.ArchivedAt != nil:
		out.Blocked = "archived"
	case p.Blacklisted:
		out.Blocked = "blacklisted"
	case p.Status == "inactive":
		out.Blocked = "inactive"
	}
	return out
}

// fromMDProduct converts master data's product: its vat.rate row is the
// rate key, or the VAT category when it has none.
func fromMDProduct(p mdProduct) CatalogProduct {
	cat := p.VATRateKey
	if cat == "" {
		cat = p.VATCategory
	}
	return CatalogProduct{Name: p.Name, Unit: p.Unit, VATCategory: cat, Archived: p.ArchivedAt != nil}
}
