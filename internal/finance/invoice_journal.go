package finance

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// posting is one side of an invoice's journal: an amount to a role's
// account, for the party when the account is a control account.
type posting struct {
	role   Role
	amount int64
	party  bool
}

// invoiceJournal is the journal an approved document posts.
//
// Sales invoice, and a debit note on one: Dr receivable (payable), Dr VDS
// receivable (VAT the customer withholds), Cr sales (net), Cr SD payable,
// Cr VAT output. Purchase bill, and a debit note on one: Dr purchases
// (net), Dr VAT input, Dr SD input, Cr payable (payable), Cr VDS payable,
// Cr AIT payable. A credit note posts the other way, with sales returns
// in place of sales.
func invoiceJournal(inv Invoice, accounts map[Role]uuid.UUID) (Journal, error) {
	var debits, credits []posting
	if inv.Side == KindSales {
		income := RoleSales
		if inv.Kind == KindCreditNote {
			income = RoleSalesReturns
		}
		debits = []posting{{RoleReceivable, inv.Payable, true}, {RoleVDSReceivable, inv.VDS, true}}
		credits = []posting{{income, inv.Net, false}, {RoleSDPayable, inv.SD, false}, {RoleVATOutput, inv.VAT, false}}
	} else {
		debits = []posting{{RolePurchases, inv.Net, false}, {RoleVATInput, inv.VAT, false}, {RoleSDInput, inv.SD, false}}
		credits = []posting{{RolePayable, inv.Payable, true}, {RoleVDSPayable, inv.VDS, true}, {RoleAITPayable, inv.AIT, true}}
	}
	if inv.Kind == KindCreditNote {
		debits, credits = credits, debits
	}
	memo := fmt.Sprintf("%s %s", summaryKind(inv), inv.Number)
	id := inv.ID
	j := Journal{Date: inv.Date, Source: SourceInvoice, SourceID: &id, Memo: memo, Currency: inv.Currency}
	party := inv.Party.ID
	add := func(p posting, debit bool) error {
		if p.amount == 0 {
			return nil
		}
		acct, ok := accounts[p.role]
		if !ok {
			return errs.E(errs.FailedPrecondition, "the chart of accounts has no %s account; give the role to an account", p.role)
		}
		l := Line{AccountID: acct, Memo: memo}
		if p.party {
			l.PartyID = &party
		}
		if debit {
			l.Debit = p.amount
		} else {
			l.Credit = p.amount
		}
		j.Lines = append(j.Lines, l)
		return nil
	}
	for _, p := range debits {
		if err := add(p, true); err != nil {
			return Journal{}, err
		}
	}
	for _, p := range credits {
		if err := add(p, false); err != nil {
			return Journal{}, err
		}
	}
	return j, nil
}

func summaryKind(inv Invoice) string {
	switch inv.Kind {
	case KindSales:
		return "Sales invoice"
	case KindPurchase:
		return "Purchase bill"
	case KindCreditNote:
		return "Credit note"
	}
	return "Debit note"
}

// registerKey is one row of the VAT register.
type registerKey struct {
	treatment string
	rateBP    int
}

// enterRegister adds the approved document's lines to the VAT register of
// its month, per treatment and rate: a credit note subtracts. The
// statement goes with the transaction's next statement or its commit.
func enterRegister(ctx context.Context, tx *db.Tx, inv Invoice) error {
	sign := int64(1)
	if inv.Kind == KindCreditNote {
		sign = -1
	}
	type sums struct{ value, sd, vat, vds int64 }
	by := map[registerKey]*sums{}
	var order []registerKey
	for _, l := range inv.Lines {
		p, err := ParsePercent(l.VATRate)
		if err != nil {
			return fmt.Errorf("line rate %q: %w", l.VATRate, err)
		}
		bp, _ := p.BasisPoints()
		k := registerKey{treatment: l.Treatment, rateBP: bp}
		if by[k] == nil {
			by[k] = &sums{}
			order = append(order, k)
		}
		r := by[k]
		r.value += sign * l.Net
		r.sd += sign * l.SD
		r.vat += sign * l.VAT
		r.vds += sign * l.VDS
	}
	n := len(order)
	treatment, rate, value, sd, vat, vds := make([]string, n), make([]int32, n), make([]int64, n), make([]int64, n),
		make([]int64, n), make([]int64, n)
	for i, k := range order {
		r := by[k]
		treatment[i], rate[i], value[i], sd[i], vat[i], vds[i] = k.treatment, int32(k.rateBP), r.value, r.sd, r.vat, r.vds
	}
	month := time.Date(inv.Date.Year(), inv.Date.Month(), 1, 0, 0, 0, 0, time.UTC)
	tx.Defer(`INSERT INTO finance.vat_register AS r (tenant_id, month, kind, treatment, rate_bp, value, sd, vat, vds, documents)
		SELECT current_setting('app.tenant_id')::uuid, $1, $2, u.t, u.r, u.v, u.s, u.a, u.d, 1
		FROM unnest($3::text[], $4::int[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[]) AS u(t, r, v, s, a, d)
		ORDER BY u.t, u.r
		ON CONFLICT (tenant_id, month, kind, treatment, rate_bp) DO UPDATE
		SET value = r.value + excluded.value, sd = r.sd + excluded.sd, vat = r.vat + excluded.vat, vds = r.vds + excluded.vds,
			documents = r.documents + 1`, month, string(inv.Side), treatment, rate, value, sd, vat, vds)
	return nil
}
