package finance

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// StatementCSVContentType is the media type a bank statement is imported
// in.
const StatementCSVContentType = "text/csv"

// maxStatementLines bounds one import.
const maxStatementLines = 10000

// maxCSVErrors bounds the problems one refusal lists.
const maxCSVErrors = 20

// StatementRow is one parsed line of a bank statement CSV. Amount is
// signed from the company's side: positive money in, negative money out.
type StatementRow struct {
	// FileLine is the row's line in the file, the header being line 1.
	FileLine    int
	Date        time.Time
	Description string
	Reference   string
	Amount      int64
}

// The date forms a statement's date column may use: ISO, and the
// day-first forms Bangladeshi banks export.
var statementDateLayouts = []string{"2006-01-02", "02/01/2006", "2/1/2006", "02-01-2006", "02-Jan-2006", "02 Jan 2006"}

// ParseStatementCSV reads a bank statement (docs/finance.md, "Bank
// statement CSV"): UTF-8, comma-separated, a header row naming the
// columns in any order and case: date (required), description and
// reference (optional), and either amount (signed, positive for money
// in) or debit and credit (the bank's side: a debit is money out, a
// credit money in; one of the two per row). Other columns, such as a
// running balance, are ignored. Returns INVALID_ARGUMENT naming each bad
// row as lines[N].column, N the line in the file, with its column number
// in the message; nothing is kept of a refused file.
func ParseStatementCSV(data []byte) ([]StatementRow, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if err := checkText(data); err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.TrimLeadingSpace = true
	head, err := r.Read()
	if err != nil {
		return nil, csvReadError(err, "a header row such as date,description,reference,amount")
	}
	cols := map[string]int{}
	for i, h := range head {
		cols[strings.ToLower(strings.TrimSpace(h))] = i
	}
	_, hasAmount := cols["amount"]
	_, hasDebit := cols["debit"]
	_, hasCredit := cols["credit"]
	hc := &errs.Collector{}
	_, hasDate := cols["date"]
	hc.Check(hasDate, "header", "has no date column")
	hc.Check(hasAmount != (hasDebit && hasCredit), "header",
		"needs either an amount column or debit and credit columns, not both; found %s", strings.Join(head, ","))
	if err := hc.Err(); err != nil {
		return nil, err
	}
	var out []StatementRow
	c := &errs.Collector{}
	bad := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvReadError(err, "")
		}
		line, _ := r.FieldPos(0)
		if len(out) == maxStatementLines {
			return nil, errs.Field(fmt.Sprintf("lines[%d]", line), "a statement holds at most %d lines; split the file", maxStatementLines)
		}
		row, problems := parseStatementRow(rec, cols, line)
		for _, p := range problems {
			if bad < maxCSVErrors {
				c.Add(p.Field, "%s", p.Message)
			}
			bad++
		}
		out = append(out, row)
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errs.Field("body", "has a header but no lines")
	}
	return out, nil
}

// parseStatementRow reads one record, reporting each bad column.
func parseStatementRow(rec []string, cols map[string]int, line int) (StatementRow, []errs.FieldError) {
	row := StatementRow{FileLine: line}
	var problems []errs.FieldError
	bad := func(name, format string, args ...any) {
		problems = append(problems, errs.FieldError{Field: fmt.Sprintf("lines[%d].%s", line, name),
			Message: fmt.Sprintf("line %d, column %d (%s): ", line, cols[name]+1, name) + fmt.Sprintf(format, args...)})
	}
	get := func(name string) string {
		if i, ok := cols[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	row.Date = parseStatementDate(get("date"))
	if row.Date.IsZero() {
		bad("date", "%q is not a date such as 2026-07-31 or 31/07/2026", get("date"))
	}
	row.Description, row.Reference = get("description"), get("reference")
	if utf8.RuneCountInString(row.Description) > 500 {
		bad("description", "must be at most 500 characters")
	}
	if utf8.RuneCountInString(row.Reference) > 100 {
		bad("reference", "must be at most 100 characters")
	}
	if _, ok := cols["amount"]; ok {
		a, err := money.Parse(get("amount"), money.BDT)
		switch {
		case err != nil:
			bad("amount", "%q is not an amount of taka with at most two decimals", get("amount"))
		case a.IsZero():
			bad("amount", "must not be zero")
		}
		row.Amount = a.Minor()
		return row, problems
	}
	debit, credit := get("debit"), get("credit")
	if (debit == "") == (credit == "") {
		bad("debit", "give either a debit or a credit")
		return row, problems
	}
	name, s := "credit", credit
	if debit != "" {
		name, s = "debit", debit
	}
	a, err := money.Parse(s, money.BDT)
	if err != nil || a.Sign() <= 0 {
		bad(name, "%q is not a positive amount of taka with at most two decimals", s)
		return row, problems
	}
	row.Amount = a.Minor()
	if name == "debit" {
		row.Amount = -row.Amount
	}
	return row, problems
}

func parseStatementDate(s string) time.Time {
	for _, l := range statementDateLayouts {
		if d, err := time.Parse(l, s); err == nil {
			return d
		}
	}
	return time.Time{}
}

// checkText refuses a file that is not UTF-8 or holds a NUL character,
// naming the first such line: the database stores neither, and a file
// saved in a legacy code page would otherwise be stored as mojibake.
func checkText(data []byte) error {
	bad := bytes.IndexByte(data, 0)
	if !utf8.Valid(data) {
		for i := 0; i < len(data); {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n == 1 {
				if bad < 0 || i < bad {
					bad = i
				}
				break
			}
			i += n
		}
	}
	if bad < 0 {
		return nil
	}
	line := 1 + bytes.Count(data[:bad], []byte("\n"))
	return errs.Field(fmt.Sprintf("lines[%d]", line),
		"line %d is not UTF-8 text or holds a NUL character; save the statement as CSV UTF-8", line)
}

// csvReadError names the line and column encoding/csv stopped at.
func csvReadError(err error, want string) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return errs.Field(fmt.Sprintf("lines[%d]", pe.Line), "line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
	}
	if errors.Is(err, io.EOF) {
		return errs.Field("body", "is empty; send %s", want)
	}
	return errs.Field("body", "is not CSV: %v", err)
}
