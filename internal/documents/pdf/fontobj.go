package pdf

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
)

// writeFont writes objects n..n+4 for one face: the Type0 font, its
// CIDFontType2 descendant, the font descriptor, the subset font program
// and the ToUnicode map.
func writeFont(w *writer, n int, f *face, used map[uint16]string) {
	gids := make([]uint16, 0, len(used))
	for g := range used {
		gids = append(gids, g)
	}
	slices.Sort(gids)
	name := subsetTag(gids) + "+" + f.name

	w.object(n, fmt.Sprintf("<</Type/Font/Subtype/Type0/BaseFont/%s/Encoding/Identity-H/DescendantFonts[%d 0 R]/ToUnicode %d 0 R>>",
		name, n+1, n+4))
	w.object(n+1, fmt.Sprintf("<</Type/Font/Subtype/CIDFontType2/BaseFont/%s/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/FontDescriptor %d 0 R/DW 0/W[%s]/CIDToGIDMap/Identity>>",
		name, n+2, widths(f, gids)))
	s := f.sfnt
	w.object(n+2, fmt.Sprintf("<</Type/FontDescriptor/FontName/%s/Flags 4/FontBBox[%s %s %s %s]/ItalicAngle 0/Ascent %s/Descent %s/CapHeight %s/StemV 80/FontFile2 %d 0 R>>",
		name, scale(f, int(s.bbox[0])), scale(f, int(s.bbox[1])), scale(f, int(s.bbox[2])), scale(f, int(s.bbox[3])),
		scale(f, int(s.ascent)), scale(f, int(s.descent)), scale(f, int(s.ascent)), n+3))
	set := make(map[uint16]bool, len(gids))
	for _, g := range gids {
		set[g] = true
	}
	program := s.subset(set)
	w.stream(n+3, program, "/Length1 "+strconv.Itoa(len(program)))
	w.stream(n+4, toUnicode(gids, used), "")
}

// widths is the W array: runs of consecutive glyph ids with their widths.
func widths(f *face, gids []uint16) string {
	var b bytes.Buffer
	for i := 0; i < len(gids); {
		j := i + 1
		for j < len(gids) && gids[j] == gids[j-1]+1 {
			j++
		}
		fmt.Fprintf(&b, "%d[", gids[i])
		for k := i; k < j; k++ {
			if k > i {
				b.WriteByte(' ')
			}
			b.WriteString(scale(f, int(f.sfnt.advances[gids[k]])))
		}
		b.WriteString("]")
		i = j
	}
	return b.String()
}

// subsetTag names a subset by its glyphs, six capitals as PDF 32000
// 9.6.4 asks, so different subsets of one font have different names.
func subsetTag(gids []uint16) string {
	h := fnv.New32a()
	for _, g := range gids {
		h.Write([]byte{byte(g >> 8), byte(g)})
	}
	v := h.Sum32()
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + byte(v%26)
		v /= 26
	}
	return string(tag)
}

// toUnicode is the CMap from glyph ids to text for the glyphs that stand
// for their characters alone. Glyphs of multi-glyph clusters have no
// entry; the ActualText spans carry their text.
func toUnicode(gids []uint16, used map[uint16]string) []byte {
	var entries []uint16
	for _, g := range gids {
		if used[g] != "" {
			entries = append(entries, g)
		}
	}
	var b bytes.Buffer
	b.WriteString("/CIDInit/ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>>def\n" +
		"/CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n")
	for len(entries) > 0 {
		n := min(len(entries), 100) // at most 100 entries per block
		fmt.Fprintf(&b, "%d beginbfchar\n", n)
		for _, g := range entries[:n] {
			fmt.Fprintf(&b, "<%04X><", g)
			b.Write(bytes.ToUpper(appendUTF16Hex(nil, used[g])))
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
		entries = entries[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict/CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}
