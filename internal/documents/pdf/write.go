package pdf

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"fmt"
	"strconv"
	"sync"
)

// writer lays out numbered objects and remembers their offsets.
type writer struct {
	buf     bytes.Buffer
	offsets []int // index = object number - 1
}

func (w *writer) begin(n int) {
	for len(w.offsets) < n {
		w.offsets = append(w.offsets, 0)
	}
	w.offsets[n-1] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n", n)
}

func (w *writer) object(n int, body string) {
	w.begin(n)
	w.buf.WriteString(body)
	w.buf.WriteString("\nendobj\n")
}

// stream writes a Flate-compressed stream; extra is added to its
// dictionary.
func (w *writer) stream(n int, data []byte, extra string) {
	z := deflate(data)
	w.begin(n)
	fmt.Fprintf(&w.buf, "<</Length %d/Filter/FlateDecode%s>>\nstream\n", len(z), extra)
	w.buf.Write(z)
	w.buf.WriteString("\nendstream\nendobj\n")
}

var zlibWriters = sync.Pool{New: func() any {
	z, _ := zlib.NewWriterLevel(nil, flate.BestSpeed)
	return z
}}

// deflate compresses b as the FlateDecode filter expects (zlib format).
// Best speed: documents are made per request, and the larger levels save
// a few per cent of the size for several times the time.
func deflate(b []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(b)/2 + 64)
	z := zlibWriters.Get().(*zlib.Writer)
	z.Reset(&out)
	z.Write(b)
	z.Close()
	zlibWriters.Put(z)
	return out.Bytes()
}

// Bytes returns the finished PDF. The document may still be drawn on and
// written again.
func (d *Document) Bytes() ([]byte, error) {
	fs, err := fonts()
	if err != nil {
		return nil, err
	}
	if len(d.pages) == 0 {
		d.AddPage(A4Width, A4Height)
	}
	w := &writer{}
	w.buf.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	next := 4 // 1 catalog, 2 page tree, 3 information
	var fontRefs bytes.Buffer
	for id := range numFonts {
		if len(d.used[id]) == 0 {
			continue
		}
		fmt.Fprintf(&fontRefs, "/F%d %d 0 R", id, next)
		writeFont(w, next, fs[id], d.used[id])
		next += 5
	}
	resources := "<</Font<<" + fontRefs.String() + ">>>>"
	var kids bytes.Buffer
	for _, p := range d.pages {
		fmt.Fprintf(&kids, "%d 0 R ", next)
		w.object(next, fmt.Sprintf("<</Type/Page/Parent 2 0 R/MediaBox[0 0 %s %s]/Resources %s/Contents %d 0 R>>",
			num(p.w), num(p.h), resources, next+1))
		w.stream(next+1, p.buf, "")
		next += 2
	}
	w.object(2, fmt.Sprintf("<</Type/Pages/Count %d/Kids[%s]>>", len(d.pages), bytes.TrimSpace(kids.Bytes())))
	catalog := "<</Type/Catalog/Pages 2 0 R"
	if d.Lang != "" {
		catalog += "/Lang(" + langTag(d.Lang) + ")"
	}
	w.object(1, catalog+">>")
	w.object(3, "<</Producer(Vextrus)/Title<FEFF"+string(appendUTF16Hex(nil, d.Title))+">>>")
	xref := w.buf.Len()
	fmt.Fprintf(&w.buf, "xref\n0 %d\n0000000000 65535 f \n", len(w.offsets)+1)
	for _, off := range w.offsets {
		fmt.Fprintf(&w.buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&w.buf, "trailer\n<</Size %d/Root 1 0 R/Info 3 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(w.offsets)+1, xref)
	return w.buf.Bytes(), nil
}

func num(v float64) string { return string(appendNum(nil, v)) }

// scale converts font units to the PDF's thousandths of an em.
func scale(f *face, v int) string {
	return strconv.Itoa(v * 1000 / f.sfnt.upem)
}

// langTag keeps the characters a BCP 47 tag may have, so a caller's
// value cannot break out of the PDF string.
func langTag(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '-' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
			b = append(b, c)
		}
	}
	return string(b)
}
