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
