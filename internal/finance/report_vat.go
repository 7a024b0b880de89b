package finance

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// VATRegisterRow is the month's approved documents of one side, VAT
// treatment and rate: the taxable value, SD, VAT and VDS, credit notes
// already netted off.
type VATRegisterRow struct {
	Treatment string
	RateBP    int
	Value     int64
	SD        int64
	VAT       int64
	VDS       int64
	Documents int
}

// VATAccount is a tax account's postings in the month and its balance at
// the month's end on its normal side: the ledger's side of the summary,
// to cross-check the register against.
type VATAccount struct {
	Role          Role
	AccountID     uuid.UUID
	Code, Name    string
	Debit, Credit int64
	Closing       int64
}

// VATSummary is a month's VAT position, what a Mushak 9.1 return is
// filled from: sales (output tax) and purchases (input tax) by treatment
// and rate from the VAT register, their totals, and the tax accounts'
// movements from the ledger.
type VATSummary struct {
	Month     time.Time // the month's first day
	Sales     []VATRegisterRow
	Purchases []VATRegisterRow
	// SalesValue, OutputVAT and SalesSD total Sales; VDSByCustomers is
	// the VAT customers deducted at source from us.
	SalesValue, OutputVAT, SalesSD, VDSByCustomers int64
	// PurchaseValue, InputVAT and PurchaseSD total Purchases;
	// VDSDeducted is the VAT we deducted at source from suppliers.
	PurchaseValue, InputVAT, PurchaseSD, VDSDeducted int64
	// NetVAT is output VAT less input VAT, before the 9.1 adjustments.
	NetVAT   int64
	Accounts []VATAccount
}

// vatRoles are the tax accounts the summary cross-checks, in 9.1 order.
var vatRoles = []Role{RoleVATOutput, RoleSDPayable, RoleVDSReceivable, RoleVATInput, RoleSDInput, RoleVDSPayable}

// VATSummary returns the VAT summary of the month holding month. Needs
// finance.report.read. Returns INVALID_ARGUMENT naming month.
func (s *Service) VATSummary(ctx context.Context, month time.Time) (VATSummary, error) {
	if _, err := caller(ctx, PermReportRead); err != nil {
		return VATSummary{}, err
	}
	if month.IsZero() {
		return VATSummary{}, errs.Field("month", "is required, e.g. 2026-07")
	}
	first := monthOf(month)
	sum := VATSummary{Month: first}
	err := s.db.ReadTenant(ctx, func(ctx context.Context, tx *db.Tx) error {
		rows, err := tx.Query(ctx, `SELECT kind, treatment, rate_bp, value, sd, vat, vds, documents FROM finance.vat_register
			WHERE month = $1 ORDER BY kind, treatment, rate_bp DESC`, first)
		if err != nil {
			return fmt.Errorf("vat register: %w", err)
		}
		for rows.Next() {
			var kind string
			var r VATRegisterRow
			if err := rows.Scan(&kind, &r.Treatment, &r.RateBP, &r.Value, &r.SD, &r.VAT, &r.VDS, &r.Documents); err != nil {
				rows.Close()
				return fmt.Errorf("vat register: %w", err)
			}
			if kind == "sales" {
				sum.Sales = append(sum.Sales, r)
				sum.SalesValue, sum.OutputVAT, sum.SalesSD, sum.VDSByCustomers =
					sum.SalesValue+r.Value, sum.OutputVAT+r.VAT, sum.SalesSD+r.SD, sum.VDSByCustomers+r.VDS
			} else {
				sum.Purchases = append(sum.Purchases, r)
				sum.PurchaseValue, sum.InputVAT, sum.PurchaseSD, sum.VDSDeducted =
					sum.PurchaseValue+r.Value, sum.InputVAT+r.VAT, sum.PurchaseSD+r.SD, sum.VDSDeducted+r.VDS
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("vat register: %w", err)
		}
		sum.NetVAT = sum.OutputVAT - sum.InputVAT
		sum.Accounts, err = vatAccounts(ctx, tx, first)
		return err
	})
	return sum, err
}

// vatAccounts reads the tax accounts' movements in month and their
// balances at its end from the monthly balances.
func vatAccounts(ctx context.Context, tx *db.Tx, month time.Time) ([]VATAccount, error) {
	roles := make([]string, len(vatRoles))
	for i, r := range vatRoles {
		roles[i] = string(r)
	}
	rows, err := tx.Query(ctx, `SELECT a.role, a.id, a.code, a.name, a.type,
			coalesce(sum(b.debit) FILTER (WHERE b.month = $2), 0)::bigint, coalesce(sum(b.credit) FILTER (WHERE b.month = $2), 0)::bigint,
			coalesce(sum(b.debit), 0)::bigint, coalesce(sum(b.credit), 0)::bigint
		FROM finance.accounts a
		LEFT JOIN finance.account_period_balances b ON b.tenant_id = a.tenant_id AND b.account_id = a.id AND b.month <= $2
		WHERE a.role = ANY($1) GROUP BY a.role, a.id, a.code, a.name, a.type`, roles, month)
	if err != nil {
		return nil, fmt.Errorf("vat accounts: %w", err)
	}
	defer rows.Close()
	byRole := map[Role]VATAccount{}
	for rows.Next() {
		var a VATAccount
		var role, typ string
		var d, c int64
		if err := rows.Scan(&role, &a.AccountID, &a.Code, &a.Name, &typ, &a.Debit, &a.Credit, &d, &c); err != nil {
			return nil, fmt.Errorf("vat accounts: %w", err)
		}
		a.Role, a.Closing = Role(role), normalBalance(AccountType(typ), d, c)
		byRole[a.Role] = a
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("vat accounts: %w", err)
	}
	var out []VATAccount
	for _, r := range vatRoles {
		if a, ok := byRole[r]; ok {
			out = append(out, a)
		}
	}
	return out, nil
}
