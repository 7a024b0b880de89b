package masterdata

// The four record kinds. Filters name list query parameters beyond the
// common ones and the SQL they compare (as text) with.

func customerKind() *kind[*Customer] {
	return &kind[*Customer]{
		name: "customer", plural: "customers", codeField: "code",
		read: PermCustomerRead, write: PermCustomerWrite,
		newRecord: func() *Customer { return &Customer{} },
		filters:   partyFilters(),
		csv:       partyColumns(),
	}
}

func vendorKind() *kind[*Vendor] {
	f := partyFilters()
	f["blacklisted"] = "(data->>'blacklisted')"
	f["aitCategory"] = "(data->>'aitCategory')"
	return &kind[*Vendor]{
		name: "vendor", plural: "vendors", codeField: "code",
		read: PermVendorRead, write: PermVendorWrite,
		newRecord: func() *Vendor { return &Vendor{} },
		filters:   f,
		csv: append(partyColumns(),
			col("tradeLicence", csvText), col("aitCategory", csvText), col("retentionBps", csvInt),
			col("mobileBanking", csvWallets), col("bankAccounts", csvJSON),
			col("blacklisted", csvBool), col("blacklistReason", csvText), col("blacklistedOn", csvText)),
	}
}

func productKind(s *Service) *kind[*Product] {
	return &kind[*Product]{
		name: "product", plural: "products", codeField: "sku",
		read: PermProductRead, write: PermProductWrite,
		newRecord: func() *Product { return &Product{} },
		filters: map[string]string{
			"category": "(data->>'category')", "unit": "(data->>'unit')",
			"vatCategory": "(data->>'vatCategory')", "hsCode": "(data->>'hsCode')",
		},
		check: checkUnits(s),
		csv: []csvColumn{
			col("sku", csvText), col("name", csvText), col("nameBn", csvText), col("kind", csvText),
			col("category", csvText), col("unit", csvText), col("hsCode", csvText),
			col("vatCategory", csvText), col("vatRateKey", csvText), col("sdRateBps", csvInt),
			col("defaultPrice", csvMoney), col("status", csvText), col("tags", csvList),
		},
	}
}

func unitKind() *kind[*Unit] {
	return &kind[*Unit]{
		name: "unit", plural: "units", codeField: "code",
		read: PermUnitRead, write: PermUnitWrite,
		newRecord: func() *Unit { return &Unit{} },
		filters:   map[string]string{},
		csv: []csvColumn{
			col("code", csvText), col("name", csvText), col("nameBn", csvText), col("dimension", csvText),
			col("decimals", csvInt), col("status", csvText), col("tags", csvList),
		},
	}
}

func partyFilters() map[string]string {
	return map[string]string{
		"division": "(data#>>'{address,division}')", "district": "(data#>>'{address,district}')",
		"bin": "bin", "tin": "tin",
	}
}

func partyColumns() []csvColumn {
	return []csvColumn{
		col("code", csvText), col("name", csvText), col("nameBn", csvText), col("type", csvText),
		col("bin", csvText), col("tin", csvText), col("nid", csvText), col("mobile", csvText), col("email", csvText),
		col("address.line1", csvText), col("address.line2", csvText), col("address.upazila", csvText),
		col("address.district", csvText), col("address.division", csvText), col("address.postCode", csvText),
		col("creditLimit", csvMoney), col("paymentTermsDays", csvInt), col("status", csvText), col("tags", csvList),
	}
}
