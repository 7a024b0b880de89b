package rules

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// RunTests runs a version's test cases on its compiled table and returns
// one line per failing case, naming it: `"export": output.rate: want
// "0.00", got "15.00"`. No failures is nil.
func (t *Table) RunTests(ctx context.Context, tests []TestCase) []string {
	var failures []string
	for i, tc := range tests {
		name := tc.Name
		if name == "" {
			name = "#" + strconv.Itoa(i)
		}
		if msg := t.runTest(ctx, tc); msg != "" {
			failures = append(failures, fmt.Sprintf("%q: %s", name, msg))
		}
	}
	return failures
}

func (t *Table) runTest(ctx context.Context, tc TestCase) string {
	in, err := DecodeInput(tc.Input)
	if err != nil {
		return "input is not a JSON object"
	}
	var want any
	if len(tc.Expected) == 0 {
		return "expected output is missing"
	}
	want, err = DecodeInput(tc.Expected)
	if err != nil {
		return "expected output is not a JSON object"
	}
	res, err := t.Evaluate(ctx, in)
	if err != nil {
		return "evaluation failed: " + errs.Public(err).Message
	}
	var got any = res.Output
	// Round trip through JSON so both sides have the same Go shapes.
	b, _ := json.Marshal(got)
	got, _ = DecodeInput(b)
	return mismatch("output", want, got)
}

// mismatch describes the first difference between want and got, where want
// may omit object keys; numbers and decimal strings compare by value.
func mismatch(path string, want, got any) string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: want an object, got %s", path, show(got))
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			gv, ok := g[k]
			if !ok {
				return fmt.Sprintf("%s.%s: missing from the output", path, k)
			}
			if m := mismatch(path+"."+k, w[k], gv); m != "" {
				return m
			}
		}
		return ""
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return fmt.Sprintf("%s: want %s, got %s", path, show(want), show(got))
		}
		for i := range w {
			if m := mismatch(fmt.Sprintf("%s[%d]", path, i), w[i], g[i]); m != "" {
				return m
			}
		}
		return ""
	}
	if sameScalar(want, got) {
		return ""
	}
	return fmt.Sprintf("%s: want %s, got %s", path, show(want), show(got))
}

func sameScalar(want, got any) bool {
	if want == got {
		return true
	}
	ws, wok := scalarText(want)
	gs, gok := scalarText(got)
	if !wok || !gok {
		return false
	}
	if ws == gs {
		return true
	}
	wd, err1 := ParseDecimal(ws)
	gd, err2 := ParseDecimal(gs)
	return err1 == nil && err2 == nil && wd == gd
}

func scalarText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return string(x), true
	}
	return "", false
}

func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
