package console

import (
	"github.com/vextrus/vextrus/internal/masterdata"
)

// partyFields are the fields customers and vendors share.
func partyFields() []FieldSpec {
	return []FieldSpec{
		{Name: "code", Label: "party.code", Required: true},
		{Name: "name", Label: "party.name", Required: true},
		{Name: "nameBn", Label: "party.name_bn"},
		{Name: "type", Label: "party.type", Type: "select", Options: opts("party.type.", "company", "individual", "government")},
		{Name: "bin", Label: "party.bin"},
		{Name: "tin", Label: "party.tin"},
		{Name: "mobile", Label: "party.mobile"},
		{Name: "email", Label: "party.email", Type: "email"},
		{Name: "address.line1", Label: "address.line1"},
		{Name: "address.district", Label: "address.district"},
		{Name: "paymentTermsDays", Label: "party.terms", Type: "int"},
		{Name: "status", Label: "party.status", Type: "select", Options: opts("status.", "active", "inactive", "on_hold")},
	}
}

var partyFilters = []FieldSpec{
	{Name: "q", Label: "list.q"},
	{Name: "status", Label: "party.status", Type: "select", Options: append([]Option{{Value: "", Label: "list.any"}}, opts("status.", "active", "inactive", "on_hold")...)},
}

func partyCells(kind string) func(Record) Row {
	return func(r Record) Row {
		return Row{Link(Href(kind, r.Str("id")), r.Str("code")), Text(r.Str("name")), Text(r.Str("bin")), Status(r.Str("status"))}
	}
}

// partyColumns sort by the API's sort keys where it has one.
var partyColumns = []Column{{Label: "party.code", Sort: "code"}, {Label: "party.name", Sort: "name"}, {Label: "party.bin"}, {Label: "party.status"}}

// resources are the master data screens.
var resources = []Resource{
	{Kind: "customers", Key: "customers", ReadPerm: masterdata.PermCustomerRead, WritePerm: masterdata.PermCustomerWrite,
		Columns: partyColumns, Cells: partyCells("customers"), Fields: partyFields(), Filters: partyFilters},
	{Kind: "vendors", Key: "vendors", ReadPerm: masterdata.PermVendorRead, WritePerm: masterdata.PermVendorWrite,
		Columns: partyColumns, Cells: partyCells("vendors"), Fields: partyFields(), Filters: partyFilters},
	{Kind: "products", Key: "products", ReadPerm: masterdata.PermProductRead, WritePerm: masterdata.PermProductWrite,
		Columns: []Column{{Label: "product.sku", Sort: "sku"}, {Label: "product.name", Sort: "name"}, {Label: "product.unit"}, {Label: "party.status"}},
		Cells: func(r Record) Row {
			return Row{Link(Href("products", r.Str("id")), r.Str("sku")), Text(r.Str("name")), Text(r.Str("unit")), Status(r.Str("status"))}
		},
		Fields: []FieldSpec{
			{Name: "sku", Label: "product.sku", Required: true},
			{Name: "name", Label: "product.name", Required: true},
			{Name: "nameBn", Label: "product.name_bn"},
			{Name: "kind", Label: "product.kind", Type: "select", Options: opts("product.kind.", "goods", "service")},
			{Name: "unit", Label: "product.unit", Required: true},
			{Name: "hsCode", Label: "product.hs_code"},
			{Name: "vatCategory", Label: "product.vat", Type: "select", Options: opts("product.vat.", "standard", "reduced", "zero_rated", "exempt", "truncated")},
			{Name: "defaultPrice", Label: "product.price", Type: "money"},
			{Name: "status", Label: "party.status", Type: "select", Options: opts("status.", "active", "discontinued")},
		},
		Filters: []FieldSpec{{Name: "q", Label: "list.q"}},
	},
}
