package graph

import (
	"github.com/vextrus/vextrus/internal/masterdata"
	"github.com/vextrus/vextrus/internal/platform/money"
)

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

// The fields below are methods of the entities rather than resolvers:
// gqlgen runs every resolver field of every list element on a goroutine
// of its own, and these only format what the record holds. A page of 50
// customers with createdBy cost 50 goroutines (and their stack growth)
// for nothing. gqlgen.yml binds each GraphQL field to its method.

// BINText is the bin field.
func (c Customer) BINText() string { return c.BIN.String() }

// TINText is the tin field.
func (c Customer) TINText() string { return c.TIN.String() }

// NIDText is the nid field.
func (c Customer) NIDText() string { return c.NID.String() }

// MobileText is the mobile field.
func (c Customer) MobileText() string { return c.Mobile.String() }

// CreditLimitSet is the creditLimit field: null when none is set.
func (c Customer) CreditLimitSet() *money.Amount { return optionalMoney(c.CreditLimit) }

// CreatedByUser is the createdBy field, a User entity of the auth subgraph.
func (c Customer) CreatedByUser() *User { return createdBy(c.CreatedBy) }

// BINText is the bin field.
func (v Vendor) BINText() string { return v.BIN.String() }

// TINText is the tin field.
func (v Vendor) TINText() string { return v.TIN.String() }

// NIDText is the nid field.
func (v Vendor) NIDText() string { return v.NID.String() }

// MobileText is the mobile field.
func (v Vendor) MobileText() string { return v.Mobile.String() }

// CreditLimitSet is the creditLimit field: null when none is set.
func (v Vendor) CreditLimitSet() *money.Amount { return optionalMoney(v.CreditLimit) }

// CreatedByUser is the createdBy field, a User entity of the auth subgraph.
func (v Vendor) CreatedByUser() *User { return createdBy(v.CreatedBy) }

// HSCodeText is the hsCode field.
func (p Product) HSCodeText() string { return p.HSCode.String() }

// DefaultPriceSet is the defaultPrice field: null when none is set.
func (p Product) DefaultPriceSet() *money.Amount { return optionalMoney(p.DefaultPrice) }

// CreatedByUser is the createdBy field, a User entity of the auth subgraph.
func (p Product) CreatedByUser() *User { return createdBy(p.CreatedBy) }
