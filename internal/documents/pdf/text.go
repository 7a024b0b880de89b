package pdf

import (
	"encoding/hex"
	"unicode/utf16"
)

// Align says where a text's x position is: its left edge, centre or
// right edge.
type Align int

// Alignments.
const (
	Left Align = iota
	Center
	Right
)

// Style is how a text is drawn.
type Style struct {
	Size  float64 // points
	Bold  bool
	Align Align
}

// Measure returns the width in points of s drawn in st.
func Measure(s string, st Style) float64 {
	if _, err := fonts(); err != nil {
		return 0
	}
	return width(shapeText(s, st.Bold), st.Size)
}

func width(runs []*run, size float64) float64 {
	fs, _ := fonts()
	w := 0.0
	for _, r := range runs {
		w += float64(r.width) * size / float64(fs[r.font].sfnt.upem)
	}
	return w
}

// Text draws s with its baseline at y, placed at x as st.Align says, and
// returns its width in points. Each script run is a marked-content span
// whose ActualText is the run's text, so extraction yields s.
func (p *Page) Text(x, y float64, s string, st Style) float64 {
	fs, err := fonts()
	if err != nil || s == "" {
		return 0
	}
	runs := shapeText(s, st.Bold)
	w := width(runs, st.Size)
	switch st.Align {
	case Center:
		x -= w / 2
	case Right:
		x -= w
	}
	by := p.h - y
	for _, r := range runs {
		f := fs[r.font]
		k := st.Size / float64(f.sfnt.upem)
		used := p.doc.glyphs(r.font)
		p.buf = append(p.buf, "/Span<</ActualText<FEFF"...)
		p.buf = appendUTF16Hex(p.buf, r.text)
		p.buf = append(p.buf, ">>>BDC BT /F"...)
		p.buf = append(p.buf, byte('0'+r.font), ' ')
		p.buf = appendNum(p.buf, st.Size)
		p.buf = append(p.buf, " Tf\n"...)
		open := false
		for _, g := range r.glyphs {
			if t, ok := used[g.id]; !ok || (t == "" && g.text != "") {
				used[g.id] = g.text
			}
			offset := g.dx != 0 || g.dy != 0
			if !open || offset {
				if open {
					p.buf = append(p.buf, ">]TJ\n"...)
				}
				p.buf = append(p.buf, "1 0 0 1 "...)
				p.op(x+float64(g.dx)*k, by+float64(g.dy)*k, "Tm")
				p.buf = append(p.buf, "[<"...)
				open = true
			}
			p.buf = hex.AppendEncode(p.buf, []byte{byte(g.id >> 8), byte(g.id)})
			// The viewer advances by the font's width for the glyph; the
			// shaper's advance may differ (kerning, zeroed marks).
			if adj := int32(f.sfnt.advances[g.id]) - g.adv; adj != 0 && !offset {
				p.buf = append(p.buf, '>')
				p.buf = appendNum(p.buf, float64(adj)*1000/float64(f.sfnt.upem))
				p.buf = append(p.buf, '<')
			}
			if offset {
				p.buf = append(p.buf, ">]TJ\n"...)
				open = false
			}
			x += float64(g.adv) * k
		}
		if open {
			p.buf = append(p.buf, ">]TJ\n"...)
		}
		p.buf = append(p.buf, "ET EMC\n"...)
	}
	return w
}

// glyphs returns the set of glyphs used in font id, making it on first use.
func (d *Document) glyphs(id fontID) map[uint16]string {
	if d.used[id] == nil {
		d.used[id] = make(map[uint16]string)
	}
	return d.used[id]
}

// appendUTF16Hex appends s as UTF-16BE in hexadecimal, as PDF text
// strings in hex form are written.
func appendUTF16Hex(b []byte, s string) []byte {
	for _, u := range utf16.Encode([]rune(s)) {
		b = hex.AppendEncode(b, []byte{byte(u >> 8), byte(u)})
	}
	return b
}
