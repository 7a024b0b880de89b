package finance_test

import (
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/finance"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Found while writing FuzzParseStatementCSV: a statement that is not UTF-8, or holds
// a NUL, was parsed and reached PostgreSQL, which refused it as an
// internal error; now the line is named.
func TestStatementCSVNotUTF8OrWithNULIsRefusedNamingTheLine(t *testing.T) {
	for name, file := range map[string]string{
		"Windows-1252 é":    "date,description,amount\n2026-12-01,Deposit,5\n2026-12-02,caf\xe9,5\n",
		"NUL in a cell":     "date,description,amount\n2026-12-01,Deposit,5\n2026-12-02,a\x00b,5\n",
		"truncated UTF-8":   "date,description,amount\n2026-12-01,Deposit,5\n2026-12-02,\xe0\xa6,5\n",
		"NUL after a break": "date,description,amount\n2026-12-01,\"multi\nline\x00\",5\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := finance.ParseStatementCSV([]byte(file))
			wantField(t, err, errs.InvalidArgument, "lines[3]")
		})
	}
}

// A description's limit is in characters, as the database counts them:
// 500 Bangla characters are 1,500 bytes.
func TestStatementDescriptionLimitCountsCharacters(t *testing.T) {
	desc := strings.Repeat("ক", 500)
	rows, err := finance.ParseStatementCSV([]byte("date,description,amount\n2026-12-01," + desc + ",5\n"))
	if err != nil || len(rows) != 1 || rows[0].Description != desc {
		t.Fatalf("500 Bangla characters: %d rows, %v", len(rows), err)
	}
	_, err = finance.ParseStatementCSV([]byte("date,description,amount\n2026-12-01," + desc + "ক,5\n"))
	wantField(t, err, errs.InvalidArgument, "lines[2].description")
}
