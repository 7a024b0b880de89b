package finance_test

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/apitest"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// FuzzParseStatementCSV reads arbitrary files as bank statements: a file
// is refused with INVALID_ARGUMENT naming a line or column, or every row
// is dated, non-zero, UTF-8 text a database column takes, and the rows
// written back as a statement CSV read as the same rows.
func FuzzParseStatementCSV(f *testing.F) {
	for _, s := range []string{
		"date,description,reference,amount\n2026-12-01,Deposit,R1,100.00\n2026-12-02,\"Cheque 1234, Rahim\",CHQ-1234,-2500.5\n",
		"\ufeffDate,Description,Reference,Debit,Credit,Balance\n01/12/2026,Fee,F1,10.00,,990.00\n2/12/2026,Transfer in,T9,,1000,1990\n",
		"Date , Amount\n01-Dec-2026,\"1,25,000.75\"\n01 Dec 2026,-0.01\n",
		"date,description,reference,amount\n2026-12-01,Deposit,R1,100.00\n2026-12-02,Deposit,R2,12.345\n",
		"date,description,reference,debit,credit\n01/12/2026,Fee,F1,10.00,5.00\n",
		"date,description,amount\n2026-12-01,Deposit\n",
		"date,description\n2026-12-01,Deposit\n",
		"date,amount,debit,credit\n2026-12-01,1,,\n",
		"date,amount\n2026-02-30,1\n2026-12-01,0\n",
		"date,amount\n",
		"date,description,amount\n2026-12-01,\"unterminated,5\n",
		"date,description,amount\n2026-12-01,caf\xe9,5\n",
		"date,description,amount\n2026-12-01,nul\x00here,5\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := finance.ParseStatementCSV(data)
		if err != nil {
			if rows != nil {
				t.Fatalf("ParseStatementCSV returned %d rows and %v", len(rows), err)
			}
			apitest.RequireFieldRefusal(t, "statement", err)
			return
		}
		if len(rows) == 0 {
			t.Fatal("ParseStatementCSV accepted a statement of no lines")
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		_ = w.Write([]string{"date", "description", "reference", "amount"})
		for _, r := range rows {
			if r.Date.IsZero() || r.Amount == 0 {
				t.Fatalf("line %d: date %v, amount %d", r.FileLine, r.Date, r.Amount)
			}
			for _, s := range []string{r.Description, r.Reference} {
				if !utf8.ValidString(s) || bytes.IndexByte([]byte(s), 0) >= 0 {
					t.Fatalf("line %d: %q is not text a database column takes", r.FileLine, s)
				}
			}
			_ = w.Write([]string{r.Date.Format(time.DateOnly), r.Description, r.Reference, money.New(r.Amount, money.BDT).String()})
		}
		w.Flush()
		again, err := finance.ParseStatementCSV(buf.Bytes())
		if err != nil || len(again) != len(rows) {
			t.Fatalf("%d rows written back read as %d, %v:\n%s", len(rows), len(again), err, buf.Bytes())
		}
		for i := range rows {
			a, b := rows[i], again[i]
			a.FileLine, b.FileLine = 0, 0
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("row %+v written back reads as %+v", rows[i], again[i])
			}
		}
	})
}

// FuzzInvoiceBody reads arbitrary create-invoice bodies as the REST
// handler does and computes their lines at arbitrary rates: a body is a
// draft or refused with INVALID_ARGUMENT naming a field, never both;
// computing never panics and either refuses naming a field or gives
// amounts that add up (net = gross − discount, total = net + SD + VAT)
// and stay within the books' range.
func FuzzInvoiceBody(f *testing.F) {
	good := `{"kind":"sales","party":{"id":"01900000-0000-7000-8000-000000000001","name":"Rahim Traders","bin":"0001234560101"},` +
		`"date":"2026-12-01","lines":[{"description":"Portland cement 50kg","quantity":"2.5","unit":"bag",` +
		`"unitPrice":{"amount":"550.00","currency":"BDT"},"discount":{"amount":"10","currency":"BDT"}}]}`
	for _, s := range []string{
		good,
		`{"kind":"purchase","party":{"id":"01900000-0000-7000-8000-000000000001"},"supplierRef":"S-1","withholdingTax":{"category":"supply"},` +
			`"buyerWithholdsVat":true,"lines":[{"description":"x","quantity":"999999999999.9999","unitPrice":{"amount":"92233720368547758.07","currency":"BDT"}}]}`,
		`{"kind":"sales","party":{"id":"01900000-0000-7000-8000-000000000001"},"lines":[{"description":"x","quantity":"1","unitPrice":{"amount":"1","currency":"USD"}}]}`,
		`{"kind":"sales","party":{"id":"01900000-0000-7000-8000-000000000001"},"lines":[{"description":"x","quantity":"1","unitPrice":{"amount":"1.001","currency":"BDT"}}]}`,
		`{"kind":"sales","party":{"id":"01900000-0000-7000-8000-000000000001"},"lines":[{"description":"x","quantity":"1","unitPrice":{"amount":"5","currency":"BDT"},"discount":{"amount":"6","currency":"BDT"}}]}`,
		`{"kind":"sales","date":"2026-12-01","dueDate":"2026-11-30","lines":[]}`,
		`{"kind":"note","lines":[{"quantity":"-1","unitPrice":"5"}]}`,
		`{"kind":"sales","date":"2026-02-30"}`,
		`{"kind":"sales","lines":[{"unitPrice":{"amount":"1"}}],"lines":[]}`,
	} {
		f.Add([]byte(s), uint32(150000), uint32(0), uint32(0))
	}
	f.Add([]byte(good), uint32(1_000_000_000), uint32(4_000_000), uint32(1_000_000))
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body []byte, vat, sd, vds uint32) {
		inv, err := finance.ReadInvoiceBody(body, now)
		if err != nil {
			if len(inv.Lines) != 0 {
				t.Fatalf("ReadInvoiceBody returned %d lines and %v", len(inv.Lines), err)
			}
			apitest.RequireFieldRefusal(t, "invoice body", err)
			return
		}
		if len(inv.Lines) == 0 || inv.DueDate.Before(inv.Date) {
			t.Fatalf("draft %+v has no lines or is due before its date", inv)
		}
		rate := finance.TaxRate{Treatment: finance.TreatmentStandard, VAT: finance.Percent(vat), SD: finance.Percent(sd), VDS: finance.Percent(vds)}
		amounts := make([]finance.LineAmounts, len(inv.Lines))
		for i, l := range inv.Lines {
			q, err := finance.ParseQuantity("quantity", l.Quantity)
			if err != nil {
				t.Fatalf("line %d of an accepted draft has quantity %q: %v", i, l.Quantity, err)
			}
			a, err := finance.ComputeLine(q, l.UnitPrice, l.Discount, rate)
			if err != nil {
				apitest.RequireFieldRefusal(t, "compute line", err)
				return
			}
			if a.Net != a.Gross-a.Discount || a.Gross < 0 || a.Net < 0 || a.SD < 0 || a.VAT < 0 || a.VDS < 0 {
				t.Fatalf("line %+v at %+v: amounts %+v", l, rate, a)
			}
			amounts[i] = a
		}
		tot, err := finance.SumLines(amounts, 0)
		if err != nil {
			apitest.RequireFieldRefusal(t, "sum lines", err)
			return
		}
		if tot.Total != tot.Net+tot.SD+tot.VAT || tot.Payable != tot.Total-tot.VDS || tot.Total < 0 {
			t.Fatalf("totals %+v of lines %+v", tot, amounts)
		}
	})
}
