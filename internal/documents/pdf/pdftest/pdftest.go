// Package pdftest checks PDFs in tests with poppler's command-line tools:
// the text pdftotext extracts, page counts from pdfinfo, and pages
// rendered by pdftoppm kept as test artifacts.
//
// A test that needs a tool skips when it is missing, unless the
// environment sets VEXTRUS_REQUIRE_TOOLS (CI does), where it fails: CI
// must never pass by skipping.
package pdftest

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// Tool returns the path of the command name, or skips or fails the test
// when it is not installed (see the package comment).
func Tool(tb testing.TB, name string) string {
	tb.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("VEXTRUS_REQUIRE_TOOLS") != "" {
			tb.Fatalf("%s is required (VEXTRUS_REQUIRE_TOOLS is set): %v", name, err)
		}
		tb.Skipf("%s not installed (poppler-utils): %v", name, err)
	}
	return path
}

// write saves pdf to a temporary file and returns its path.
func write(tb testing.TB, pdf []byte) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

func run(tb testing.TB, tool string, args ...string) string {
	tb.Helper()
	out, err := exec.Command(Tool(tb, tool), args...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		tb.Fatalf("%s: %v\n%s", tool, err, msg)
	}
	return string(out)
}

// Text returns what pdftotext extracts from pdf, in reading order
// (not -layout), pages separated by form feeds.
func Text(tb testing.TB, pdf []byte) string {
	tb.Helper()
	return run(tb, "pdftotext", "-enc", "UTF-8", write(tb, pdf), "-")
}

// Layout returns pdftotext's -layout text, which keeps the columns.
func Layout(tb testing.TB, pdf []byte) string {
	tb.Helper()
	return run(tb, "pdftotext", "-layout", "-enc", "UTF-8", write(tb, pdf), "-")
}

// BBoxes returns pdftotext's -bbox HTML: each word with its box.
func BBoxes(tb testing.TB, pdf []byte) string {
	tb.Helper()
	return run(tb, "pdftotext", "-bbox", "-enc", "UTF-8", write(tb, pdf), "-")
}

var pagesLine = regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`)

// Info returns what pdfinfo prints about pdf (page count, page size,
// title), failing the test when pdfinfo cannot read it.
func Info(tb testing.TB, pdf []byte) string {
	tb.Helper()
	return run(tb, "pdfinfo", write(tb, pdf))
}

// Pages returns the page count pdfinfo reads.
func Pages(tb testing.TB, pdf []byte) int {
	tb.Helper()
	m := pagesLine.FindStringSubmatch(Info(tb, pdf))
	if m == nil {
		tb.Fatal("pdfinfo printed no page count")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// KeepPage renders page (from 1) at 80 dpi into the test's artifact
// directory (kept by go test -artifacts) beside the PDF itself, and
// returns the PNG's path.
func KeepPage(t *testing.T, pdf []byte, page int, name string) string {
	t.Helper()
	dir := t.ArtifactDir()
	in := filepath.Join(dir, name+".pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	p := strconv.Itoa(page)
	run(t, "pdftoppm", "-png", "-r", "80", "-f", p, "-l", p, "-singlefile", in, filepath.Join(dir, name))
	png := filepath.Join(dir, name+".png")
	if st, err := os.Stat(png); err != nil || st.Size() == 0 {
		t.Fatalf("pdftoppm wrote no page: %v", err)
	}
	t.Logf("page %d: %s", page, png)
	return png
}
