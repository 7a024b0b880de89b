package forms

import (
	"strings"

	"github.com/vextrus/vextrus/internal/documents/pdf"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

var (
	tableBody = pdf.Style{Size: 8}
	tableHead = pdf.Style{Size: 8, Bold: true}
)

// RenderTable draws a tabular report (trial balance, ageing, the 9.1
// summary) as a PDF, paginated with the header row repeated.
//
// Returns INVALID_ARGUMENT when there are no columns or a row, the
// footer or the language does not fit them.
func RenderTable(t Table) ([]byte, error) {
	if err := t.validate(); err != nil {
		return nil, err
	}
	w, h := pdf.A4Width, pdf.A4Height
	if t.Landscape {
		w, h = h, w
	}
	d := pdf.New()
	d.Title, d.Lang = t.Title, string(t.Lang)
	p := d.AddPage(w, h)
	y := tableHeader(p, t)

	g := grid{x: margin, pad: 3, widths: columnWidths(t, w-2*margin)}
	for _, c := range t.Columns {
		g.numeric = append(g.numeric, c.Numeric)
	}
	titles := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		titles[i] = c.Title
	}
	head := g.row(titles, tableHead, 1, true, true)
	bottom := h - margin - footerRoom
	g.draw(p, y, head)
	y += head.h
	for _, cells := range t.Rows {
		r := g.row(cells, tableBody, 1, false, false)
		if y+r.h > bottom {
			p = d.AddPage(w, h)
			y = margin
			g.draw(p, y, head)
			y += head.h
		}
		g.draw(p, y, r)
		y += r.h
	}
	if len(t.Footer) > 0 {
		r := g.row(t.Footer, tableHead, 1, false, true)
		if y+r.h > bottom {
			p = d.AddPage(w, h)
			y = margin
			g.draw(p, y, head)
			y += head.h
		}
		g.draw(p, y, r)
		y += r.h
	}
	y += 6
	for _, note := range t.Notes {
		for _, line := range pdf.Wrap(note, w-2*margin, valueStyle) {
			if y+lineHeight(valueStyle.Size) > bottom {
				p = d.AddPage(w, h)
				y = margin
			}
			p.Text(margin, y+1.1*valueStyle.Size, line, valueStyle)
			y += lineHeight(valueStyle.Size)
		}
	}
	word := labels[t.Lang].page
	pageNumbers(d, word, t.Lang, t.Title)
	return d.Bytes()
}

func (t Table) validate() error {
	var c errs.Collector
	checkLang(&c, t.Lang)
	c.Check(len(t.Columns) > 0, "columns", "must have at least one column")
	for i, r := range t.Rows {
		if len(r) != len(t.Columns) {
			c.Add("rows", "row %d has %d cells for %d columns", i+1, len(r), len(t.Columns))
			break
		}
	}
	c.Check(len(t.Footer) == 0 || len(t.Footer) == len(t.Columns), "footer", "must have one cell per column")
	return c.Err()
}

// tableHeader draws the company, title and subtitle and returns the y
// below them.
func tableHeader(p *pdf.Page, t Table) float64 {
	cx := p.Width() / 2
	y := margin + 12
	p.Text(cx, y, t.Company.name(t.Lang), pdf.Style{Size: 12, Bold: true, Align: pdf.Center})
	var sub []string
	if a := t.Company.address(t.Lang); a != "" {
		sub = append(sub, a)
	}
	if t.Company.BIN != "" {
		bin := "BIN"
		if t.Lang == Bangla {
			bin = "বিআইএন"
		}
		sub = append(sub, bin+": "+t.Company.BIN)
	}
	if len(sub) > 0 {
		y += 13
		p.Text(cx, y, strings.Join(sub, " · "), pdf.Style{Size: 8, Align: pdf.Center})
	}
	y += 20
	p.Text(cx, y, t.Title, pdf.Style{Size: 12, Bold: true, Align: pdf.Center})
	if t.Subtitle != "" {
		y += 14
		p.Text(cx, y, t.Subtitle, pdf.Style{Size: 9, Align: pdf.Center})
	}
	return y + 12
}

// columnWidths sizes the columns to their content within avail: each
// gets its natural width (its widest cell); when they do not fit, the
// text columns give way down to their longest word, and when they still
// do not fit every column shrinks in proportion. Spare room is shared in
// proportion to the natural widths.
func columnWidths(t Table, avail float64) []float64 {
	const pad = 6
	n := len(t.Columns)
	natural, least := make([]float64, n), make([]float64, n)
	measure := func(i int, s string, st pdf.Style) {
		natural[i] = max(natural[i], pdf.Measure(s, st)+pad)
		if !t.Columns[i].Numeric {
			for _, w := range strings.Fields(s) {
				least[i] = max(least[i], pdf.Measure(w, st)+pad)
			}
		}
	}
	for i, c := range t.Columns {
		for _, w := range strings.Fields(c.Title) {
			least[i] = max(least[i], pdf.Measure(w, tableHead)+pad)
		}
		natural[i] = max(natural[i], least[i])
	}
	for _, r := range t.Rows {
		for i, s := range r {
			measure(i, s, tableBody)
		}
	}
	for i, s := range t.Footer {
		measure(i, s, tableHead)
	}
	for i, c := range t.Columns {
		if c.Numeric {
			least[i] = natural[i]
		}
	}
	return fit(natural, least, avail)
}

func fit(natural, least []float64, avail float64) []float64 {
	sum := func(ws []float64) float64 {
		s := 0.0
		for _, w := range ws {
			s += w
		}
		return s
	}
	out := append([]float64(nil), natural...)
	total := sum(natural)
	if total <= avail {
		for i := range out {
			out[i] += (avail - total) * natural[i] / total
		}
		return out
	}
	if lt := sum(least); lt <= avail {
		// Text columns give up the same share of their slack.
		k := (total - avail) / (total - lt)
		for i := range out {
			out[i] = natural[i] - k*(natural[i]-least[i])
		}
		return out
	}
	k := avail / sum(least)
	for i := range out {
		out[i] = least[i] * k
	}
	return out
}
