package pdf_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/vextrus/vextrus/internal/documents/pdf"
	"github.com/vextrus/vextrus/internal/documents/pdf/pdftest"
)

// Strings whose shaping moves or joins characters: reordered vowel signs
// (ি ে ৈ before the consonant, ো ৌ on both sides), conjuncts with virama,
// reph and ya-phala, Bengali digits, and Bangla mixed with Latin.
var bangla = []string{
	"রহিম ট্রেডার্স লিমিটেড",
	"ক্ষুদ্র ও কুটির শিল্প",
	"কোম্পানি বৈশাখী মেলা কৌশল",
	"স্ত্রী সম্প্রদায় উজ্জ্বল ব্যবসায়",
	"মোট: ১,২৩,৪৫৬.৭০ টাকা (BDT 123456.70)",
	"Invoice INV-0042 — ৳ 1,250.50",
}

func TestTextExtractsAsGiven(t *testing.T) {
	d := pdf.New()
	p := d.AddPage(pdf.A4Width, pdf.A4Height)
	for i, s := range bangla {
		p.Text(40, 60+float64(i)*30, s, pdf.Style{Size: 12, Bold: i%2 == 1})
	}
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSpace(pdftest.Text(t, b)), "\n")
	var lines []string
	for _, l := range got {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if strings.Join(lines, "\n") != strings.Join(bangla, "\n") {
		t.Errorf("pdftotext gave\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(bangla, "\n"))
	}
	pdftest.KeepPage(t, b, 1, "shaped")
}

var wordBox = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="[0-9.]+" xMax="([0-9.]+)"[^>]*>([^<]*)</word>`)

func TestAlignmentUsesTheShapedWidth(t *testing.T) {
	d := pdf.New()
	p := d.AddPage(pdf.A4Width, pdf.A4Height)
	p.Text(500, 100, "মোট ১,২৩,৪৫৬.৭০", pdf.Style{Size: 10, Align: pdf.Right})
	p.Text(300, 200, "কেন্দ্র", pdf.Style{Size: 10, Align: pdf.Center})
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	boxes := map[string][2]float64{}
	for _, m := range wordBox.FindAllStringSubmatch(pdftest.BBoxes(t, b), -1) {
		x0, _ := strconv.ParseFloat(m[1], 64)
		x1, _ := strconv.ParseFloat(m[2], 64)
		boxes[m[3]] = [2]float64{x0, x1}
	}
	if r, ok := boxes["মোট ১,২৩,৪৫৬.৭০"]; !ok || r[1] < 498 || r[1] > 501 {
		t.Errorf("right-aligned text ends at %v, want 500 (boxes %v)", r, boxes)
	}
	if c, ok := boxes["কেন্দ্র"]; !ok || (c[0]+c[1])/2 < 298 || (c[0]+c[1])/2 > 302 {
		t.Errorf("centred text spans %v, want its middle at 300", c)
	}
}

func TestWrapFitsTheWidthAndKeepsClustersWhole(t *testing.T) {
	st := pdf.Style{Size: 9}
	text := "সরবরাহের গন্তব্যস্থল: ক্ষুদ্র ও কুটির শিল্প কর্পোরেশন, তেজগাঁও শিল্প এলাকা, ঢাকা ১২০৮ এবং Tejgaon Industrial Area"
	lines := pdf.Wrap(text, 120, st)
	if len(lines) < 3 {
		t.Fatalf("got %d lines, want the text wrapped: %q", len(lines), lines)
	}
	for _, l := range lines {
		if w := pdf.Measure(l, st); w > 120 {
			t.Errorf("line %q is %.1f wide, over 120", l, w)
		}
	}
	if strings.Join(lines, " ") != text {
		t.Errorf("wrapping lost words: %q", lines)
	}

	long := strings.Repeat("ক্ষুদ্রশিল্পোন্নয়ন", 4)
	parts := pdf.Wrap(long, 60, st)
	if len(parts) < 2 || strings.Join(parts, "") != long {
		t.Fatalf("long word broken into %q", parts)
	}
	for _, l := range parts[1:] {
		r := []rune(l)[0]
		if unicode.In(r, unicode.Mn, unicode.Mc) {
			t.Errorf("line %q starts with a vowel sign or mark", l)
		}
	}
	for _, l := range parts[:len(parts)-1] {
		if r := []rune(l); r[len(r)-1] == '\u09CD' {
			t.Errorf("line %q ends with a virama, splitting a conjunct", l)
		}
	}
}

func TestFontsAreEmbeddedSubsetsWithToUnicode(t *testing.T) {
	d := pdf.New()
	p := d.AddPage(pdf.A4Width, pdf.A4Height)
	for i, s := range bangla {
		p.Text(40, 60+float64(i)*30, s, pdf.Style{Size: 12, Bold: i%2 == 1})
	}
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > 120<<10 {
		t.Errorf("a page of text is %d bytes; the fonts are not subset", len(b))
	}
	path := filepath.Join(t.TempDir(), "fonts.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftest.Tool(t, "pdffonts"), path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v\n%s", err, out)
	}
	rows := strings.Split(strings.TrimSpace(string(out)), "\n")[2:]
	if len(rows) != 4 {
		t.Fatalf("want the four faces, got:\n%s", out)
	}
	for _, r := range rows {
		f := strings.Fields(r)
		// name, type (2 words), encoding, emb, sub, uni, object id (2)
		if len(f) < 7 || f[3] != "Identity-H" || f[4] != "yes" || f[5] != "yes" || f[6] != "yes" {
			t.Errorf("font not an embedded Identity-H subset with ToUnicode: %s", r)
		}
	}
}

func TestPagesKeepTheirSizes(t *testing.T) {
	d := pdf.New()
	d.AddPage(pdf.A4Width, pdf.A4Height).Text(40, 40, "এক", pdf.Style{Size: 10})
	d.AddPage(pdf.A4Height, pdf.A4Width).Text(40, 40, "দুই", pdf.Style{Size: 10})
	d.AddPage(pdf.A4Width, pdf.A4Height).Rect(40, 40, 100, 100, 1)
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if n := pdftest.Pages(t, b); n != 3 {
		t.Errorf("got %d pages, want 3", n)
	}
	if text := pdftest.Text(t, b); !strings.Contains(text, "এক") || !strings.Contains(text, "দুই") {
		t.Errorf("text of pages lost: %q", text)
	}
}

func TestDocumentsMayBeDrawnConcurrently(t *testing.T) {
	var wg sync.WaitGroup
	out := make([][]byte, 8)
	for i := range out {
		wg.Go(func() {
			d := pdf.New()
			p := d.AddPage(pdf.A4Width, pdf.A4Height)
			for j, s := range bangla {
				p.Text(40, 60+float64(j)*30, s+" "+strconv.Itoa(i), pdf.Style{Size: 11, Bold: (i+j)%2 == 0})
			}
			b, err := d.Bytes()
			if err != nil {
				t.Error(err)
			}
			out[i] = b
		})
	}
	wg.Wait()
	for i, b := range out {
		if text := pdftest.Text(t, b); !strings.Contains(text, bangla[0]+" "+strconv.Itoa(i)) {
			t.Errorf("document %d: %q", i, text)
		}
	}
}
