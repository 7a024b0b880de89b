package finance

import (
	"context"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
)

// RecordPayment records a receipt or a disbursement: it takes the next
// receipt (RV) or payment voucher (PV) number, posts the journal (a
// receipt debits the money account and credits receivables for the
// party; a disbursement debits payables for the party and credits the
// money account), settles the allocations against the party's approved
// invoices and appends payment.recorded, all in one transaction. What the
// allocations leave is an advance, allocatable later with Allocate.
// Needs finance.payment.write.
//
// Returns INVALID_ARGUMENT naming fields (an allocation over the payment
// or over an invoice's outstanding amount names the allocation),
// FAILED_PRECONDITION naming a closed period in date.
func (s *Service) RecordPayment(ctx context.Context, n NewPayment) (Payment, error) {
	if _, err := caller(ctx, PermPaymentWrite); err != nil {
		return Payment{}, err
	}
	if err := n.validate(); err != nil {
		return Payment{}, err
	}
	st, err := s.tenantSettings(ctx)
	if err != nil {
		return Payment{}, err
	}
	if n.Date.IsZero() {
		n.Date = st.Today(s.now())
	}
	n.Date = Date(n.Date, n.Date.Location())
	if n.Wallet != nil {
		// validate parsed it already; this stores the E.164 form.
		n.Wallet.Number, _ = bd.ParseMobile(string(n.Wallet.Number))
	}
	var p Payment
	err = s.db.InTenantTx(ctx, func(ctx context.Context, tx *db.Tx) error {
		roles, err := s.roleAccounts(ctx, tx)
		if err != nil {
			return err
		}
		account, err := moneyAccount(ctx, tx, n, roles)
		if err != nil {
			return err
		}
		p = Payment{Kind: n.Kind, Status: PaymentRecorded, PartyID: n.PartyID, Date: n.Date, Method: n.Method, AccountID: account,
			Amount: n.Amount, Allocated: money.Zero(n.Amount.Currency()), Reference: n.Reference, Cheque: n.Cheque, Wallet: n.Wallet, Memo: n.Memo,
			CreatedBy: authz.Actor(ctx), CreatedAt: s.now().UTC(), Version: 1}
		p.UpdatedAt = p.CreatedAt
		if p.ID, err = uuid.NewV7(); err != nil {
			return err
		}
		if err := lockAllocated(ctx, tx, &p, n.Allocations); err != nil {
			return err
		}
		doc := tenantsettings.DocReceipt
		if n.Kind == Disbursement {
			doc = tenantsettings.DocPayment
		}
		if p.Number, err = s.nextNumber(ctx, tx, doc, p.Date); err != nil {
			return err
		}
		j := paymentJournal(&p, roles)
		if err := s.post(ctx, tx, &j, "date"); err != nil {
			return err
		}
		p.JournalID = j.ID
		if err := insertPayment(ctx, tx, &p); err != nil {
			return err
		}
		if err := storeAllocations(ctx, tx, &p, n.Allocations); err != nil {
			return err
		}
		ev, err := paymentRecordedEvent(ctx, tx, &p)
		if err != nil {
			return err
		}
		return s.emit(ctx, tx, ev)
	})
	if err != nil {
		return Payment{}, err
	}
	return p, nil
}

// paymentJournal is the journal that records p: the money account
// against the party's receivable or payable.
func paymentJournal(p *Payment, roles map[Role]uuid.UUID) Journal {
	party := p.PartyID
	amount := p.Amount.Minor()
	var lines []Line
	if p.Kind == Receipt {
		memo := "Receipt " + p.Number
		lines = []Line{
			{AccountID: p.AccountID, Debit: amount, Memo: memo},
			{AccountID: roles[RoleReceivable], Credit: amount, Memo: memo, PartyID: &party},
		}
	} else {
		memo := "Payment " + p.Number
		lines = []Line{
			{AccountID: roles[RolePayable], Debit: amount, Memo: memo, PartyID: &party},
			{AccountID: p.AccountID, Credit: amount, Memo: memo},
		}
	}
	id := p.ID
	memo := p.Memo
	if memo == "" {
		memo = lines[0].Memo
	}
	return Journal{Date: p.Date, Source: SourcePayment, SourceID: &id, Memo: memo, Currency: string(p.Amount.Currency()), Lines: lines}
}

// moneyAccount is the account n moves money through: the one it names,
// which must be an active asset account that takes postings and is no
// control account, or the role account of its method.
func moneyAccount(ctx context.Context, tx *db.Tx, n NewPayment, roles map[Role]uuid.UUID) (uuid.UUID, error) {
	if n.AccountID == nil {
		role := moneyAccountRole(n.Kind, n.Method, n.Wallet)
		id, ok := roles[role]
		if !ok {
			return uuid.Nil, errs.E(errs.FailedPrecondition, "the chart of accounts has no %s account; name accountId", role)
		}
		return id, nil
	}
	a, err := accountByID(ctx, tx, *n.AccountID)
	if errs.Is(err, errs.NotFound) {
		return uuid.Nil, errs.Field("accountId", "no account %s", *n.AccountID)
	}
	if err != nil {
		return uuid.Nil, err
	}
	switch {
	case a.Type != Asset:
		return uuid.Nil, errs.Field("accountId", "account %s is %s; money moves through an asset account", a.Code, a.Type)
	case a.Header:
		return uuid.Nil, errs.Field("accountId", "account %s groups other accounts and takes no postings", a.Code)
	case !a.Active:
		return uuid.Nil, errs.Field("accountId", "account %s is inactive", a.Code)
	case a.Control != NoControl:
		return uuid.Nil, errs.Field("accountId", "account %s is the %s control account, not a money account", a.Code, a.Control)
	}
	return a.ID, nil
}
