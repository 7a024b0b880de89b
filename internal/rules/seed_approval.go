package rules

// The approval chains take {"amount": "<decimal BDT>", "department":
// "<code>"} and answer {"levels": [{"role", "mode", "slaHours"}...]} in
// order: COLLECT gives one level per matching row. The thresholds are a
// default delegation of financial authority that each tenant edits.

var approvalInput = []Field{
	{Name: "amount", Type: DecimalT, Required: true, Description: "document amount in BDT"},
	{Name: "department", Type: String, Description: "department code of the requester"},
}

var approvalOutput = []Field{
	{Name: "role", Type: String, Description: "the role that approves at this level"},
	{Name: "mode", Type: String, Description: "any (one holder approves), all, or quorum"},
	{Name: "slaHours", Type: Int, Description: "hours before the level escalates"},
}

func level(desc, cond, role, mode, sla string) Row {
	return r(desc, cond, "role", `"`+role+`"`, "mode", `"`+mode+`"`, "slaHours", sla)
}

func purchaseOrderChain() seedSet {
	return seedSet{
		set: NewRuleSet{Key: "approval.chain.purchase_order", Name: "Purchase order approval chain",
			Description: "Approval levels of a purchase order by amount.", Input: approvalInput, Output: approvalOutput},
		spec: VersionSpec{HitPolicy: Collect, CollectAs: "levels", EffectiveFrom: day("2020-01-01"),
			Reference: "Vextrus default delegation of financial authority for purchases; edit to your organization's policy.",
			Rows: []Row{
				level("Department head above BDT 50,000", `amount > 50000`, "department_head", "any", "24"),
				level("Finance above BDT 1,00,000", `amount > 100000`, "finance", "any", "48"),
			},
			Tests: []TestCase{
				tc("small purchases need no approval", `{"amount":"50000","department":"OPS"}`, `{"levels":[]}`),
				tc("department head above 50 thousand", `{"amount":"75000.50","department":"OPS"}`,
					`{"levels":[{"role":"department_head"}]}`),
				tc("finance above 1 lakh", `{"amount":"150000","department":"OPS"}`,
					`{"levels":[{"role":"department_head"},{"role":"finance","mode":"any","slaHours":48}]}`),
			},
		},
	}
}

func invoiceChain() seedSet {
	return seedSet{
		set: NewRuleSet{Key: "approval.chain.invoice", Name: "Invoice approval chain",
			Description: "Approval levels of a supplier invoice by amount.", Input: approvalInput, Output: approvalOutput},
		spec: VersionSpec{HitPolicy: Collect, CollectAs: "levels", EffectiveFrom: day("2020-01-01"),
			Reference: "Vextrus default delegation of financial authority for payables; edit to your organization's policy.",
			Rows: []Row{
				level("Accounts payable always", `true`, "accounts_payable", "any", "24"),
				level("Department head above 1 lakh", `amount > 100000`, "department_head", "any", "24"),
				level("Finance manager above 5 lakh", `amount > 500000`, "finance_manager", "any", "48"),
				level("CFO above 10 lakh", `amount > 1000000`, "cfo", "any", "48"),
				level("CEO above 50 lakh", `amount > 5000000`, "ceo", "any", "72"),
			},
			Tests: []TestCase{
				tc("accounts payable only up to 1 lakh", `{"amount":"100000"}`, `{"levels":[{"role":"accounts_payable"}]}`),
				tc("7.5 lakh reaches the finance manager", `{"amount":"750000"}`,
					`{"levels":[{"role":"accounts_payable"},{"role":"department_head"},{"role":"finance_manager"}]}`),
				tc("60 lakh reaches the CEO", `{"amount":"6000000"}`,
					`{"levels":[{"role":"accounts_payable"},{"role":"department_head"},{"role":"finance_manager"},{"role":"cfo"},{"role":"ceo","slaHours":72}]}`),
			},
		},
	}
}

func creditCheck() seedSet {
	available := `creditLimit - outstanding - amount`
	return seedSet{
		set: NewRuleSet{Key: "credit.check", Name: "Customer credit check",
			Description: "Whether a sale on credit may proceed against the customer's credit limit.",
			Input: []Field{
				{Name: "amount", Type: DecimalT, Required: true, Description: "amount of the new order in BDT"},
				{Name: "outstanding", Type: DecimalT, Required: true, Description: "the customer's unpaid balance in BDT"},
				{Name: "creditLimit", Type: DecimalT, Required: true, Description: "the customer's credit limit in BDT"},
				{Name: "overdueDays", Type: Int, Description: "age in days of the oldest overdue invoice"},
			},
			Output: []Field{
				{Name: "decision", Type: String, Description: "approve, review (needs a finance manager) or block"},
				{Name: "available", Type: DecimalT, Description: "credit left after this order; negative when over"},
				{Name: "reason", Type: String},
			}},
		spec: VersionSpec{HitPolicy: First, EffectiveFrom: day("2020-01-01"),
			Reference: "Vextrus default credit policy (not a statute); edit to your organization's policy.",
			Rows: []Row{
				r("Invoices overdue beyond 90 days", `overdueDays > 90`,
					"decision", `"block"`, "available", available, "reason", `"invoices overdue more than 90 days"`),
				r("Within the limit", `outstanding + amount <= creditLimit`,
					"decision", `"approve"`, "available", available, "reason", `"within the credit limit"`),
				r("Up to 10% over the limit", `outstanding + amount <= creditLimit * decimal("1.1")`,
					"decision", `"review"`, "available", available, "reason", `"over the credit limit by up to 10%"`),
				r("More than 10% over the limit", `true`,
					"decision", `"block"`, "available", available, "reason", `"over the credit limit by more than 10%"`),
			},
			Tests: []TestCase{
				tc("within the limit", `{"amount":"20000","outstanding":"50000","creditLimit":"100000"}`,
					`{"decision":"approve","available":"30000"}`),
				tc("slightly over", `{"amount":"60000","outstanding":"50000","creditLimit":"100000"}`,
					`{"decision":"review","available":"-10000"}`),
				tc("far over", `{"amount":"80000","outstanding":"50000","creditLimit":"100000"}`, `{"decision":"block"}`),
				tc("long overdue", `{"amount":"1","outstanding":"0","creditLimit":"100000","overdueDays":120}`, `{"decision":"block"}`),
			},
		},
	}
}

// salesOrderChain is who approves a sales order that failed the credit
// check (credit.check answered review): the finance manager always, the
// CFO too above 10 lakh.
func salesOrderChain() seedSet {
	return seedSet{
		set: NewRuleSet{Key: "approval.chain.sales_order", Name: "Sales order credit approval chain",
			Description: "Approval levels of a sales order over the customer's credit limit, by amount.",
			Input:       approvalInput, Output: approvalOutput},
		spec: VersionSpec{HitPolicy: Collect, CollectAs: "levels", EffectiveFrom: day("2020-01-01"),
			Reference: "Vextrus default credit control for sales on credit; edit to your organization's policy.",
			Rows: []Row{
				level("Finance manager always", `true`, "finance_manager", "any", "24"),
				level("CFO above 10 lakh", `amount > 1000000`, "cfo", "any", "48"),
			},
			Tests: []TestCase{
				tc("finance manager up to 10 lakh", `{"amount":"1000000"}`, `{"levels":[{"role":"finance_manager","mode":"any","slaHours":24}]}`),
				tc("CFO above 10 lakh", `{"amount":"1000000.01","department":"SALES"}`,
					`{"levels":[{"role":"finance_manager"},{"role":"cfo","mode":"any","slaHours":48}]}`),
			},
		},
	}
}
