package console_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/vextrus/vextrus/internal/console"
)

func TestCataloguesHaveTheSameKeys(t *testing.T) {
	en, bn := console.Keys(console.English), console.Keys(console.Bangla)
	for _, k := range en {
		if !slices.Contains(bn, k) {
			t.Errorf("%q is in English only", k)
		}
	}
	for _, k := range bn {
		if !slices.Contains(en, k) {
			t.Errorf("%q is in Bangla only", k)
		}
	}
}

// TestEveryLiteralKeyOfTheTemplatesIsInTheCatalogue reads the message
// keys the templates and pages name literally (T(ctx, "...") and the
// Label/Caption/Empty fields) and finds each in the English catalogue, so
// a screen cannot show a raw key.
func TestEveryLiteralKeyOfTheTemplatesIsInTheCatalogue(t *testing.T) {
	files, err := filepath.Glob("*.templ")
	if err != nil {
		t.Fatal(err)
	}
	gofiles, _ := filepath.Glob("*.go")
	files = append(files, gofiles...)
	uses := regexp.MustCompile(`(?:T\(ctx, |Heading\(|Label: |Caption: |Empty: |, "(?:nav|form|record|import|approval|signin)\.)"?([a-z_]+\.[a-z_.0-9]+[a-z0-9_])"`)
	en := console.Keys(console.English)
	seen := 0
	for _, f := range files {
		if filepath.Ext(f) == ".go" && (regexp.MustCompile(`_test\.go$|_templ\.go$|messages_`).MatchString(f)) {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range uses.FindAllStringSubmatch(string(b), -1) {
			seen++
			if !slices.Contains(en, m[1]) {
				t.Errorf("%s names %q, which no catalogue has", f, m[1])
			}
		}
	}
	if seen < 50 {
		t.Fatalf("found only %d key uses: the pattern no longer matches the templates", seen)
	}
}
