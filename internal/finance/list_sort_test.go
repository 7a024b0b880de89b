package finance_test

import (
	"cmp"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// pages reads every page of a list at two items a page and returns what
// key says of each item, in the order the pages gave them.
func pages[T any](t *testing.T, list func(cursor string) ([]T, string, error), key func(T) string) []string {
	t.Helper()
	var out []string
	cursor := ""
	for range 20 {
		items, next, err := list(cursor)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			out = append(out, key(it))
		}
		if next == "" {
			return out
		}
		cursor = next
	}
	t.Fatal("more than 20 pages")
	return nil
}

func TestPaymentListsSortByTheFieldAsked(t *testing.T) {
	f := newFixture(t)
	ctx := accountant(newTenant(t))
	type rec struct {
		number, date string
		amount       int64
		id           string
	}
	var recs []rec
	// Amounts and dates repeat, so ties cross page boundaries.
	for _, p := range []struct {
		d string
		a string
	}{{"2026-11-02", "500"}, {"2026-11-01", "20"}, {"2026-11-02", "20"}, {"2026-11-03", "7.50"}, {"2026-11-01", "500"}} {
		got, err := f.svc.RecordPayment(ctx, finance.NewPayment{Kind: finance.Receipt, PartyID: uuid.New(), Date: day(p.d),
			Method: finance.MethodCash, Amount: tk(p.a)})
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec{got.Number, p.d, got.Amount.Minor(), got.ID.String()})
	}
	sorted := func(c func(a, b rec) int) []string {
		rs := slices.Clone(recs)
		slices.SortFunc(rs, func(a, b rec) int { return cmp.Or(c(a, b), cmp.Compare(a.id, b.id)) })
		out := []string{}
		for _, r := range rs {
			out = append(out, r.number)
		}
		return out
	}
	list := func(sort string) func(string) ([]finance.Payment, string, error) {
		return func(cursor string) ([]finance.Payment, string, error) {
			p, err := f.svc.ListPayments(ctx, finance.PaymentFilter{Limit: 2, Cursor: cursor, Sort: sort})
			return p.Items, p.NextCursor, err
		}
	}
	number := func(p finance.Payment) string { return p.Number }
	cases := map[string][]string{
		"amount":  sorted(func(a, b rec) int { return cmp.Compare(a.amount, b.amount) }),
		"-amount": reverse(sorted(func(a, b rec) int { return cmp.Compare(a.amount, b.amount) })),
		"date":    sorted(func(a, b rec) int { return cmp.Compare(a.date, b.date) }),
		"-number": reverse(sorted(func(a, b rec) int { return cmp.Compare(a.number, b.number) })),
	}
	for sort, want := range cases {
		t.Run(sort, func(t *testing.T) {
			if got := pages(t, list(sort), number); !slices.Equal(got, want) {
				t.Fatalf("got  %v\nwant %v", got, want)
			}
		})
	}
	t.Run("an unknown field or another sort's cursor is refused", func(t *testing.T) {
		_, err := f.svc.ListPayments(ctx, finance.PaymentFilter{Sort: "colour"})
		wantField(t, err, errs.InvalidArgument, "sort")
		page, err := f.svc.ListPayments(ctx, finance.PaymentFilter{Sort: "amount", Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.ListPayments(ctx, finance.PaymentFilter{Sort: "-amount", Cursor: page.NextCursor})
		wantField(t, err, errs.InvalidArgument, "cursor")
	})
}

func TestInvoiceListsSortByTheFieldAsked(t *testing.T) {
	f := newInvoiceFixture(t)
	_, ctx := newTenantCtx(t)
	var made []finance.Invoice
	for _, s := range []struct {
		d string
		a int64
	}{{"2026-11-05", 300_00}, {"2026-11-01", 100_00}, {"2026-11-05", 100_00}, {"2026-11-03", 900_00}} {
		made = append(made, f.mustCreate(t, ctx, smallSale(s.d, s.a)))
	}
	sorted := func(c func(a, b finance.Invoice) int) []string {
		rs := slices.Clone(made)
		slices.SortFunc(rs, func(a, b finance.Invoice) int { return cmp.Or(c(a, b), cmp.Compare(a.ID.String(), b.ID.String())) })
		out := []string{}
		for _, r := range rs {
			out = append(out, r.ID.String())
		}
		return out
	}
	list := func(sort string) func(string) ([]finance.Invoice, string, error) {
		return func(cursor string) ([]finance.Invoice, string, error) {
			return f.svc.Invoices(ctx, finance.InvoiceFilter{Limit: 2, Cursor: cursor, Sort: sort})
		}
	}
	id := func(inv finance.Invoice) string { return inv.ID.String() }
	byTotal := func(a, b finance.Invoice) int { return cmp.Compare(a.Total, b.Total) }
	byDate := func(a, b finance.Invoice) int { return a.Date.Compare(b.Date) }
	cases := map[string][]string{
		"total":     sorted(byTotal),
		"-total":    reverse(sorted(byTotal)),
		"date":      sorted(byDate),
		"-date":     reverse(sorted(byDate)),
		"createdAt": sorted(func(a, b finance.Invoice) int { return a.CreatedAt.Compare(b.CreatedAt) }),
	}
	for sort, want := range cases {
		t.Run(sort, func(t *testing.T) {
			if got := pages(t, list(sort), id); !slices.Equal(got, want) {
				t.Fatalf("got  %v\nwant %v", got, want)
			}
		})
	}
	_, _, err := f.svc.Invoices(ctx, finance.InvoiceFilter{Sort: "-colour"})
	wantField(t, err, errs.InvalidArgument, "sort")
}

func reverse(s []string) []string {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}
