package forms

import (
	"fmt"
	"strconv"

	"github.com/vextrus/vextrus/internal/documents/pdf"
	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Page geometry of the invoice, in points.
const (
	margin     = 28.0
	footerRoom = 24.0 // below the last row: the page number
)

// widths63 are the invoice's columns on A4 portrait: serial, description,
// quantity, unit, unit price, value, SD, VAT rate, VAT, total.
var widths63 = []float64{28, 135, 38, 30, 50, 54, 44, 46, 52, 62}

var numeric63 = []bool{true, false, true, false, true, true, true, true, true, true}

// RenderMushak63 draws the tax invoice as a PDF (A4), text shaped
// (Bangla conjuncts, reordered vowel signs) and extractable: pdftotext
// yields the strings as given (Bangla digits in the Bangla version).
//
// Returns INVALID_ARGUMENT when a field NBR requires is missing or the
// totals are not the sums of the lines.
func RenderMushak63(m Mushak63) ([]byte, error) {
	if err := m.validate(); err != nil {
		return nil, err
	}
	l := labels[m.Lang]
	d := pdf.New()
	d.Title, d.Lang = l.form+" "+m.Number, string(m.Lang)
	p := d.AddPage(pdf.A4Width, pdf.A4Height)
	y := header63(p, l)
	y = parties63(p, m, l, y) + 10

	g := grid{x: margin, widths: widths63, numeric: numeric63, pad: 3}
	head := g.row(l.columns[:], pdf.Style{Size: 6.5, Bold: true}, 1, true, true)
	nums := make([]string, len(widths63))
	for i := range nums {
		nums[i] = digits(m.Lang, "("+strconv.Itoa(i+1)+")")
	}
	numRow := g.row(nums, pdf.Style{Size: 6.5}, 1, true, false)
	bottom := pdf.A4Height - margin - footerRoom
	startTable := func() {
		g.draw(p, y, head)
		y += head.h
		g.draw(p, y, numRow)
		y += numRow.h
	}
	startTable()
	body := pdf.Style{Size: 7.5}
	for i, ln := range m.Lines {
		r := g.row([]string{
			digits(m.Lang, strconv.Itoa(i+1)), ln.Description, digits(m.Lang, ln.Quantity), ln.Unit,
			amount(m.Lang, ln.UnitPrice), amount(m.Lang, ln.Value), amount(m.Lang, ln.SD),
			l.vatRate(m.Lang, ln.VATRate), amount(m.Lang, ln.VAT), amount(m.Lang, ln.Total),
		}, body, 1, false, false)
		if y+r.h > bottom {
			p = d.AddPage(pdf.A4Width, pdf.A4Height)
			y = margin
			startTable()
		}
		g.draw(p, y, r)
		y += r.h
	}
	totals := g.row([]string{l.total, amount(m.Lang, m.Value), amount(m.Lang, m.SD), "",
		amount(m.Lang, m.VAT), amount(m.Lang, m.Total)}, pdf.Style{Size: 7.5, Bold: true}, 5, false, true)
	if y+totals.h > bottom {
		p = d.AddPage(pdf.A4Width, pdf.A4Height)
		y = margin
	}
	g.draw(p, y, totals)
	y += totals.h + 8

	words := pdf.Wrap(l.inWords+" "+bd.AmountInWords(m.Total, string(m.Lang)), g.width(), pdf.Style{Size: 8.5})
	if y+float64(len(words))*lineHeight(8.5)+signRoom > bottom {
		p = d.AddPage(pdf.A4Width, pdf.A4Height)
		y = margin
	}
	for _, w := range words {
		p.Text(margin, y+8.5, w, pdf.Style{Size: 8.5, Bold: true})
		y += lineHeight(8.5)
	}
	signature63(p, m, l, y+14)
	pageNumbers(d, l.page, m.Lang, l.form+" "+m.Number)
	return d.Bytes()
}

func (m Mushak63) validate() error {
	var c errs.Collector
	checkLang(&c, m.Lang)
	c.Check(m.Seller.Name != "" || m.Seller.NameBn != "", "seller.name", "is required")
	c.Check(m.Seller.BIN != "", "seller.bin", "is required")
	c.Check(m.Buyer.Name != "" || m.Buyer.NameBn != "", "buyer.name", "is required")
	c.Check(m.Number != "", "number", "is required")
	c.Check(!m.IssuedAt.IsZero(), "issuedAt", "is required")
	c.Check(len(m.Lines) > 0, "lines", "must have at least one line")
	var v, sd, vat, total int64
	for _, ln := range m.Lines {
		v, sd, vat, total = v+ln.Value, sd+ln.SD, vat+ln.VAT, total+ln.Total
	}
	for _, s := range []struct {
		field     string
		got, want int64
	}{{"value", m.Value, v}, {"sd", m.SD, sd}, {"vat", m.VAT, vat}, {"total", m.Total, total}} {
		c.Check(s.got == s.want, s.field, "must be the sum of the lines (%d poisha), not %d", s.want, s.got)
	}
	return c.Err()
}

// pageNumbers prints "Page i of n" and what the document is at the foot
// of every page.
func pageNumbers(d *pdf.Document, word string, lang Lang, what string) {
	n := d.Pages()
	for i := 0; i < n; i++ {
		p := d.Page(i)
		s := fmt.Sprintf("%s %d/%d", word, i+1, n)
		p.Text(p.Width()/2, p.Height()-margin+6, digits(lang, s), pdf.Style{Size: 7, Align: pdf.Center})
		p.Text(p.Width()-margin, p.Height()-margin+6, what, pdf.Style{Size: 7, Align: pdf.Right})
	}
}
