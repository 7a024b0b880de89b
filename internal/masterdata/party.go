package masterdata

import (
	"strings"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// Address is a Bangladesh postal address (bd.Address).
type Address = bd.Address

// The party types of customers and vendors.
const (
	PartyIndividual = "individual"
	PartyCompany    = "company"
	PartyGovernment = "government"
)

// Party is what customers and vendors share: identity, Bangladesh tax
// identifiers, contact, address and commercial terms.
type Party struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameBn string `json:"nameBn"`
	// Type is individual, company or government.
	Type   string    `json:"type"`
	BIN    bd.BIN    `json:"bin"`
	TIN    bd.TIN    `json:"tin"`
	NID    bd.NID    `json:"nid"`
	Mobile bd.Mobile `json:"mobile"`
	Email  string    `json:"email"`
	// Address is the registered (billing) address.
	Address Address `json:"address"`
	// CreditLimit is the most that may be outstanding; null means none set.
	CreditLimit money.Amount `json:"creditLimit"`
	// PaymentTermsDays is the days allowed for payment; 0 is cash.
	PaymentTermsDays int `json:"paymentTermsDays"`
	// Status is active, inactive or on_hold.
	Status string   `json:"status"`
	Tags   []string `json:"tags"`
}

func (p *Party) normalize(c *errs.Collector) {
	checkCode(c, "code", &p.Code)
	checkNames(c, &p.Name, &p.NameBn)
	checkEnum(c, "type", &p.Type, PartyCompany, PartyIndividual, PartyCompany, PartyGovernment)
	checkEnum(c, "status", &p.Status, "active", "active", "inactive", "on_hold")
	p.Email = strings.ToLower(strings.TrimSpace(p.Email))
	c.Check(p.Email == "" || mailRE.MatchString(p.Email), "email", "must be an email address, e.g. accounts@example.com.bd")
	p.Address.Normalize(c, "address")
	c.Check(p.CreditLimit.Sign() >= 0, "creditLimit", "must not be negative")
	c.Check(p.PaymentTermsDays >= 0 && p.PaymentTermsDays <= 365, "paymentTermsDays", "must be between 0 and 365")
	checkTags(c, &p.Tags)
}

func (p *Party) project() projection {
	return projection{
		code: p.Code, name: p.Name, nameBn: p.NameBn, kind: p.Type, status: p.Status,
		bin: p.BIN.String(), tin: p.TIN.String(), tags: p.Tags,
		words: []string{p.NID.String(), p.Mobile.National(), p.Email},
	}
}

// Customer is someone the tenant sells to.
type Customer struct {
	Meta
	CustomerFields
}

// CustomerFields are the fields of a customer clients write.
type CustomerFields struct {
	Party
}

func (c *Customer) meta() *Meta                   { return &c.Meta }
func (c *Customer) writable() any                 { return &c.CustomerFields }
func (c *Customer) normalize(col *errs.Collector) { c.Party.normalize(col) }
func (c *Customer) project() projection           { return c.Party.project() }

// Division and District are Bangladesh's administrative geography
// (bd.Divisions), served by the divisions endpoint and query.
type (
	Division = bd.Division
	District = bd.District
)

// Divisions returns the eight divisions with their districts.
func Divisions() []Division { return bd.Divisions() }
