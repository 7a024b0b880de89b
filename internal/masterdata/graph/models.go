package graph

import "github.com/vextrus/vextrus/internal/masterdata"

// The entity types wrap the service's records, so the subgraph reads
// their fields directly and the federation marker stays out of the core.
type (
	// Customer is the Customer entity.
	Customer struct{ *masterdata.Customer }
	// Vendor is the Vendor entity.
	Vendor struct{ *masterdata.Vendor }
	// Product is the Product entity.
	Product struct{ *masterdata.Product }
)

// IsEntity marks an entity of the federated graph.
func (Customer) IsEntity() {}

// IsEntity marks an entity of the federated graph.
func (Vendor) IsEntity() {}

// IsEntity marks an entity of the federated graph.
func (Product) IsEntity() {}
