package mixed

import (
	"fmt"
	"image/color"
	"os"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// panel is one chart of the soak's plot: a value of each reading.
type panel struct {
	title, unit string
	value       func(Sample) float64
}

var panels = []panel{
	{"Go heap", "MiB", func(s Sample) float64 { return s.HeapBytes / (1 << 20) }},
	{"Goroutines", "", func(s Sample) float64 { return s.Goroutines }},
	{"Outbox backlog", "events", func(s Sample) float64 { return s.OutboxBacklog }},
	{"Consumer lag", "events", func(s Sample) float64 { return s.ConsumerLag }},
	{"Workload p95", "ms", func(s Sample) float64 { return float64(s.P95.Microseconds()) / 1000 }},
}

// WritePlot draws the readings as a PNG at path: heap, goroutines, outbox
// backlog, consumer lag and the workload's p95 over minutes of the run,
// one chart above the other, under title.
func WritePlot(path, title string, samples []Sample) error {
	if len(samples) == 0 {
		return fmt.Errorf("plot: no readings")
	}
	t0 := samples[0].At
	rows := make([][]*plot.Plot, len(panels))
	for i, pn := range panels {
		p := plot.New()
		p.Title.Text = pn.title
		if i == 0 {
			p.Title.Text = title + "\n" + pn.title
		}
		p.Y.Label.Text = pn.unit
		if i == len(panels)-1 {
			p.X.Label.Text = "minutes"
		}
		p.Y.Min = 0
		pts := make(plotter.XYs, len(samples))
		for j, s := range samples {
			pts[j].X = s.At.Sub(t0).Minutes()
			pts[j].Y = pn.value(s)
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return fmt.Errorf("plot %s: %w", pn.title, err)
		}
		line.Color = color.RGBA{R: 31, G: 119, B: 180, A: 255}
		line.Width = vg.Points(1.2)
		p.Add(line, plotter.NewGrid())
		rows[i] = []*plot.Plot{p}
	}
	img := vgimg.New(vg.Points(720), vg.Points(180*float64(len(panels))))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: len(panels), Cols: 1, PadX: vg.Points(8), PadY: vg.Points(8),
		PadTop: vg.Points(6), PadBottom: vg.Points(6), PadLeft: vg.Points(6), PadRight: vg.Points(12)}
	canvases := plot.Align(rows, tiles, dc)
	for i := range rows {
		rows[i][0].Draw(canvases[i][0])
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return fmt.Errorf("plot: %w", err)
	}
	return f.Close()
}
