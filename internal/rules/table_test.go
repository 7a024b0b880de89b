package rules_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/rules"
)

var (
	taxInput = []rules.Field{
		{Name: "category", Type: rules.String, Required: true},
		{Name: "amount", Type: rules.DecimalT, Required: true},
		{Name: "tags", Type: rules.StringList},
		{Name: "invoiceDate", Type: rules.Date},
		{Name: "export", Type: rules.Bool},
	}
	taxOutput = []rules.Field{
		{Name: "rate", Type: rules.DecimalT},
		{Name: "tax", Type: rules.DecimalT},
		{Name: "treatment", Type: rules.String},
	}
)

func row(cond, rate, tax, treatment string) rules.Row {
	return rules.Row{Condition: cond, Outputs: map[string]string{"rate": rate, "tax": tax, "treatment": treatment}}
}

func spec(hit rules.HitPolicy, rows ...rules.Row) rules.VersionSpec {
	return rules.VersionSpec{HitPolicy: hit, CollectAs: "items", EffectiveFrom: time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC), Rows: rows}
}

func compile(tb testing.TB, s rules.VersionSpec) *rules.Table {
	tb.Helper()
	t, err := rules.Compile(taxInput, taxOutput, s, rules.DefaultLimits())
	if err != nil {
		tb.Fatalf("compile: %v", err)
	}
	return t
}

func evaluate(tb testing.TB, t *rules.Table, input string) (rules.Result, error) {
	tb.Helper()
	in, err := rules.DecodeInput([]byte(input))
	if err != nil {
		tb.Fatalf("decode input: %v", err)
	}
	return t.Evaluate(context.Background(), in)
}

func wantField(tb testing.TB, err error, code errs.Code, field, contains string) {
	tb.Helper()
	e := errs.As(err)
	if e.Code != code {
		tb.Fatalf("code = %s (%v), want %s", e.Code, err, code)
	}
	for _, f := range e.Fields {
		if f.Field == field && strings.Contains(f.Message, contains) {
			return
		}
	}
	tb.Fatalf("no field error %s containing %q in %+v", field, contains, e.Fields)
}

func TestFirstHitAnswersTheFirstMatchingRowExactly(t *testing.T) {
	tbl := compile(t, spec(rules.First,
		row(`export`, `0`, `decimal(0)`, `"zero_rated"`),
		row(`category == "construction" && "reduced" in tags`, `decimal("7.5")`, `round(amount * decimal("7.5") / 100, 2)`, `"reduced"`),
		row(`invoiceDate >= date("2030-01-01")`, `20`, `amount * 20 / 100`, `"future"`),
		row(`true`, `15`, `amount * 15 / 100`, `"standard"`),
	))
	res, err := evaluate(t, tbl, `{"category":"construction","amount":"1234567.89","tags":["reduced"],"invoiceDate":"2025-01-01"}`)
	if err != nil {
		t.Fatal(err)
	}
	// 1234567.89 × 7.5% = 92592.59175, rounded half to even at 2 places.
	if res.Output["rate"] != "7.50" || res.Output["tax"] != "92592.59" || res.Output["treatment"] != "reduced" {
		t.Fatalf("output = %v", res.Output)
	}
	if len(res.Matched) != 1 || res.Matched[0].Row != 1 {
		t.Fatalf("matched = %+v, want row 1", res.Matched)
	}
	res, err = evaluate(t, tbl, `{"category":"food","amount":"0.10"}`)
	if err != nil {
		t.Fatal(err)
	}
	if res.Output["tax"] != "0.015" || res.Output["treatment"] != "standard" {
		t.Fatalf("output = %v, want exact 0.015 standard", res.Output)
	}
}

func TestCollectAnswersEveryMatchingRowInOrder(t *testing.T) {
	tbl := compile(t, spec(rules.Collect,
		row(`true`, `1`, `1`, `"always"`),
		row(`amount > 100000`, `2`, `2`, `"big"`),
		row(`amount > 500000`, `3`, `3`, `"huge"`),
	))
	res, err := evaluate(t, tbl, `{"category":"x","amount":"150000"}`)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(res.Output)
	want := `{"items":[{"rate":"1.00","tax":"1.00","treatment":"always"},{"rate":"2.00","tax":"2.00","treatment":"big"}]}`
	if string(b) != want {
		t.Fatalf("output = %s, want %s", b, want)
	}
}

