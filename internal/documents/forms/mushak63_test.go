package forms_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/documents/forms"
)

// requireTool returns the path of a command-line tool the test needs.
// It skips when the tool is missing, unless VEXTRUS_REQUIRE_TOOLS is set
// (as CI sets it), where a missing tool fails the test.
func requireTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("VEXTRUS_REQUIRE_TOOLS") != "" {
			t.Fatalf("%s is required (VEXTRUS_REQUIRE_TOOLS is set): %v", name, err)
		}
		t.Skipf("%s not installed: %v", name, err)
	}
	return path
}

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

// extract runs pdftotext on pdf and returns its text.
func extract(t *testing.T, pdf []byte) string {
	t.Helper()
	bin := requireTool(t, "pdftotext")
	in := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", in, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

// keepPage1 renders page 1 as a PNG into the test's artifact directory
// (go test -artifacts keeps it) and returns its path.
func keepPage1(t *testing.T, pdf []byte, name string) string {
	t.Helper()
	bin := requireTool(t, "pdftoppm")
	dir := t.ArtifactDir()
	in := filepath.Join(dir, name+".pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", in, filepath.Join(dir, name)).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	png := filepath.Join(dir, name+".png")
	if st, err := os.Stat(png); err != nil || st.Size() == 0 {
		t.Fatalf("pdftoppm wrote no page: %v", err)
	}
	t.Logf("page 1: %s", png)
	return png
}

func TestMushak63BanglaExtractsAsPrinted(t *testing.T) {
	m := invoice(forms.Bangla)
	b, err := forms.RenderMushak63(m)
	if err != nil {
		t.Fatal(err)
	}
	text := extract(t, b)
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
	keepPage1(t, b, "mushak63-bn")
}

func TestMushak63EnglishExtractsAsPrinted(t *testing.T) {
	m := invoice(forms.English)
	b, err := forms.RenderMushak63(m)
	if err != nil {
		t.Fatal(err)
	}
	text := extract(t, b)
	for _, want := range []string{
		"Rahim Traders Limited", "004567891-0203", "1,36,256.70", "Tax Invoice", "Mushak-6.3",
		"04/12/2026", "15:30", "INV-2026-000123",
		"Taka One Lakh Thirty-Six Thousand Two Hundred Fifty-Six and Seventy Poisha Only",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext output lacks %q:\n%s", want, text)
		}
	}
	keepPage1(t, b, "mushak63-en")
}
