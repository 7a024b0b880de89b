package orders_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/orders"
	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/db"
	"github.com/vextrus/vextrus/internal/platform/db/dbtest"
	"github.com/vextrus/vextrus/internal/platform/httpx"
	"github.com/vextrus/vextrus/internal/platform/money"
	"github.com/vextrus/vextrus/internal/platform/svcclient"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/rules"
)

// creditWith is FinanceCredit over the real rules service, seeded with
// tenant t's defaults, and a finance that answers every customer's
// position with outstanding and overdueDays.
func creditWith(tb testing.TB, t tenant.ID, outstanding string, overdueDays int) orders.FinanceCredit {
	tb.Helper()
	d := dbtest.New(tb, db.PlatformSchema, rules.Schema)
	svc, err := rules.New(rules.Deps{DB: d.App})
	if err != nil {
		tb.Fatal(err)
	}
	if err := svc.SeedDefaults(context.Background(), t); err != nil {
		tb.Fatal(err)
	}
	rulesMux := http.NewServeMux()
	svc.Routes(rulesMux)
	financeMux := http.NewServeMux()
	financeMux.Handle("GET /api/v1/finance/customers/{id}/outstanding", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		o, err := money.Parse(outstanding, money.BDT)
		if err != nil {
			return err
		}
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"customerId": r.PathValue("id"), "outstanding": o, "overdueDays": overdueDays})
		return nil
	}))
	return orders.FinanceCredit{
		Finance: svcclient.New("finance", svcclient.InProcess(financeMux), svcclient.Policy{}, nil),
		Rules:   svcclient.New("rules", svcclient.InProcess(rulesMux), svcclient.Policy{}, nil),
	}
}

// evaluator is a caller of t who may evaluate rules.
func evaluator(t tenant.ID) context.Context {
	p := &authz.Principal{UserID: "0190a0b0-0000-7000-8000-000000000e1a", Tenant: t,
		Permissions: map[string]bool{rules.PermEvaluate: true}}
	return authz.With(context.Background(), p)
}

func bdtAmount(tb testing.TB, s string) money.Amount {
	tb.Helper()
	a, err := money.Parse(s, money.BDT)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

// TestCreditCheckAsksFinanceAndTheSeededRule reads the customer's
// position from finance and decides with the tenant's own credit.check.
func TestCreditCheckAsksFinanceAndTheSeededRule(t *testing.T) {
	tid := tenant.New()
	c := creditWith(t, tid, "50000", 0)
	ctx := evaluator(tid)
	pos, err := c.Position(ctx, uuid.New())
	if err != nil {
		t.Fatal(err)
	}
	if pos.Outstanding != bdtAmount(t, "50000") || pos.OverdueDays != 0 {
		t.Fatalf("position %+v", pos)
	}
	limit := bdtAmount(t, "100000")
	for _, tc := range []struct {
		name, amount, decision, available string
		overdue                           int
	}{
		{"approves within the limit", "20000", orders.CreditApprove, "30000", 0},
		{"reviews up to ten percent over", "60000", orders.CreditReview, "-10000", 0},
		{"blocks far over the limit", "80000", orders.CreditBlock, "-30000", 0},
		{"blocks long overdue invoices", "1", orders.CreditBlock, "49999", 120},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := c.Check(ctx, bdtAmount(t, tc.amount), pos.Outstanding, limit, tc.overdue)
			if err != nil {
				t.Fatal(err)
			}
			if d.Decision != tc.decision || d.Available != bdtAmount(t, tc.available) || d.Reason == "" {
				t.Fatalf("decision %+v, want %s with %s available", d, tc.decision, tc.available)
			}
		})
	}
}

// TestCreditCheckOfATenantWithoutTheRuleSetSeedsIt: a tenant made
// before credit.check was a default (here: never seeded) gets the
// defaults on the first check, and the check answers.
func TestCreditCheckOfATenantWithoutTheRuleSetSeedsIt(t *testing.T) {
	c := creditWith(t, tenant.New(), "0", 0)
	d, err := c.Check(evaluator(tenant.New()), bdtAmount(t, "1"), bdtAmount(t, "0"), bdtAmount(t, "10"), 0)
	if err != nil || d.Decision != orders.CreditApprove {
		t.Fatalf("decision %+v, %v; want approve from the seeded credit.check", d, err)
	}
}
