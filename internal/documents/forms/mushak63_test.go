package forms_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/documents/forms"
	"github.com/vextrus/vextrus/internal/documents/pdf/pdftest"
	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

func invoice(lang forms.Lang) forms.Mushak63 {
	dhaka := time.FixedZone("Asia/Dhaka", 6*3600)
	lines := []forms.Line63{
		{Description: "ক্ষুদ্র ও কুটির শিল্পের হস্তনির্মিত পণ্য (জামদানি শাড়ি)", Quantity: "12.5", Unit: "পিস",
			UnitPrice: 8_000_00, Value: 1_00_000_00, SD: 0, VATRate: "15%", VAT: 15_000_00, Total: 1_15_000_00},
		{Description: "পরিবহন সেবা", Quantity: "1", Unit: "ট্রিপ",
			UnitPrice: 7_456_70, Value: 7_456_70, SD: 0, VATRate: "exempt", VAT: 0, Total: 7_456_70},
		{Description: "Imported cosmetics (brand: Lux)", Quantity: "100", Unit: "pcs",
			UnitPrice: 10_000, Value: 10_000_00, SD: 2_000_00, VATRate: "15%", VAT: 1_800_00, Total: 13_800_00},
	}
	m := forms.Mushak63{
		Lang: lang,
		Seller: forms.Party{Name: "Karnaphuli Textiles Ltd", NameBn: "কর্ণফুলী টেক্সটাইলস লিমিটেড", BIN: "000123456-0101",
			Address: "12 Agrabad C/A, Chattogram 4100", AddressBn: "১২ আগ্রাবাদ বাণিজ্যিক এলাকা, চট্টগ্রাম ৪১০০"},
		Buyer: forms.Party{Name: "Rahim Traders Limited", NameBn: "রহিম ট্রেডার্স লিমিটেড", BIN: "004567891-0203",
			Address: "45 Nawabpur Road, Dhaka 1100", AddressBn: "৪৫ নবাবপুর রোড, ঢাকা ১১০০"},
		Number:          "INV-2026-000123",
		IssuedAt:        time.Date(2026, 12, 4, 15, 30, 0, 0, dhaka),
		DeliveryAddress: "Tejgaon warehouse, Dhaka",
		Vehicle:         "Covered van, Dhaka Metro-Ta 11-2345",
		Lines:           lines,
	}
	for _, l := range lines {
		m.Value, m.SD, m.VAT, m.Total = m.Value+l.Value, m.SD+l.SD, m.VAT+l.VAT, m.Total+l.Total
	}
	return m
}

func TestMushak63BanglaExtractsAsPrinted(t *testing.T) {
	m := invoice(forms.Bangla)
	b, err := forms.RenderMushak63(m)
	if err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, b)
	for _, want := range []string{
		"রহিম ট্রেডার্স লিমিটেড",      // buyer: conjuncts and reordered vowel signs
		"কর্ণফুলী টেক্সটাইলস লিমিটেড", // seller
		"004567891-0203", // buyer BIN, as given
		"১,৩৬,২৫৬.৭০",    // total in Bangla digits, lakh grouping
		"কর চালানপত্র",
		"মূসক-৬.৩",
		"০৪/১২/২০২৬",
		"১৫:৩০",
		"ক্ষুদ্র ও কুটির শিল্পের হস্তনির্মিত পণ্য",
		"এক লক্ষ ছত্রিশ হাজার দুইশত ছাপ্পান্ন টাকা সত্তর পয়সা মাত্র",
		"অব্যাহতিপ্রাপ্ত",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext output lacks %q:\n%s", want, text)
		}
	}
	pdftest.KeepPage(t, b, 1, "mushak63-bn")
}

func TestMushak63EnglishExtractsAsPrinted(t *testing.T) {
	m := invoice(forms.English)
	b, err := forms.RenderMushak63(m)
	if err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, b)
	for _, want := range []string{
		"Rahim Traders Limited", "004567891-0203", "1,36,256.70", "Tax Invoice", "Mushak-6.3",
		"04/12/2026", "15:30", "INV-2026-000123",
		"Taka One Lakh Thirty-Six Thousand Two Hundred Fifty-Six and Seventy Poisha Only",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext output lacks %q:\n%s", want, text)
		}
	}
	pdftest.KeepPage(t, b, 1, "mushak63-en")
}

func TestMushak63ManyLinesRepeatTheHeaderOnEveryPage(t *testing.T) {
	m := invoice(forms.Bangla)
	line := m.Lines[0]
	m.Lines = nil
	m.Value, m.SD, m.VAT, m.Total = 0, 0, 0, 0
	for range 60 {
		m.Lines = append(m.Lines, line)
		m.Value, m.SD, m.VAT, m.Total = m.Value+line.Value, m.SD+line.SD, m.VAT+line.VAT, m.Total+line.Total
	}
	b, err := forms.RenderMushak63(m)
	if err != nil {
		t.Fatal(err)
	}
	n := pdftest.Pages(t, b)
	if n < 2 {
		t.Fatalf("60 lines on %d page(s), want more than one", n)
	}
	pages := strings.Split(strings.TrimRight(pdftest.Text(t, b), "\f"), "\f")
	if len(pages) != n {
		t.Fatalf("pdftotext found %d pages, pdfinfo %d", len(pages), n)
	}
	for i, pg := range pages {
		if !strings.Contains(pg, "পণ্য বা সেবার বর্ণনা") {
			t.Errorf("page %d lacks the header row", i+1)
		}
		if want := "পৃষ্ঠা " + bd.ToBengaliDigits(fmt.Sprintf("%d/%d", i+1, n)); !strings.Contains(pg, want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
	}
	last := pages[len(pages)-1]
	for _, want := range []string{"৬০", "৬৯,০০,০০০.০০", "সর্বমোট", "কথায়:", "স্বাক্ষর:"} {
		if !strings.Contains(last, want) {
			t.Errorf("last page lacks %q", want)
		}
	}
}

func TestMushak63RefusesWhatNBRRequiresMissing(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*forms.Mushak63)
		field string
	}{
		{"unknown language", func(m *forms.Mushak63) { m.Lang = "fr" }, "lang"},
		{"no seller BIN", func(m *forms.Mushak63) { m.Seller.BIN = "" }, "seller.bin"},
		{"no number", func(m *forms.Mushak63) { m.Number = "" }, "number"},
		{"no issue time", func(m *forms.Mushak63) { m.IssuedAt = time.Time{} }, "issuedAt"},
		{"no lines", func(m *forms.Mushak63) { m.Lines = nil }, "lines"},
		{"total not the lines' sum", func(m *forms.Mushak63) { m.Total++ }, "total"},
		{"VAT not the lines' sum", func(m *forms.Mushak63) { m.VAT-- }, "vat"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := invoice(forms.Bangla)
			c.edit(&m)
			_, err := forms.RenderMushak63(m)
			e := errs.As(err)
			if e.Code != errs.InvalidArgument {
				t.Fatalf("got %v, want INVALID_ARGUMENT", err)
			}
			found := false
			for _, f := range e.Fields {
				found = found || f.Field == c.field
			}
			if !found {
				t.Errorf("fields %+v lack %q", e.Fields, c.field)
			}
		})
	}
}

func TestWarmRendersBothLanguages(t *testing.T) {
	if err := forms.Warm(); err != nil {
		t.Fatal(err)
	}
}
