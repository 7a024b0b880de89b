package finance

import (
	"time"

	"github.com/google/uuid"
)

// AccountType is the class of an account, which fixes its normal side:
// assets and expenses grow by debits, the rest by credits.
type AccountType string

// The account types.
const (
	Asset     AccountType = "asset"
	Liability AccountType = "liability"
	Equity    AccountType = "equity"
	Income    AccountType = "income"
	Expense   AccountType = "expense"
)

// Valid reports whether t is a known type.
func (t AccountType) Valid() bool {
	switch t {
	case Asset, Liability, Equity, Income, Expense:
		return true
	}
	return false
}

// DebitNormal reports whether the account's balance grows by debits.
func (t AccountType) DebitNormal() bool { return t == Asset || t == Expense }

// Control marks the control accounts of the subledgers.
type Control string

// The control kinds.
const (
	NoControl  Control = ""
	Receivable Control = "receivable"
	Payable    Control = "payable"
)

// Role names an account the platform posts to itself. Each role is one
// account per tenant; the seeded chart fills every role, and an
// accountant may move a role to another account of the same type.
type Role string

// The roles the invoices, payments and the VAT summary post to and read.
const (
	RoleReceivable     Role = "receivable"      // trade receivables (control)
	RolePayable        Role = "payable"         // trade payables (control)
	RoleVATOutput      Role = "vat_output"      // VAT payable on sales
	RoleVATInput       Role = "vat_input"       // VAT receivable on purchases: the VAT current account
	RoleVDSReceivable  Role = "vds_receivable"  // VAT a customer deducted at source from us
	RoleVDSPayable     Role = "vds_payable"     // VAT we deducted at source from a supplier
	RoleSDPayable      Role = "sd_payable"      // supplementary duty payable
	RoleSDInput        Role = "sd_input"        // supplementary duty paid on purchases
	RoleAITPayable     Role = "ait_payable"     // income tax we deducted at source (AIT/TDS)
	RoleAITReceivable  Role = "ait_receivable"  // income tax a customer deducted from us: advance tax
	RoleSales          Role = "sales"           // revenue from sales
	RoleSalesReturns   Role = "sales_returns"   // credit notes on sales
	RolePurchases      Role = "purchases"       // cost of purchases
	RoleDiscounts      Role = "discounts"       // discounts allowed
	RoleCash           Role = "cash"            // cash in hand
	RoleBank           Role = "bank"            // the main bank account
	RoleBKash          Role = "bkash"           // bKash merchant wallet
	RoleNagad          Role = "nagad"           // Nagad merchant wallet
	RoleRocket         Role = "rocket"          // Rocket wallet
	RoleRetained       Role = "retained"        // retained earnings
	RoleRounding       Role = "rounding"        // rounding differences, never used by the platform's own postings
	RoleChequesInHand  Role = "cheques_in_hand" // cheques received, not yet cleared
	RoleOpeningBalance Role = "opening_balance" // the other side of opening balances
)

// Account is an account of the chart.
type Account struct {
	ID       uuid.UUID
	Code     string
	Name     string
	NameBn   string
	Type     AccountType
	ParentID *uuid.UUID
	Control  Control
	Role     Role
	// Header accounts group others and take no postings.
	Header bool
	Active bool
	// Used is true once a line was posted to it: it can no longer be
	// deleted, nor change type.
	Used      bool
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}
