package documents

import (
	"bytes"
	"encoding/csv"
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// poisha is a money cell of a sheet: a number in XLSX, a decimal in CSV,
// lakh-grouped taka in a PDF.
type poisha int64

// sheet is a tabular report before it is written as XLSX, CSV or a PDF
// table: cells are strings, ints or poisha.
type sheet struct {
	company  FormParty
	title    string
	subtitle string
	columns  []FormColumn
	rows     [][]any
	// footer is the totals row; nil for none.
	footer []any
	notes  []string
}

// xlsx writes the sheet as a workbook of one sheet with excelize's
// streaming writer (rows go out as they are written, so a register of a
// busy month is not held cell by cell): the company, title and subtitle
// above the header row, money as numbers with two decimals, the totals
// in bold.
func (s sheet) xlsx() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const name = "Sheet1"
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, fmt.Errorf("xlsx style: %w", err)
	}
	moneyFmt := "#,##0.00"
	amount, err := f.NewStyle(&excelize.Style{CustomNumFmt: &moneyFmt})
	if err != nil {
		return nil, fmt.Errorf("xlsx style: %w", err)
	}
	total, err := f.NewStyle(&excelize.Style{CustomNumFmt: &moneyFmt, Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, fmt.Errorf("xlsx style: %w", err)
	}
	if err := sw.SetColWidth(1, len(s.columns), 16); err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	row := 0
	put := func(values []any, moneyStyle, textStyle int) error {
		row++
		cells := make([]any, len(values))
		for i, v := range values {
			switch v := v.(type) {
			case poisha:
				cells[i] = excelize.Cell{StyleID: moneyStyle, Value: float64(v) / 100}
			default:
				cells[i] = excelize.Cell{StyleID: textStyle, Value: v}
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		return sw.SetRow(cell, cells)
	}
	head := []any{s.company.Name + "  BIN " + s.company.BIN}
	for _, line := range [][]any{head, {s.title}, {s.subtitle}, {}} {
		if err := put(line, bold, bold); err != nil {
			return nil, fmt.Errorf("xlsx: %w", err)
		}
	}
	titles := make([]any, len(s.columns))
	for i, c := range s.columns {
		titles[i] = c.Title
	}
	if err := put(titles, bold, bold); err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	for _, r := range s.rows {
		if err := put(r, amount, 0); err != nil {
			return nil, fmt.Errorf("xlsx: %w", err)
		}
	}
	if s.footer != nil {
		if err := put(s.footer, total, bold); err != nil {
			return nil, fmt.Errorf("xlsx: %w", err)
		}
	}
	for _, n := range s.notes {
		if err := put([]any{n}, 0, 0); err != nil {
			return nil, fmt.Errorf("xlsx: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	return buf.Bytes(), nil
}

// csv writes the header row and the data rows, money as decimal taka
// (1234.50): a file to import, so no title and no totals row.
func (s sheet) csv() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff") // Excel reads UTF-8 (Bangla names) only with the BOM
	w := csv.NewWriter(&buf)
	titles := make([]string, len(s.columns))
	for i, c := range s.columns {
		titles[i] = c.Title
	}
	if err := w.Write(titles); err != nil {
		return nil, fmt.Errorf("csv: %w", err)
	}
	for _, r := range s.rows {
		rec := make([]string, len(r))
		for i, v := range r {
			rec[i] = plain(v)
		}
		if err := w.Write(rec); err != nil {
			return nil, fmt.Errorf("csv: %w", err)
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// table is the sheet as a PDF table in lang: money lakh-grouped, in
// Bangla digits for bn.
func (s sheet) table(lang Lang, landscape bool) FormTable {
	t := FormTable{Lang: lang, Company: s.company, Title: s.title, Subtitle: s.subtitle, Columns: s.columns,
		Notes: s.notes, Landscape: landscape}
	for _, r := range s.rows {
		t.Rows = append(t.Rows, printed(r, lang))
	}
	if s.footer != nil {
		t.Footer = printed(s.footer, lang)
	}
	return t
}

func printed(r []any, lang Lang) []string {
	out := make([]string, len(r))
	for i, v := range r {
		switch v := v.(type) {
		case poisha:
			if lang == "bn" {
				out[i] = money.FormatLakh(money.New(int64(v), money.BDT), money.WithBengaliDigits())
			} else {
				out[i] = money.FormatLakh(money.New(int64(v), money.BDT))
			}
		default:
			out[i] = plain(v)
			if lang == "bn" {
				out[i] = bd.ToBengaliDigits(out[i])
			}
		}
	}
	return out
}

// plain is a cell as text: money as a decimal of taka.
func plain(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case poisha:
		return money.New(int64(v), money.BDT).Decimal()
	case string:
		return v
	default:
		return fmt.Sprint(v)
	}
}
