package masterdata

import (
	"strings"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Unit is a unit of measure a tenant defined beside the built-in ones.
type Unit struct {
	Meta
	UnitFields
}

// UnitFields are the fields of a unit clients write.
type UnitFields struct {
	// Code is what products refer to, lowercase: "bundle", "cum".
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameBn string `json:"nameBn"`
	// Dimension is count, length, area, volume, mass or time.
	Dimension string `json:"dimension"`
	// Decimals is how many decimals a quantity in this unit may have.
	Decimals int `json:"decimals"`
	// Status is active or inactive.
	Status string   `json:"status"`
	Tags   []string `json:"tags"`
}

var dimensions = []string{"count", "length", "area", "volume", "mass", "time"}

// BuiltinUnits are the units every tenant has, the ones construction and
// trading in Bangladesh quote in. They are not records: they cannot be
// changed or archived, and a tenant unit cannot take their codes.
var BuiltinUnits = []UnitFields{
	{Code: "cft", Name: "Cubic foot", NameBn: "ঘনফুট", Dimension: "volume", Decimals: 2},
	{Code: "sft", Name: "Square foot", NameBn: "বর্গফুট", Dimension: "area", Decimals: 2},
	{Code: "rft", Name: "Running foot", NameBn: "রানিং ফুট", Dimension: "length", Decimals: 2},
	{Code: "bag", Name: "Bag", NameBn: "ব্যাগ", Dimension: "count"},
	{Code: "truck", Name: "Truck load", NameBn: "ট্রাক", Dimension: "count"},
	{Code: "ton", Name: "Metric ton", NameBn: "টন", Dimension: "mass", Decimals: 3},
	{Code: "piece", Name: "Piece", NameBn: "পিস", Dimension: "count"},
	{Code: "kg", Name: "Kilogram", NameBn: "কেজি", Dimension: "mass", Decimals: 3},
	{Code: "litre", Name: "Litre", NameBn: "লিটার", Dimension: "volume", Decimals: 3},
}

func builtinUnit(code string) (UnitFields, bool) {
	for _, u := range BuiltinUnits {
		if u.Code == code {
			return u, true
		}
	}
	return UnitFields{}, false
}

func (u *Unit) meta() *Meta   { return &u.Meta }
func (u *Unit) writable() any { return &u.UnitFields }

func (u *Unit) normalize(c *errs.Collector) {
	f := &u.UnitFields
	f.Code = strings.ToLower(f.Code)
	checkCode(c, "code", &f.Code)
	if _, ok := builtinUnit(f.Code); ok {
		c.Add("code", "%s is a built-in unit", f.Code)
	}
	checkNames(c, &f.Name, &f.NameBn)
	checkEnum(c, "dimension", &f.Dimension, "count", dimensions...)
	c.Check(f.Decimals >= 0 && f.Decimals <= 6, "decimals", "must be between 0 and 6")
	checkEnum(c, "status", &f.Status, "active", "active", "inactive")
	checkTags(c, &f.Tags)
}

func (u *Unit) project() projection {
	f := &u.UnitFields
	return projection{code: f.Code, name: f.Name, nameBn: f.NameBn, kind: f.Dimension, status: f.Status, tags: f.Tags}
}
