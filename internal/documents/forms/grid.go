package forms

import "github.com/vextrus/vextrus/internal/documents/pdf"

// grid lays out the rows of a ruled table: columns of fixed widths,
// cells wrapped within them, each row as tall as its tallest cell.
type grid struct {
	x       float64
	widths  []float64
	numeric []bool
	pad     float64
}

// gridRow is a row laid out and ready to draw.
type gridRow struct {
	lines  [][]string // per cell (per span), the wrapped lines
	h      float64
	st     pdf.Style
	span   int  // the first cell covers this many columns (at least 1)
	center bool // every cell centred, as in a header row
	fill   bool // shaded, for header and totals rows
}

// lineHeight leaves room for Bengali: vowel signs and reph above the
// headline and conjunct parts below the baseline.
func lineHeight(size float64) float64 { return size * 1.5 }

func (g grid) width() float64 {
	w := 0.0
	for _, c := range g.widths {
		w += c
	}
	return w
}

// cellWidths returns the widths of the cells of a row whose first cell
// spans span columns.
func (g grid) cellWidths(span int) []float64 {
	if span < 1 {
		span = 1
	}
	first := 0.0
	for _, w := range g.widths[:span] {
		first += w
	}
	return append([]float64{first}, g.widths[span:]...)
}

// row lays out cells (one per column, less span-1) in st.
func (g grid) row(cells []string, st pdf.Style, span int, center, fill bool) gridRow {
	if span < 1 {
		span = 1
	}
	ws := g.cellWidths(span)
	r := gridRow{lines: make([][]string, len(ws)), st: st, span: span, center: center, fill: fill}
	n := 1
	for i, w := range ws {
		if i < len(cells) && cells[i] != "" {
			r.lines[i] = pdf.Wrap(cells[i], w-2*g.pad, st)
		}
		n = max(n, len(r.lines[i]))
	}
	r.h = 2*g.pad + float64(n)*lineHeight(st.Size)
	return r
}

// draw draws r with its top at y.
func (g grid) draw(p *pdf.Page, y float64, r gridRow) {
	ws := g.cellWidths(r.span)
	if r.fill {
		p.FillRect(g.x, y, g.width(), r.h, 0.9)
	}
	x := g.x
	for i, w := range ws {
		p.Rect(x, y, w, r.h, 0.5)
		st := r.st
		tx := x + g.pad
		col := i + r.span - 1
		switch {
		case i == 0 && r.span > 1 && !r.center:
			st.Align, tx = pdf.Right, x+w-g.pad
		case r.center:
			st.Align, tx = pdf.Center, x+w/2
		case col < len(g.numeric) && g.numeric[col]:
			st.Align, tx = pdf.Right, x+w-g.pad
		}
		for j, line := range r.lines[i] {
			p.Text(tx, y+g.pad+float64(j)*lineHeight(st.Size)+1.1*st.Size, line, st)
		}
		x += w
	}
}
