package pdf

// FontFile returns the embedded font file name (without .ttf, e.g.
// "NotoSansBengali-Regular"), so the web console serves the very file the
// PDFs embed instead of a second copy.
func FontFile(name string) ([]byte, error) { return fontFiles.ReadFile("fonts/" + name + ".ttf") }
