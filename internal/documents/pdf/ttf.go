package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
)

// sfnt is the part of a TrueType file the writer needs: the tables to
// copy into a subset and the metrics a PDF font descriptor states.
type sfnt struct {
	tables    map[string][]byte
	upem      int
	numGlyphs int
	advances  []uint16 // per glyph, font units
	bbox      [4]int16
	ascent    int16
	descent   int16
	loca      []uint32 // numGlyphs+1 offsets into glyf
}

// subsetTables are the tables a CIDFontType2 program needs (PDF 32000
// 9.9): glyph outlines, their metrics and the hinting programs. Layout
// tables (GSUB, GPOS, GDEF) and cmap are left out: the shaper has
// already chosen the glyphs and the PDF addresses them by id.
var subsetTables = []string{"cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "prep"}

func parseSFNT(b []byte) (*sfnt, error) {
	if len(b) < 12 || binary.BigEndian.Uint32(b) != 0x00010000 {
		return nil, errors.New("not a TrueType font")
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	f := &sfnt{tables: make(map[string][]byte, n)}
	for i := 0; i < n; i++ {
		rec := b[12+16*i:]
		off, ln := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if int(off)+int(ln) > len(b) {
			return nil, fmt.Errorf("table %q out of bounds", rec[:4])
		}
		f.tables[string(rec[:4])] = b[off : off+ln]
	}
	for _, t := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf"} {
		if f.tables[t] == nil {
			return nil, fmt.Errorf("missing table %q", t)
		}
	}
	head, hhea := f.tables["head"], f.tables["hhea"]
	f.upem = int(binary.BigEndian.Uint16(head[18:]))
	for i := range f.bbox {
		f.bbox[i] = int16(binary.BigEndian.Uint16(head[36+2*i:]))
	}
	f.ascent = int16(binary.BigEndian.Uint16(hhea[4:]))
	f.descent = int16(binary.BigEndian.Uint16(hhea[6:]))
	f.numGlyphs = int(binary.BigEndian.Uint16(f.tables["maxp"][4:]))
	nh := int(binary.BigEndian.Uint16(hhea[34:]))
	hmtx := f.tables["hmtx"]
	f.advances = make([]uint16, f.numGlyphs)
	for g := 0; g < f.numGlyphs; g++ {
		i := min(g, nh-1)
		f.advances[g] = binary.BigEndian.Uint16(hmtx[4*i:])
	}
	long := binary.BigEndian.Uint16(head[50:]) == 1
	loca := f.tables["loca"]
	f.loca = make([]uint32, f.numGlyphs+1)
	for g := range f.loca {
		if long {
			f.loca[g] = binary.BigEndian.Uint32(loca[4*g:])
		} else {
			f.loca[g] = 2 * uint32(binary.BigEndian.Uint16(loca[2*g:]))
		}
	}
	return f, nil
}

// glyph returns the outline data of g.
func (f *sfnt) glyph(g uint16) []byte {
	if int(g) >= f.numGlyphs {
		return nil
	}
	return f.tables["glyf"][f.loca[g]:f.loca[g+1]]
}

// closure adds to used the components of the composite glyphs in it.
func (f *sfnt) closure(used map[uint16]bool) {
	todo := make([]uint16, 0, len(used))
	for g := range used {
		todo = append(todo, g)
	}
	for len(todo) > 0 {
		g := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		d := f.glyph(g)
		if len(d) < 10 || int16(binary.BigEndian.Uint16(d)) >= 0 {
			continue
		}
		for p := 10; p+4 <= len(d); {
			flags, comp := binary.BigEndian.Uint16(d[p:]), binary.BigEndian.Uint16(d[p+2:])
			if !used[comp] {
				used[comp] = true
				todo = append(todo, comp)
			}
			p += 4
			if flags&0x0001 != 0 { // ARG_1_AND_2_ARE_WORDS
				p += 4
			} else {
				p += 2
			}
			switch {
			case flags&0x0008 != 0: // WE_HAVE_A_SCALE
				p += 2
			case flags&0x0040 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
				p += 4
			case flags&0x0080 != 0: // WE_HAVE_A_TWO_BY_TWO
				p += 8
			}
			if flags&0x0020 == 0 { // MORE_COMPONENTS
				break
			}
		}
	}
}

// subset returns a TrueType font with the glyph ids of the original
// (so Identity CIDToGIDMap still holds) in which every glyph outside
// used is empty, and that ends at the highest glyph it keeps: glyph,
// location and metrics tables shrink with it.
func (f *sfnt) subset(used map[uint16]bool) []byte {
	keep := make(map[uint16]bool, len(used)+8)
	keep[0] = true
	for g := range used {
		keep[g] = true
	}
	f.closure(keep)
	n := 0
	for g := range keep {
		n = max(n, int(g)+1)
	}
	n = min(n, f.numGlyphs)
	var glyf []byte
	loca := make([]byte, 4*(n+1))
	for g := 0; g < n; g++ {
		binary.BigEndian.PutUint32(loca[4*g:], uint32(len(glyf)))
		if keep[uint16(g)] {
			glyf = append(glyf, f.glyph(uint16(g))...)
			for len(glyf)%4 != 0 {
				glyf = append(glyf, 0)
			}
		}
	}
	binary.BigEndian.PutUint32(loca[4*n:], uint32(len(glyf)))
	head := append([]byte(nil), f.tables["head"]...)
	binary.BigEndian.PutUint32(head[8:], 0)  // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(head[50:], 1) // long loca
	maxp := append([]byte(nil), f.tables["maxp"]...)
	binary.BigEndian.PutUint16(maxp[4:], uint16(n))
	hhea := append([]byte(nil), f.tables["hhea"]...)
	nh := min(int(binary.BigEndian.Uint16(hhea[34:])), n)
	binary.BigEndian.PutUint16(hhea[34:], uint16(nh))
	// hmtx: nh (advance, lsb) pairs, then a bare lsb for each glyph after.
	hmtx := append([]byte(nil), f.tables["hmtx"][:4*nh]...)
	old := f.tables["hmtx"]
	oldNH := int(binary.BigEndian.Uint16(f.tables["hhea"][34:]))
	for g := nh; g < n; g++ {
		if g < oldNH {
			hmtx = append(hmtx, old[4*g+2:4*g+4]...)
		} else {
			at := 4*oldNH + 2*(g-oldNH)
			hmtx = append(hmtx, old[at:at+2]...)
		}
	}
	out := map[string][]byte{"glyf": glyf, "loca": loca, "head": head, "maxp": maxp, "hhea": hhea, "hmtx": hmtx}
	var tags []string
	for _, t := range subsetTables {
		if out[t] == nil && f.tables[t] != nil {
			out[t] = f.tables[t]
		}
		if out[t] != nil {
			tags = append(tags, t)
		}
	}
	sort.Strings(tags)
	return writeSFNT(tags, out)
}

// writeSFNT lays out the tables in tag order with their directory and
// checksums, and sets head's checkSumAdjustment.
func writeSFNT(tags []string, tables map[string][]byte) []byte {
	n := len(tags)
	es := 0
	for 1<<(es+1) <= n {
		es++
	}
	size := 12 + 16*n
	for _, t := range tags {
		size += (len(tables[t]) + 3) &^ 3
	}
	b := make([]byte, 12+16*n, size)
	binary.BigEndian.PutUint32(b, 0x00010000)
	binary.BigEndian.PutUint16(b[4:], uint16(n))
	binary.BigEndian.PutUint16(b[6:], uint16(16<<es))
	binary.BigEndian.PutUint16(b[8:], uint16(es))
	binary.BigEndian.PutUint16(b[10:], uint16(16*n-16<<es))
	headAt := 0
	for i, t := range tags {
		data := tables[t]
		rec := b[12+16*i:]
		copy(rec, t)
		binary.BigEndian.PutUint32(rec[4:], checksum(data))
		binary.BigEndian.PutUint32(rec[8:], uint32(len(b)))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(data)))
		if t == "head" {
			headAt = len(b)
		}
		b = append(b, data...)
		for len(b)%4 != 0 {
			b = append(b, 0)
		}
	}
	binary.BigEndian.PutUint32(b[headAt+8:], 0xB1B0AFBA-checksum(b))
	return b
}

func checksum(b []byte) uint32 {
	var s uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		s += binary.BigEndian.Uint32(w[:])
	}
	return s
}