func TestBadCellsAreRefusedAtSaveNamingTheCell(t *testing.T) {
	cases := []struct {
		name, field, contains string
		s                     rules.VersionSpec
	}{
		{"malformed CEL gives the position", "rows[1].condition", "line 1, column",
			spec(rules.First, row(`true`, `1`, `1`, `"a"`), row(`amount >`, `1`, `1`, `"a"`))},
		{"comparing a string with a number is a type error", "rows[0].condition", "type error",
			spec(rules.First, row(`category > 5`, `1`, `1`, `"a"`))},
		{"an output of the wrong type", "rows[0].outputs.treatment", "want string",
			spec(rules.First, row(`true`, `1`, `1`, `15`))},
		{"nested comprehensions over lists cost too much", "rows[0].condition", "above the limit",
			spec(rules.First, row(`tags.all(a, tags.all(b, tags.all(c, a + b + c != "")))`, `1`, `1`, `"a"`))},
		{"a condition that is not bool", "rows[0].condition", "want bool",
			spec(rules.First, row(`amount`, `1`, `1`, `"a"`))},
		{"a constant that always fails", "rows[0].outputs.rate", "fails",
			spec(rules.First, row(`true`, `decimal("1.2.3")`, `1`, `"a"`))},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := rules.Compile(taxInput, taxOutput, tc.s, rules.DefaultLimits())
			wantField(t, err, errs.InvalidArgument, tc.field, tc.contains)
		})
	}
}

func TestInputNotMatchingTheSchemaNamesTheField(t *testing.T) {
	tbl := compile(t, spec(rules.First, row(`true`, `1`, `1`, `"a"`)))
	cases := map[string]struct{ input, field string }{
		"missing required": {`{"category":"x"}`, "input.amount"},
		"decimal as words": {`{"category":"x","amount":"ten"}`, "input.amount"},
		"too precise":      {`{"category":"x","amount":"1.00001"}`, "input.amount"},
		"unknown field":    {`{"category":"x","amount":"1","colour":"red"}`, "input.colour"},
		"wrong list":       {`{"category":"x","amount":"1","tags":[1]}`, "input.tags"},
		"bad date":         {`{"category":"x","amount":"1","invoiceDate":"1/7/2024"}`, "input.invoiceDate"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := evaluate(t, tbl, tc.input)
			wantField(t, err, errs.InvalidArgument, tc.field, "")
		})
	}
}

func TestNoMatchingRowUnderFirstIsFailedPrecondition(t *testing.T) {
	tbl := compile(t, spec(rules.First, row(`export`, `0`, `0`, `"zero"`)))
	_, err := evaluate(t, tbl, `{"category":"x","amount":"1"}`)
	if errs.CodeOf(err) != errs.FailedPrecondition {
		t.Fatalf("err = %v, want FAILED_PRECONDITION", err)
	}
}

func TestRuntimeFailureIsFailedPrecondition(t *testing.T) {
	tbl := compile(t, spec(rules.First, row(`true`, `amount / 0`, `1`, `"a"`)))
	_, err := evaluate(t, tbl, `{"category":"x","amount":"1"}`)
	if errs.CodeOf(err) != errs.FailedPrecondition || !strings.Contains(err.Error(), "division by zero") {
		t.Fatalf("err = %v, want FAILED_PRECONDITION division by zero", err)
	}
}

// The cost limit holds on every evaluation, proven or tracked: a table
// whose static bound fits runs untracked and answers its bound; lower the
// limit below the bound and the same table is tracked and stopped.
func TestCostLimitHoldsProvenOrTracked(t *testing.T) {
	s := spec(rules.First, row(`category in tags`, `1`, `1`, `"a"`), row(`true`, `0`, `0`, `"b"`))
	limits := rules.DefaultLimits()
	tbl, err := rules.Compile(taxInput, taxOutput, s, limits)
	if err != nil {
		t.Fatal(err)
	}
	many := make([]string, 100)
	for i := range many {
		many[i] = strings.Repeat("x", 900)
	}
	in := map[string]any{"category": "none", "amount": "1", "tags": many}
	res, err := tbl.Evaluate(context.Background(), in)
	if err != nil || res.Cost == 0 || res.Cost > limits.EvalCost {
		t.Fatalf("proven table: cost %d, err %v; want a bound within %d", res.Cost, err, limits.EvalCost)
	}
	limits.EvalCost = 20
	tbl, err = rules.Compile(taxInput, taxOutput, s, limits)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tbl.Evaluate(context.Background(), in); errs.CodeOf(err) != errs.FailedPrecondition || !strings.Contains(err.Error(), "cost limit") {
		t.Fatalf("tracked table over its limit: %v, want FAILED_PRECONDITION cost limit", err)
	}
	in["tags"] = []string{"a"}
	if _, err := tbl.Evaluate(context.Background(), in); err != nil {
		t.Fatalf("tracked table within its limit: %v", err)
	}
}
