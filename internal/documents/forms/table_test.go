package forms_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/documents/forms"
	"github.com/vextrus/vextrus/internal/documents/pdf/pdftest"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

func trialBalance(lang forms.Lang, rows int, landscape bool) forms.Table {
	t := forms.Table{
		Lang:      lang,
		Company:   forms.Party{Name: "Karnaphuli Textiles Ltd", NameBn: "কর্ণফুলী টেক্সটাইলস লিমিটেড", BIN: "000123456-0101", Address: "Chattogram"},
		Title:     "Trial balance",
		Subtitle:  "1 July 2026 to 30 November 2026",
		Columns:   []forms.Column{{Title: "Account code"}, {Title: "Account name"}, {Title: "Debit (Tk)", Numeric: true}, {Title: "Credit (Tk)", Numeric: true}},
		Footer:    []string{"", "Total", "12,34,567.89", "12,34,567.89"},
		Notes:     []string{"Amounts in taka; balances as posted up to the end of the period.", "Prepared by Vextrus."},
		Landscape: landscape,
	}
	if lang == forms.Bangla {
		t.Title, t.Subtitle = "রেওয়ামিল", "১ জুলাই ২০২৬ থেকে ৩০ নভেম্বর ২০২৬"
		t.Columns = []forms.Column{{Title: "হিসাব কোড"}, {Title: "হিসাবের নাম"}, {Title: "ডেবিট (টাকা)", Numeric: true}, {Title: "ক্রেডিট (টাকা)", Numeric: true}}
		t.Footer = []string{"", "মোট", "১২,৩৪,৫৬৭.৮৯", "১২,৩৪,৫৬৭.৮৯"}
	}
	for i := range rows {
		name := fmt.Sprintf("Account %d: accounts receivable from trade customers in Dhaka division", i+1)
		if lang == forms.Bangla {
			name = fmt.Sprintf("হিসাব %d: ক্ষুদ্র ও কুটির শিল্পের প্রাপ্য", i+1)
		}
		t.Rows = append(t.Rows, []string{fmt.Sprintf("1%04d", i), name, "1,23,456.00", ""})
	}
	return t
}

func TestTableRepeatsTheHeaderRowOnEveryPage(t *testing.T) {
	for _, lang := range []forms.Lang{forms.Bangla, forms.English} {
		t.Run(string(lang), func(t *testing.T) {
			tb := trialBalance(lang, 120, false)
			b, err := forms.RenderTable(tb)
			if err != nil {
				t.Fatal(err)
			}
			n := pdftest.Pages(t, b)
			if n < 3 {
				t.Fatalf("120 rows on %d pages, want at least 3", n)
			}
			pages := strings.Split(strings.TrimRight(pdftest.Text(t, b), "\f"), "\f")
			for i, pg := range pages {
				if !strings.Contains(pg, tb.Columns[1].Title) {
					t.Errorf("page %d lacks the header row", i+1)
				}
			}
			if !strings.Contains(pages[0], tb.Title) || !strings.Contains(pages[0], tb.Subtitle) {
				t.Errorf("first page lacks the title or subtitle")
			}
			last := pages[len(pages)-1]
			for _, want := range append([]string{tb.Rows[119][1], tb.Notes[0]}, tb.Footer[1:]...) {
				if !strings.Contains(last, want) {
					t.Errorf("last page lacks %q", want)
				}
			}
			pdftest.KeepPage(t, b, 1, "trial-balance-"+string(lang))
		})
	}
}

func TestTableLandscapeTurnsThePage(t *testing.T) {
	b, err := forms.RenderTable(trialBalance(forms.English, 5, true))
	if err != nil {
		t.Fatal(err)
	}
	if info := pdftest.Info(t, b); !strings.Contains(info, "841.89 x 595.28") {
		t.Errorf("not A4 landscape:\n%s", info)
	}
}

func TestTableRefusesRowsThatDoNotFitTheColumns(t *testing.T) {
	tb := trialBalance(forms.English, 3, false)
	tb.Rows[1] = tb.Rows[1][:2]
	if _, err := forms.RenderTable(tb); !errs.Is(err, errs.InvalidArgument) {
		t.Errorf("got %v, want INVALID_ARGUMENT", err)
	}
}
