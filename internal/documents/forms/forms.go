// Package forms draws the printed documents of Vextrus as PDF: the NBR
// Mushak-6.3 tax invoice and tabular reports (trial balance, ageing, the
// Mushak-9.1 summary), in Bangla or English.
//
// The forms take values already chosen for print (a party's Bangla name,
// a quantity as the invoice states it) and amounts in poisha; they do no
// lookups. Text is shaped and stays extractable (see package pdf), so
// pdftotext of a Bangla invoice yields its names and figures as printed.
//
// Decisions where NBR's form is silent: a Bangla invoice prints amounts,
// quantities, rates, serials, dates (dd/mm/yyyy) and times (24-hour) in
// Bengali digits with lakh/crore grouping, but the BIN and the invoice
// number as given, since they are identifiers matched against NBR's and
// the seller's records; party names and addresses print in Bangla when a
// Bangla form is given, else as given. An invoice whose totals are not
// the sums of its lines is refused rather than printed.
package forms

import (
	"time"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// Lang is the language a document is printed in.
type Lang string

// Languages.
const (
	Bangla  Lang = "bn"
	English Lang = "en"
)

func (l Lang) valid() bool { return l == Bangla || l == English }

// Party is a seller, buyer or company as printed.
type Party struct {
	Name, NameBn string // NameBn used for Bangla when set, else Name
	BIN          string
	Address      string // one line, as printed
	AddressBn    string // optional
}

func (p Party) name(l Lang) string {
	if l == Bangla && p.NameBn != "" {
		return p.NameBn
	}
	return p.Name
}

func (p Party) address(l Lang) string {
	if l == Bangla && p.AddressBn != "" {
		return p.AddressBn
	}
	return p.Address
}

// Line63 is one line of a Mushak-6.3.
type Line63 struct {
	Description string
	Quantity    string // as printed, e.g. "12.5"
	Unit        string
	UnitPrice   int64  // poisha
	Value       int64  // poisha, quantity × price less discount, before SD and VAT
	SD          int64  // poisha
	VATRate     string // as printed: "15%", "5%", "exempt", "zero-rated", "specific"
	VAT         int64  // poisha
	Total       int64  // poisha, Value + SD + VAT
}

// Mushak63 is a tax invoice (কর চালানপত্র) under rule 40(1)(c) and (f)
// of the VAT and SD Rules 2016.
type Mushak63 struct {
	Lang                  Lang
	Seller                Party
	Buyer                 Party
	Number                string    // the Mushak-6.3 number
	IssuedAt              time.Time // in the tenant's zone; printed date and time
	DeliveryAddress       string    // optional
	Vehicle               string    // optional: vehicle type and number
	Lines                 []Line63
	Value, SD, VAT, Total int64 // poisha; the sums of the lines

	// The person who signs for the seller (optional): printed in the
	// signature block, which has blank lines to fill by hand otherwise.
	AuthorisedName        string
	AuthorisedDesignation string
}

// Column is a column of a Table.
type Column struct {
	Title   string
	Numeric bool // right-aligned
}

// Table is a tabular report.
type Table struct {
	Lang      Lang
	Company   Party
	Title     string // e.g. "Trial balance", "মূসক-৯.১"
	Subtitle  string // e.g. the period
	Columns   []Column
	Rows      [][]string // already formatted cells
	Footer    []string   // totals row, optional
	Notes     []string   // lines under the table, optional
	Landscape bool
}

// amount formats poisha with lakh grouping, in Bengali digits for Bangla.
func amount(l Lang, poisha int64) string {
	a := money.New(poisha, money.BDT)
	if l == Bangla {
		return money.FormatLakh(a, money.WithBengaliDigits())
	}
	return money.FormatLakh(a)
}

// digits writes the digits of s in the document's script.
func digits(l Lang, s string) string {
	if l == Bangla {
		return bd.ToBengaliDigits(s)
	}
	return s
}

func checkLang(c *errs.Collector, l Lang) {
	c.Check(l.valid(), "lang", "must be bn or en")
}
