package finance

import (
	"context"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/masterdata/mdclient"
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
type CatalogParty = mdclient.Party

// CatalogProduct is what a line takes of a product.
type CatalogProduct = mdclient.Product

// MasterdataCatalog is Catalog over the master data service's REST API
// (GET /api/v1/masterdata/{customers,vendors}/{id} and
// POST /api/v1/masterdata/products/lookup).
type MasterdataCatalog = mdclient.Client
