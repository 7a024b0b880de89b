package finance_test

import (
	"testing"

	"github.com/vextrus/vextrus/internal/finance"
)

// BenchmarkCreateSubmitAutoApprove is the bench's finance path in process:
// a 10-line invoice created, submitted and approved at once (a chain
// without levels), with the rates from an in-memory table.
func BenchmarkCreateSubmitAutoApprove(b *testing.B) {
	f := newInvoiceFixture(b)
	_, ctx := newTenantCtx(b)
	in := smallSale("2026-12-04", 1000)
	for range 9 {
		in.Lines = append(in.Lines, in.Lines[0])
	}
	in.Lines[4].VATCategory = "construction_firm"
	f.mustSubmit(b, ctx, f.mustCreate(b, ctx, in).ID) // seeds the chart and the periods
	b.ResetTimer()
	for b.Loop() {
		inv := f.mustSubmit(b, ctx, f.mustCreate(b, ctx, in).ID)
		if inv.Status != finance.StatusApproved {
			b.Fatalf("status %s", inv.Status)
		}
	}
}
