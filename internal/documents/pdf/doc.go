// Package pdf writes PDF documents of shaped, extractable text in Bangla
// and English.
//
// No Go library the project can use does both: go-pdf/fpdf, maroto and
// gopdf place one glyph per character and so cannot draw Bangla
// conjuncts or reordered vowel signs, and tdewolff/canvas shapes them but
// writes text that cannot be copied out. So this package writes the PDF
// itself and leaves shaping to github.com/go-text/typesetting (a Go port
// of HarfBuzz).
//
// Text is split into runs by script: Bengali in Noto Sans Bengali (which
// has the Bengali digits), everything else in Noto Sans. Each run is
// shaped and drawn by glyph id with a Type0/CIDFontType2 font in
// Identity-H encoding. So that the text extracts as it was given, each
// run is wrapped in a marked-content span carrying its ActualText, and
// each font has a ToUnicode map for the glyphs that stand for their
// characters one to one. Fonts are embedded as subsets: the glyph ids
// are kept, unused outlines are emptied, and layout tables are dropped.
//
// Coordinates are in points from the top-left corner of the page; a text
// position is its baseline.
package pdf

import (
	"bytes"
	"strconv"
)

// Page sizes in points.
const (
	A4Width  = 595.28
	A4Height = 841.89
)

// Document is a PDF being drawn. It is not safe for concurrent use;
// separate documents may be drawn concurrently.
type Document struct {
	// Title and Lang go into the document's information and catalog.
	Title string
	Lang  string // BCP 47, e.g. "bn" or "en"

	pages []*Page
	used  [numFonts]map[uint16]string // glyph id → its text ("" if none)
}

// Page is one page of a Document.
type Page struct {
	doc  *Document
	w, h float64
	buf  []byte
}

// New starts an empty document.
func New() *Document { return &Document{} }

// AddPage appends a page of w × h points and returns it.
func (d *Document) AddPage(w, h float64) *Page {
	p := &Page{doc: d, w: w, h: h, buf: make([]byte, 0, 16<<10)}
	d.pages = append(d.pages, p)
	return p
}

// Pages returns the number of pages.
func (d *Document) Pages() int { return len(d.pages) }

// Page returns page i (from 0), to draw on it again, as for page
// numbers once the count is known.
func (d *Document) Page(i int) *Page { return d.pages[i] }

// Width returns the page's width in points.
func (p *Page) Width() float64 { return p.w }

// Height returns the page's height in points.
func (p *Page) Height() float64 { return p.h }

// Line strokes a line from (x1, y1) to (x2, y2), width w points.
func (p *Page) Line(x1, y1, x2, y2, w float64) {
	p.op(w, "w")
	p.op(x1, p.h-y1, "m")
	p.op(x2, p.h-y2, "l")
	p.buf = append(p.buf, "S\n"...)
}

// Rect strokes the outline of the rectangle at (x, y) (its top-left
// corner), w × h points, with lines lw points wide.
func (p *Page) Rect(x, y, w, h, lw float64) {
	p.op(lw, "w")
	p.op(x, p.h-y-h, w, h, "re")
	p.buf = append(p.buf, "S\n"...)
}

// FillRect fills the rectangle at (x, y), w × h points, with a gray
// level from 0 (black) to 1 (white).
func (p *Page) FillRect(x, y, w, h, gray float64) {
	p.buf = append(p.buf, "q "...)
	p.op(gray, "g")
	p.op(x, p.h-y-h, w, h, "re")
	p.buf = append(p.buf, "f Q\n"...)
}

// op appends the operands and the operator.
func (p *Page) op(args ...any) {
	for _, a := range args {
		switch v := a.(type) {
		case float64:
			p.buf = appendNum(p.buf, v)
			p.buf = append(p.buf, ' ')
		case string:
			p.buf = append(p.buf, v...)
			p.buf = append(p.buf, '\n')
		}
	}
}

// appendNum writes v with at most three decimals and no trailing zeros.
func appendNum(b []byte, v float64) []byte {
	n := len(b)
	b = strconv.AppendFloat(b, v, 'f', 3, 64)
	if bytes.IndexByte(b[n:], '.') >= 0 {
		b = bytes.TrimRight(b, "0")
		b = bytes.TrimSuffix(b, []byte("."))
	}
	if string(b[n:]) == "-0" {
		b = append(b[:n], '0')
	}
	return b
}
