package rules

// matchTolerance is how far a supplier's bill may be priced above its
// purchase order before finance holds it for review (the three-way
// match, docs/finance.md). Input: the bill's net amount in BDT; output:
// pricePercent, the excess allowed over the order's price times the
// billed quantity, per line, at most amountCap BDT (0 for no cap).
func matchTolerance() seedSet {
	return seedSet{
		set: NewRuleSet{Key: "purchase.match_tolerance", Name: "Purchase bill match tolerance",
			Description: "How far a bill's line may be priced above its purchase order's price before the bill is held.",
			Input: []Field{
				{Name: "amount", Type: DecimalT, Required: true, Description: "the bill's net amount in BDT"},
				{Name: "vendorCategory", Type: String, Description: "the vendor's category in master data, if any"},
			},
			Output: []Field{
				{Name: "pricePercent", Type: DecimalT, Description: "excess allowed over ordered price × billed quantity, percent"},
				{Name: "amountCap", Type: DecimalT, Description: "the most excess allowed per line in BDT; 0 for no cap"},
			}},
		spec: VersionSpec{HitPolicy: First, EffectiveFrom: day("2020-01-01"),
			Reference: "Vextrus default purchase control (not a statute): small bills absorb rounding and small price moves; " +
				"edit to your organization's policy.",
			Rows: []Row{
				r("Bills up to 1 lakh: 2%, at most BDT 1,000 a line", `amount <= 100000`,
					"pricePercent", `2`, "amountCap", `1000`),
				r("Bills up to 10 lakh: 1%, at most BDT 5,000 a line", `amount <= 1000000`,
					"pricePercent", `1`, "amountCap", `5000`),
				r("Larger bills: 0.5%, at most BDT 10,000 a line", `true`,
					"pricePercent", `decimal("0.5")`, "amountCap", `10000`),
			},
			Tests: []TestCase{
				tc("a small bill", `{"amount":"50000"}`, `{"pricePercent":"2","amountCap":"1000"}`),
				tc("a bill of 2.5 lakh", `{"amount":"250000","vendorCategory":"cement"}`, `{"pricePercent":"1","amountCap":"5000"}`),
				tc("a bill of 50 lakh", `{"amount":"5000000"}`, `{"pricePercent":"0.5","amountCap":"10000"}`),
			},
		},
	}
}
