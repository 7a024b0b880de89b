package forms_test

import (
	"testing"

	"github.com/vextrus/vextrus/internal/documents/forms"
)

func BenchmarkMushak63Bangla(b *testing.B) {
	m := invoice(forms.Bangla)
	for b.Loop() {
		if _, err := forms.RenderMushak63(m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTable500RowsBangla(b *testing.B) {
	t := trialBalance(forms.Bangla, 500, false)
	for b.Loop() {
		if _, err := forms.RenderTable(t); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMushak63Parallel(b *testing.B) {
	m := invoice(forms.Bangla)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := forms.RenderMushak63(m); err != nil {
				b.Error(err)
			}
		}
	})
}
