package rules

// vatDefaults is VAT by supply type and category under the VAT and
// Supplementary Duty Act 2012. The categories are examples a tenant maps
// its products to and edits; supplementary duty is its own output because
// it is charged on a different base and reported separately (Mushak 9.1).
func vatDefaults() seedSet {
	return seedSet{
		set: NewRuleSet{Key: "vat.rate", Name: "VAT and supplementary duty rate",
			Description: "VAT rate (percent), treatment and supplementary duty rate (percent) of a supply.",
			Input: []Field{
				{Name: "supplyType", Type: String, Required: true, Description: "local, export or import"},
				{Name: "category", Type: String, Required: true, Description: "VAT category of the goods or service"},
			},
			Output: []Field{
				{Name: "rate", Type: DecimalT, Description: "VAT rate in percent"},
				{Name: "treatment", Type: String, Description: "standard, reduced, zero_rated or exempt"},
				{Name: "sdRate", Type: DecimalT, Description: "supplementary duty rate in percent"},
			}},
		spec: VersionSpec{HitPolicy: First, EffectiveFrom: day("2019-07-01"),
			Reference: "Value Added Tax and Supplementary Duty Act 2012 as amended by later Finance Acts: s.15 standard rate 15%; " +
				"s.21 zero-rated supplies (exports); s.26 and First Schedule exempt supplies; Third Schedule reduced rates; " +
				"s.55 and Second Schedule supplementary duty. Categories are examples: map products to them and edit the rates " +
				"when a Finance Act changes them.",
			Rows: []Row{
				r("Exports are zero-rated (s.21)", `supplyType == "export"`,
					"rate", `0`, "treatment", `"zero_rated"`, "sdRate", `0`),
				r("Essentials are exempt (s.26, First Schedule)",
					`category in ["essential", "rice", "lentils", "flour", "fresh_vegetables", "fresh_fish", "eggs", "salt", "life_saving_medicine", "education", "health_service"]`,
					"rate", `0`, "treatment", `"exempt"`, "sdRate", `0`),
				r("Reduced rate 5% (Third Schedule, example)", `category == "reduced_5"`,
					"rate", `5`, "treatment", `"reduced"`, "sdRate", `0`),
				r("Reduced rate 7.5%: construction firms, procurement suppliers (Third Schedule, example)",
					`category in ["reduced_7_5", "construction_firm", "procurement_supplier"]`,
					"rate", `decimal("7.5")`, "treatment", `"reduced"`, "sdRate", `0`),
				r("Reduced rate 10% (Third Schedule, example)", `category == "reduced_10"`,
					"rate", `10`, "treatment", `"reduced"`, "sdRate", `0`),
				r("Supplementary duty on soft drinks (Second Schedule, example)", `category == "soft_drink"`,
					"rate", `15`, "treatment", `"standard"`, "sdRate", `25`),
				r("Standard rate 15% (s.15)", `true`,
					"rate", `15`, "treatment", `"standard"`, "sdRate", `0`),
			},
			Tests: []TestCase{
				tc("exports are zero-rated", `{"supplyType":"export","category":"garments"}`, `{"rate":"0","treatment":"zero_rated"}`),
				tc("rice is exempt", `{"supplyType":"local","category":"rice"}`, `{"rate":"0","treatment":"exempt"}`),
				tc("construction firm at 7.5%", `{"supplyType":"local","category":"construction_firm"}`, `{"rate":"7.5","treatment":"reduced"}`),
				tc("soft drinks carry SD", `{"supplyType":"local","category":"soft_drink"}`, `{"rate":"15","sdRate":"25"}`),
				tc("anything else is standard", `{"supplyType":"local","category":"furniture"}`, `{"rate":"15","treatment":"standard","sdRate":"0"}`),
			},
		},
	}
}

