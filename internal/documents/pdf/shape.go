package pdf

import (
	"runtime"
	"strings"
	"sync"
	"unicode"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// glyph is one shaped glyph, in font units.
type glyph struct {
	id     uint16
	adv    int32
	dx, dy int32 // offset from the pen; dy positive is up
	// text is what this glyph alone stands for (its cluster has one
	// glyph), for the font's ToUnicode map; "" when the cluster has
	// several glyphs, such as a consonant and its reordered vowel sign.
	text string
}

// run is a piece of text in one face, shaped.
type run struct {
	font   fontID
	text   string
	glyphs []glyph
	width  int32 // font units
}

type shapeKey struct {
	font fontID
	text string
}

// shapeCacheMax bounds the cache of shaped strings. Forms print the same
// labels on every page of every document; the bound only keeps a process
// that prints many distinct strings from growing without end.
const shapeCacheMax = 20000

var shapeCache = struct {
	sync.RWMutex
	m map[shapeKey]*run
}{m: make(map[shapeKey]*run)}

// shaper is one worker's HarfBuzz state: neither a HarfbuzzShaper nor a
// font.Face may be used by two goroutines at once.
type shaper struct {
	hb    shaping.HarfbuzzShaper
	faces [numFonts]*font.Face
}

// shapers keeps idle shapers. Unlike a sync.Pool it is not emptied by
// the garbage collector: a new shaper rebuilds HarfBuzz's shaping plans
// for each face, which costs more than the shaping of a form.
var shapers = make(chan *shaper, 4*runtime.GOMAXPROCS(0))

func getShaper() *shaper {
	select {
	case s := <-shapers:
		return s
	default:
	}
	fs, _ := fonts() // callers check fonts() before shaping
	s := &shaper{}
	for id, f := range fs {
		s.faces[id] = font.NewFace(f.font)
	}
	return s
}

func putShaper(s *shaper) {
	select {
	case shapers <- s:
	default:
	}
}

// shapeRun shapes text in the face id, from the cache when it was shaped
// before. The result is shared: callers must not modify it.
func shapeRun(id fontID, text string) *run {
	k := shapeKey{id, text}
	shapeCache.RLock()
	r := shapeCache.m[k]
	shapeCache.RUnlock()
	if r != nil {
		return r
	}
	r = shapeNow(id, text)
	shapeCache.Lock()
	if len(shapeCache.m) >= shapeCacheMax {
		shapeCache.m = make(map[shapeKey]*run)
	}
	shapeCache.m[k] = r
	shapeCache.Unlock()
	return r
}

func shapeNow(id fontID, text string) *run {
	fs, _ := fonts()
	f := fs[id]
	s := getShaper()
	defer putShaper(s)
	runes := []rune(text)
	out := s.hb.ShapeNoExtents(shaping.Input{
		Text:      runes,
		RunStart:  0,
		RunEnd:    len(runes),
		Direction: di.DirectionLTR,
		Face:      s.faces[id],
		// At a size of one em per font unit, 26.6 advances are font units.
		Size:     fixed.I(f.sfnt.upem),
		Script:   f.script,
		Language: f.lang,
	})
	r := &run{font: id, text: text, glyphs: make([]glyph, len(out.Glyphs))}
	for i, g := range out.Glyphs {
		gl := glyph{
			id:  uint16(g.GlyphID),
			adv: units(g.Advance),
			dx:  units(g.XOffset),
			dy:  units(g.YOffset),
		}
		if g.GlyphsCount() == 1 {
			end := min(g.TextIndex()+g.RunesCount(), len(runes))
			gl.text = string(runes[g.TextIndex():end])
		}
		r.glyphs[i] = gl
		r.width += gl.adv
	}
	return r
}

func units(v fixed.Int26_6) int32 { return int32((v + 32) >> 6) }

// segment is a stretch of text for one script family.
type segment struct {
	bengali bool
	text    string
}

// family says whether r is drawn with the Bengali face (1), the Latin
// face (0), or takes its neighbours' face (-1): spaces and joiners stay
// inside a Bengali phrase so it shapes and extracts as one run.
func family(r rune) int {
	switch {
	case r >= 0x0980 && r <= 0x09FF, r == 0x0964, r == 0x0965:
		return 1
	case r == ' ', r == 0x00A0, r == 0x200C, r == 0x200D:
		return -1
	}
	return 0
}

// segments splits s into script runs: Bengali text in Noto Sans Bengali
// (which has the Bengali digits), everything else in Noto Sans.
func segments(s string) []segment {
	var out []segment
	fam := make([]int, 0, len(s))
	runes := []rune(s)
	for _, r := range runes {
		fam = append(fam, family(r))
	}
	prev := -1
	for i := range fam {
		if fam[i] >= 0 {
			prev = fam[i]
		} else if prev >= 0 {
			fam[i] = prev
		}
	}
	next := 0
	for i := len(fam) - 1; i >= 0; i-- {
		if fam[i] >= 0 {
			next = fam[i]
		} else {
			fam[i] = next
		}
	}
	start := 0
	for i := 1; i <= len(runes); i++ {
		if i == len(runes) || fam[i] != fam[start] {
			out = append(out, segment{bengali: fam[start] == 1, text: string(runes[start:i])})
			start = i
		}
	}
	return out
}

// shapeText shapes s as runs in the regular or bold faces. Control
// characters (a stray tab or newline in a one-line text) print as spaces
// rather than as the font's missing-glyph box.
func shapeText(s string, bold bool) []*run {
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		s = strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, s)
	}
	segs := segments(s)
	runs := make([]*run, len(segs))
	for i, sg := range segs {
		runs[i] = shapeRun(pick(sg.bengali, bold), sg.text)
	}
	return runs
}
