package pdf

import (
	"bytes"
	"embed"
	"fmt"
	"sync"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
)

//go:embed fonts/*.ttf
var fontFiles embed.FS

// fontID names one of the four embedded faces.
type fontID int

const (
	latinRegular fontID = iota
	latinBold
	bengaliRegular
	bengaliBold
	numFonts
)

var fontNames = [numFonts]string{
	latinRegular:   "NotoSans-Regular",
	latinBold:      "NotoSans-Bold",
	bengaliRegular: "NotoSansBengali-Regular",
	bengaliBold:    "NotoSansBengali-Bold",
}

// face is one embedded font, parsed once per process: the go-text font
// the shaper uses (a *font.Font is safe to share; each shaping worker
// makes its own *font.Face of it) and the raw tables the writer subsets.
type face struct {
	name   string
	font   *font.Font
	sfnt   *sfnt
	script language.Script
	lang   language.Language
}

// fonts loads the embedded faces on first use.
var fonts = sync.OnceValues(func() ([numFonts]*face, error) {
	var out [numFonts]*face
	for id, name := range fontNames {
		b, err := fontFiles.ReadFile("fonts/" + name + ".ttf")
		if err != nil {
			return out, fmt.Errorf("read font %s: %w", name, err)
		}
		fc, err := font.ParseTTF(bytes.NewReader(b))
		if err != nil {
			return out, fmt.Errorf("parse font %s: %w", name, err)
		}
		s, err := parseSFNT(b)
		if err != nil {
			return out, fmt.Errorf("parse font %s: %w", name, err)
		}
		f := &face{name: name, font: fc.Font, sfnt: s, script: language.Latin, lang: language.NewLanguage("en")}
		if fontID(id) >= bengaliRegular {
			f.script, f.lang = language.Bengali, language.NewLanguage("bn")
		}
		out[id] = f
	}
	return out, nil
})

// Load parses the embedded fonts, which otherwise happens on first use.
// A service that makes documents calls it at start, so a broken font
// fails the start and the first document does not wait for the parse
// (about a tenth of a second).
func Load() error {
	_, err := fonts()
	return err
}

// pick returns the face for a script family (bengali or not) and weight.
func pick(bengali, bold bool) fontID {
	id := latinRegular
	if bengali {
		id = bengaliRegular
	}
	if bold {
		id++
	}
	return id
}
