package finance

// chartRow is one account of the seeded chart; parent is a code.
type chartRow struct {
	code, name, nameBn string
	typ                AccountType
	parent             string
	header             bool
	control            Control
	role               Role
}

// bangladeshChart is the chart of accounts every tenant starts with: a
// Bangladeshi company's usual grouping, with the accounts VAT, SD and
// source tax need (VAT and Supplementary Duty Act 2012; Income Tax Act
// 2023) and bank and mobile-wallet accounts. Tenants add, rename and
// deactivate accounts; the roles say which account the platform posts to.
var bangladeshChart = []chartRow{
	{code: "1000", name: "Assets", nameBn: "সম্পদ", typ: Asset, header: true},
	{code: "1100", name: "Cash and cash equivalents", nameBn: "নগদ ও নগদ সমতুল্য", typ: Asset, parent: "1000", header: true},
	{code: "1110", name: "Cash in hand", nameBn: "হাতে নগদ", typ: Asset, parent: "1100", role: RoleCash},
	{code: "1120", name: "Bank: current account", nameBn: "ব্যাংক: চলতি হিসাব", typ: Asset, parent: "1100", role: RoleBank},
	{code: "1130", name: "Cheques in hand", nameBn: "হাতে চেক", typ: Asset, parent: "1100", role: RoleChequesInHand},
	{code: "1150", name: "Mobile wallets", nameBn: "মোবাইল ওয়ালেট", typ: Asset, parent: "1100", header: true},
	{code: "1151", name: "bKash merchant wallet", nameBn: "বিকাশ মার্চেন্ট ওয়ালেট", typ: Asset, parent: "1150", role: RoleBKash},
	{code: "1152", name: "Nagad merchant wallet", nameBn: "নগদ মার্চেন্ট ওয়ালেট", typ: Asset, parent: "1150", role: RoleNagad},
	{code: "1153", name: "Rocket wallet", nameBn: "রকেট ওয়ালেট", typ: Asset, parent: "1150", role: RoleRocket},
	{code: "1200", name: "Trade receivables", nameBn: "প্রাপ্য হিসাব", typ: Asset, parent: "1000", control: Receivable, role: RoleReceivable},
	{code: "1300", name: "Tax assets", nameBn: "কর সম্পদ", typ: Asset, parent: "1000", header: true},
	{code: "1310", name: "VAT receivable (input tax, VAT current account)", nameBn: "প্রাপ্য ভ্যাট (উপকরণ কর)", typ: Asset, parent: "1300", role: RoleVATInput},
	{code: "1320", name: "VAT deducted at source by customers", nameBn: "উৎসে কর্তিত ভ্যাট (ক্রেতা কর্তৃক)", typ: Asset, parent: "1300", role: RoleVDSReceivable},
	{code: "1330", name: "Supplementary duty paid on purchases", nameBn: "ক্রয়ে পরিশোধিত সম্পূরক শুল্ক", typ: Asset, parent: "1300", role: RoleSDInput},
	{code: "1340", name: "Advance income tax (AIT deducted by customers)", nameBn: "অগ্রিম আয়কর", typ: Asset, parent: "1300", role: RoleAITReceivable},
	{code: "1400", name: "Inventory", nameBn: "মজুদ", typ: Asset, parent: "1000"},
	{code: "1500", name: "Property, plant and equipment", nameBn: "স্থায়ী সম্পদ", typ: Asset, parent: "1000"},

	{code: "2000", name: "Liabilities", nameBn: "দায়", typ: Liability, header: true},
	{code: "2100", name: "Trade payables", nameBn: "প্রদেয় হিসাব", typ: Liability, parent: "2000", control: Payable, role: RolePayable},
	{code: "2200", name: "Tax liabilities", nameBn: "কর দায়", typ: Liability, parent: "2000", header: true},
	{code: "2210", name: "VAT payable (output tax)", nameBn: "প্রদেয় ভ্যাট (উৎপাদ কর)", typ: Liability, parent: "2200", role: RoleVATOutput},
	{code: "2220", name: "VAT deducted at source, payable", nameBn: "উৎসে কর্তিত ভ্যাট, প্রদেয়", typ: Liability, parent: "2200", role: RoleVDSPayable},
	{code: "2230", name: "Supplementary duty payable", nameBn: "প্রদেয় সম্পূরক শুল্ক", typ: Liability, parent: "2200", role: RoleSDPayable},
	{code: "2240", name: "AIT/TDS payable", nameBn: "উৎসে কর্তিত আয়কর, প্রদেয়", typ: Liability, parent: "2200", role: RoleAITPayable},
	{code: "2300", name: "Accrued expenses", nameBn: "বকেয়া খরচ", typ: Liability, parent: "2000"},

	{code: "3000", name: "Equity", nameBn: "মালিকানা স্বত্ব", typ: Equity, header: true},
	{code: "3100", name: "Share capital", nameBn: "শেয়ার মূলধন", typ: Equity, parent: "3000"},
	{code: "3200", name: "Retained earnings", nameBn: "সংরক্ষিত আয়", typ: Equity, parent: "3000", role: RoleRetained},
	{code: "3900", name: "Opening balance equity", nameBn: "প্রারম্ভিক স্থিতি", typ: Equity, parent: "3000", role: RoleOpeningBalance},

	{code: "4000", name: "Income", nameBn: "আয়", typ: Income, header: true},
	{code: "4100", name: "Sales", nameBn: "বিক্রয়", typ: Income, parent: "4000", role: RoleSales},
	{code: "4110", name: "Sales returns and allowances", nameBn: "বিক্রয় ফেরত", typ: Income, parent: "4000", role: RoleSalesReturns},
	{code: "4900", name: "Other income", nameBn: "অন্যান্য আয়", typ: Income, parent: "4000"},

	{code: "5000", name: "Expenses", nameBn: "ব্যয়", typ: Expense, header: true},
	{code: "5100", name: "Purchases and cost of sales", nameBn: "ক্রয় ও বিক্রীত পণ্যের ব্যয়", typ: Expense, parent: "5000", role: RolePurchases},
	{code: "5200", name: "Discounts allowed", nameBn: "প্রদত্ত বাট্টা", typ: Expense, parent: "5000", role: RoleDiscounts},
	{code: "5300", name: "Salaries and wages", nameBn: "বেতন ও মজুরি", typ: Expense, parent: "5000"},
	{code: "5400", name: "Rent", nameBn: "ভাড়া", typ: Expense, parent: "5000"},
	{code: "5500", name: "Utilities", nameBn: "ইউটিলিটি", typ: Expense, parent: "5000"},
	{code: "5600", name: "Bank and wallet charges", nameBn: "ব্যাংক ও ওয়ালেট চার্জ", typ: Expense, parent: "5000"},
	{code: "5900", name: "Rounding differences", nameBn: "পূর্ণসংখ্যাকরণ পার্থক্য", typ: Expense, parent: "5000", role: RoleRounding},
}