// aitDefaults is tax deducted at source (AIT/TDS) from payments by
// category. Rates are this table's data, not code, and a tenant edits them
// when the Finance Act or the source tax rules change.
func aitDefaults() seedSet {
	return seedSet{
		set: NewRuleSet{Key: "ait.rate", Name: "AIT/TDS on payments",
			Description: "Income tax to deduct at source from a payment, by payment category.",
			Input: []Field{
				{Name: "category", Type: String, Required: true, Description: "contractor, supplier, professional or transport"},
				{Name: "amount", Type: DecimalT, Required: true, Description: "payment amount in BDT"},
				{Name: "hasCertificate", Type: Bool, Description: "the payee holds a reduced or nil rate certificate from its tax office"},
				{Name: "certificateRate", Type: DecimalT, Description: "the rate on that certificate, in percent"},
				{Name: "hasReturnProof", Type: Bool, Description: "the payee showed proof of return submission (PSR); without it the rate is 50% higher"},
			},
			Output: []Field{
				{Name: "rate", Type: DecimalT, Description: "deduction rate in percent"},
				{Name: "withholding", Type: DecimalT, Description: "amount to deduct in BDT, rounded to poisha"},
				{Name: "section", Type: String, Description: "the provision that applies"},
			}},
		spec: VersionSpec{HitPolicy: First, EffectiveFrom: day("2024-07-01"),
			Reference: "Income Tax Act 2023 (Act No. 12 of 2023) ss.89-90 and the Income Tax (Deduction at Source) Rules 2024 " +
				"as amended by the Finance Act 2024: contract 7%, supply of goods 5%, professional and technical services 10%, " +
				"transport 5%; 50% higher without proof of return submission; a tax office certificate sets its own rate. " +
				"Rates and thresholds are editable data: verify them against the current Finance Act.",
			Rows: []Row{
				r("Certificate of reduced or nil deduction", `hasCertificate`,
					"rate", `certificateRate`, "withholding", `round(amount * certificateRate / 100, 2)`, "section", `"certificate"`),
				r("Contractors and sub-contractors (s.89)", `category == "contractor"`,
					"rate", `hasReturnProof ? decimal("7") : decimal("10.5")`,
					"withholding", `round(amount * (hasReturnProof ? decimal("7") : decimal("10.5")) / 100, 2)`, "section", `"s.89"`),
				r("Suppliers of goods (s.89)", `category == "supplier"`,
					"rate", `hasReturnProof ? decimal("5") : decimal("7.5")`,
					"withholding", `round(amount * (hasReturnProof ? decimal("5") : decimal("7.5")) / 100, 2)`, "section", `"s.89"`),
				r("Professional and technical services (s.90)", `category == "professional"`,
					"rate", `hasReturnProof ? decimal("10") : decimal("15")`,
					"withholding", `round(amount * (hasReturnProof ? decimal("10") : decimal("15")) / 100, 2)`, "section", `"s.90"`),
				r("Transport and carriage (s.89)", `category == "transport"`,
					"rate", `hasReturnProof ? decimal("5") : decimal("7.5")`,
					"withholding", `round(amount * (hasReturnProof ? decimal("5") : decimal("7.5")) / 100, 2)`, "section", `"s.89"`),
			},
			Tests: []TestCase{
				tc("contractor with PSR", `{"category":"contractor","amount":"100000","hasReturnProof":true}`,
					`{"rate":"7","withholding":"7000","section":"s.89"}`),
				tc("professional without PSR pays 50% more", `{"category":"professional","amount":"50000"}`,
					`{"rate":"15","withholding":"7500"}`),
				tc("certificate rate applies", `{"category":"supplier","amount":"200000","hasCertificate":true,"certificateRate":"2.5"}`,
					`{"rate":"2.5","withholding":"5000","section":"certificate"}`),
				tc("transport rounds to poisha", `{"category":"transport","amount":"1234.57","hasReturnProof":true}`,
					`{"rate":"5","withholding":"61.73"}`),
			},
		},
	}
}

// vdsDefaults is VAT deducted at source: the share of a supply's VAT a
// buyer that is a withholding entity (a government office, bank,
// insurer, large company, NGO or educational institution the law names)
// keeps back and deposits itself, giving the supplier a Mushak 6.6
// certificate. The shares are this table's data, editable when the law
// or an NBR order changes them.
func vdsDefaults() seedSet {
	return seedSet{
		set: NewRuleSet{Key: "vds.rate", Name: "VAT deducted at source",
			Description: "Percent of a supply's VAT a withholding buyer deducts at source.",
			Input: []Field{
				{Name: "treatment", Type: String, Required: true, Description: "the supply's VAT treatment: standard, reduced, zero_rated, exempt or specific"},
				{Name: "vatRate", Type: DecimalT, Required: true, Description: "the supply's VAT rate in percent"},
				{Name: "withholdingEntity", Type: Bool, Description: "the buyer is a VAT withholding entity"},
			},
			Output: []Field{
				{Name: "deductPercent", Type: DecimalT, Description: "percent of the VAT the buyer deducts"},
			}},
		spec: VersionSpec{HitPolicy: First, EffectiveFrom: day("2019-07-01"),
			Reference: "Value Added Tax and Supplementary Duty Act 2012 s.49 (deduction of VAT at source by withholding entities) " +
				"and Value Added Tax and Supplementary Duty Rules 2016 rule 40: a withholding entity buying a taxable supply deducts " +
				"the VAT at source and deposits it; exempt and zero-rated supplies carry no VAT to deduct. Edit when the law or an " +
				"NBR order exempts a supply from deduction or sets another share.",
			Rows: []Row{
				r("The buyer is not a withholding entity", `!withholdingEntity`, "deductPercent", `0`),
				r("Exempt and zero-rated supplies carry no VAT to deduct", `treatment in ["exempt", "zero_rated"]`,
					"deductPercent", `0`),
				r("Standard and reduced rates: the whole VAT is deducted (s.49, rule 40)", `treatment in ["standard", "reduced"]`,
					"deductPercent", `100`),
				r("Other treatments (specific VAT per unit): no deduction unless a row says so", `true`, "deductPercent", `0`),
			},
			Tests: []TestCase{
				tc("a withholding buyer deducts all of the standard VAT", `{"treatment":"standard","vatRate":"15","withholdingEntity":true}`,
					`{"deductPercent":"100"}`),
				tc("and all of a reduced VAT", `{"treatment":"reduced","vatRate":"7.5","withholdingEntity":true}`, `{"deductPercent":"100"}`),
				tc("nothing of an exempt supply", `{"treatment":"exempt","vatRate":"0","withholdingEntity":true}`, `{"deductPercent":"0"}`),
				tc("nothing of an export", `{"treatment":"zero_rated","vatRate":"0","withholdingEntity":true}`, `{"deductPercent":"0"}`),
				tc("a buyer that withholds nothing", `{"treatment":"standard","vatRate":"15","withholdingEntity":false}`, `{"deductPercent":"0"}`),
			},
		},
	}
}
