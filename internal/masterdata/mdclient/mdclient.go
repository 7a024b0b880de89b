// Package mdclient is the typed client of master data for the services
// whose documents name its customers, vendors and products (finance,
// orders). It reads master data's REST API through the platform service
// client, in process or over HTTP, with the caller's credential: the
// caller needs master data's read permission of the kind.
package mdclient

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
)

// Party is what a document takes of a customer or vendor.
type Party struct {
	Name string
	BIN  string
	// Address is the registered address on one line.
	Address string
	// Blocked, when not empty, says why no new document may name the
	// party: archived, blacklisted or inactive.
	Blocked string
	// CreditLimit is the most the party may owe; nil when none is set.
	CreditLimit *money.Amount
	// PaymentTermsDays is the party's usual credit period.
	PaymentTermsDays int
}

// Product is what a line takes of a product.
type Product struct {
	Name string
	// Unit is the product's unit code (cft, bag, piece, ...).
	Unit string
	// VATCategory is the product's row of the vat.rate table.
	VATCategory string
	// Archived products are refused on new lines; a discontinued one is
	// still sold off or billed.
	Archived bool
}

// Client reads master data's REST API
// (GET /api/v1/masterdata/{customers,vendors}/{id} and
// POST /api/v1/masterdata/products/lookup), with the caller's credential:
// the caller needs master data's read permission of the kind.
type Client struct {
	HTTP *svcclient.Client
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
	Status      string        `json:"status"`
	Blacklisted bool          `json:"blacklisted"`
	CreditLimit *money.Amount `json:"creditLimit"`
	Terms       int           `json:"paymentTermsDays"`
	ArchivedAt  *time.Time    `json:"archivedAt"`
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
func (m Client) Customer(ctx context.Context, id uuid.UUID) (Party, error) {
	return m.party(ctx, "customers", id)
}

// Vendor asks master data for vendor id.
func (m Client) Vendor(ctx context.Context, id uuid.UUID) (Party, error) {
	return m.party(ctx, "vendors", id)
}

func (m Client) party(ctx context.Context, plural string, id uuid.UUID) (Party, error) {
	var p mdParty
	if err := m.HTTP.Do(ctx, http.MethodGet, masterdataPrefix+plural+"/"+id.String(), nil, &p); err != nil {
		return Party{}, err
	}
	return fromMDParty(p), nil
}

// Products asks master data's lookup for ids at once.
func (m Client) Products(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]Product, error) {
	body := struct {
		IDs []uuid.UUID `json:"ids"`
	}{ids}
	var ans struct {
		Items []mdProduct `json:"items"`
	}
	// The lookup changes nothing: retried as a read.
	if err := m.HTTP.Do(ctx, http.MethodPost, masterdataPrefix+"products/lookup", body, &ans, svcclient.ReadOnly()); err != nil {
		return nil, err
	}
	out := make(map[uuid.UUID]Product, len(ans.Items))
	for _, p := range ans.Items {
		out[p.ID] = fromMDProduct(p)
	}
	return out, nil
}

// fromMDParty converts master data's party: the address on one line,
// district by name, and the first reason it may not be named.
func fromMDParty(p mdParty) Party {
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
	out := Party{Name: p.Name, BIN: p.BIN, Address: strings.Join(parts, ", "), CreditLimit: p.CreditLimit,
		PaymentTermsDays: p.Terms}
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
func fromMDProduct(p mdProduct) Product {
	cat := p.VATRateKey
	if cat == "" {
		cat = p.VATCategory
	}
	return Product{Name: p.Name, Unit: p.Unit, VATCategory: cat, Archived: p.ArchivedAt != nil}
}
