package rules_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/vextrus/vextrus/internal/rules"
)

// BenchmarkTable20Rows evaluates a compiled 20-row table that matches at
// row 18: the CPU cost of one cached evaluation without the service
// around it. go test -bench Table20 ./internal/rules/
func BenchmarkTable20Rows(b *testing.B) {
	input := []rules.Field{{Name: "zone", Type: rules.String, Required: true}, {Name: "weight", Type: rules.DecimalT, Required: true},
		{Name: "express", Type: rules.Bool}, {Name: "tags", Type: rules.StringList}}
	output := []rules.Field{{Name: "fee", Type: rules.DecimalT}, {Name: "carrier", Type: rules.String}}
	s := rules.VersionSpec{HitPolicy: rules.First, EffectiveFrom: date(b, "2020-01-01")}
	for i := 0; i < 19; i++ {
		s.Rows = append(s.Rows, rules.Row{
			Condition: fmt.Sprintf(`zone == "zone%d" && weight > %d && !express && !("hazmat" in tags)`, i, i%5),
			Outputs:   map[string]string{"fee": fmt.Sprintf(`round(weight * %d + decimal("%d.50"), 2)`, 10+i, 50+i), "carrier": `"c"`}})
	}
	s.Rows = append(s.Rows, rules.Row{Condition: "true", Outputs: map[string]string{"fee": "500", "carrier": `"post"`}})
	tbl, err := rules.Compile(input, output, s, rules.DefaultLimits())
	if err != nil {
		b.Fatal(err)
	}
	in := map[string]any{"zone": "zone17", "weight": "12.500", "express": false, "tags": []string{"fragile", "bulk"}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tbl.Evaluate(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}
