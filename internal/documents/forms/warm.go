package forms

import (
	"time"

	"github.com/vextrus/vextrus/internal/documents/pdf"
)

// Warm loads the fonts and draws a Mushak-6.3 in each language, so the
// labels every invoice prints are already shaped when the first real one
// is asked for. A documents worker calls it once at start; it returns
// the error that would otherwise fail every document (a broken font).
func Warm() error {
	if err := pdf.Load(); err != nil {
		return err
	}
	for _, l := range []Lang{Bangla, English} {
		m := Mushak63{
			Lang:     l,
			Seller:   Party{Name: "Seller", BIN: "000000000-0000"},
			Buyer:    Party{Name: "Buyer"},
			Number:   "0",
			IssuedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
			Lines:    []Line63{{Description: "-", Quantity: "1", VATRate: "15%", Value: 100, VAT: 15, Total: 115}},
			Value:    100, VAT: 15, Total: 115,
		}
		if _, err := RenderMushak63(m); err != nil {
			return err
		}
	}
	return nil
}
