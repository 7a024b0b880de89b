package load

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
)

// WriteTable prints r as a table: the scenario, its baseline, and a row of
// ratios scenario/baseline for throughput and latency (a p95 of 3.0x means
// the scenario's p95 is three times the baseline's).
func WriteTable(w io.Writer, r Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tmode\tusers\tseconds\trequests\terrors\tdropped\tlate\trps(ok)\tp50\tp95\tp99\tmax\t")
	row := func(s Summary, res Result) {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.3g\t%d\t%d\t%d\t%d\t%.1f\t%s\t%s\t%s\t%s\t\n",
			s.Scenario, r.Config.Mode(), s.Users, s.DurationS, s.Requests, s.Errors, res.Dropped, res.Late,
			s.RPS, ms(s.P50Ms), ms(s.P95Ms), ms(s.P99Ms), ms(s.MaxMs))
	}
	row(r.Summary, r.Result)
	row(r.Baseline, r.BaselineResult)
	fmt.Fprintf(tw, "ratio\t\t\t\t\t\t\t\t%s\t%s\t%s\t%s\t%s\t\n",
		ratio(r.RPS, r.Baseline.RPS), ratio(r.P50Ms, r.Baseline.P50Ms), ratio(r.P95Ms, r.Baseline.P95Ms),
		ratio(r.P99Ms, r.Baseline.P99Ms), ratio(r.MaxMs, r.Baseline.MaxMs))
	return tw.Flush()
}

// ms formats milliseconds with three significant digits, never in
// exponent form.
func ms(v float64) string {
	if v >= 100 {
		return strconv.FormatFloat(v, 'f', 0, 64) + "ms"
	}
	return strconv.FormatFloat(v, 'g', 3, 64) + "ms"
}

func ratio(v, base float64) string {
	if base == 0 {
		return "-"
	}
	return strconv.FormatFloat(v/base, 'f', 2, 64) + "x"
}
