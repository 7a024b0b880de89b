package mixed_test

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/vextrus/vextrus/bench/mixed"
)

func TestWritePlotDrawsAPNGOfTheReadings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "soak.png")
	s := soak(60, func(i int, s *mixed.Sample) { s.OutboxBacklog = float64(i % 7) })
	if err := mixed.WritePlot(path, "soak: test", s); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 500 || b.Dy() < 5*100 {
		t.Fatalf("plot is %v, want five charts of a readable size", b)
	}
	if err := mixed.WritePlot(path, "none", nil); err == nil {
		t.Fatal("a plot of no readings was drawn")
	}
}
