package masterdata

import (
	"strings"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// Address is a Bangladesh postal address. District and division are keys
// of Divisions(); the upazila (or thana) is free text.
type Address struct {
	Line1    string `json:"line1"`
	Line2    string `json:"line2"`
	Upazila  string `json:"upazila"`
	District string `json:"district"`
	Division string `json:"division"`
	PostCode string `json:"postCode"`
}

func (a *Address) normalize(c *errs.Collector) {
	for _, s := range []*string{&a.Line1, &a.Line2, &a.Upazila, &a.District, &a.Division, &a.PostCode} {
		*s = strings.TrimSpace(*s)
	}
	if a.District != "" {
		ds, ok := lookupDistrict(a.District)
		if !ok {
			c.Add("address.district", "must be one of the 64 districts, e.g. dhaka, chattogram, coxs-bazar (see /api/v1/masterdata/divisions)")
		} else {
			a.District = ds.Key
			if a.Division == "" {
				a.Division = ds.Division
			}
		}
	}
	if a.Division != "" {
		dv, ok := lookupDivision(a.Division)
		switch {
		case !ok:
			c.Add("address.division", "must be one of barishal, chattogram, dhaka, khulna, mymensingh, rajshahi, rangpur, sylhet")
		case a.District != "" && divisionOf(a.District) != "" && dv.Key != divisionOf(a.District):
			c.Add("address.division", "district %s is in division %s", a.District, divisionOf(a.District))
		default:
			a.Division = dv.Key
		}
	}
	pc := bd.FromBengaliDigits(a.PostCode)
	c.Check(pc == "" || len(pc) == 4 && strings.Trim(pc, "0123456789") == "", "address.postCode", "must be a 4-digit post code, e.g. 1207")
	a.PostCode = pc
}

func divisionOf(district string) string {
	ds, _ := lookupDistrict(district)
	return ds.Division
}

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
	p.Address.normalize(c)
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
