package bd

import (
	"strings"

	"github.com/vextrus/vextrus/internal/platform/errs"
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

// Normalize trims every part, turns district and division names, Bangla
// names and old spellings into keys, fills the division from the district
// and checks the post code, adding each problem to c under field (such as
// "address" or "company.billingAddress").
func (a *Address) Normalize(c *errs.Collector, field string) {
	for _, s := range []*string{&a.Line1, &a.Line2, &a.Upazila, &a.District, &a.Division, &a.PostCode} {
		*s = strings.TrimSpace(*s)
	}
	if a.District != "" {
		ds, ok := LookupDistrict(a.District)
		if !ok {
			c.Add(field+".district", "must be one of the 64 districts, e.g. dhaka, chattogram, coxs-bazar (see /api/v1/masterdata/divisions)")
		} else {
			a.District = ds.Key
			if a.Division == "" {
				a.Division = ds.Division
			}
		}
	}
	if a.Division != "" {
		dv, ok := LookupDivision(a.Division)
		switch {
		case !ok:
			c.Add(field+".division", "must be one of barishal, chattogram, dhaka, khulna, mymensingh, rajshahi, rangpur, sylhet")
		case a.District != "" && divisionOf(a.District) != "" && dv.Key != divisionOf(a.District):
			c.Add(field+".division", "district %s is in division %s", a.District, divisionOf(a.District))
		default:
			a.Division = dv.Key
		}
	}
	pc := FromBengaliDigits(a.PostCode)
	c.Check(pc == "" || len(pc) == 4 && strings.Trim(pc, "0123456789") == "", field+".postCode", "must be a 4-digit post code, e.g. 1207")
	a.PostCode = pc
}

func divisionOf(district string) string {
	ds, _ := LookupDistrict(district)
	return ds.Division
}
