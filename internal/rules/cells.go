package rules

import (
	"fmt"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// cellCompiler checks the cells of one version and reports each problem
// under the cell's path.
type cellCompiler struct {
	env *cel.Env
	t   *Table
	c   *errs.Collector
}

// check parses and type-checks one cell as type want and bounds its
// estimated cost. It returns nil after recording a problem.
func (cc cellCompiler) check(at, text string, want FieldType) *cel.Ast {
	if strings.TrimSpace(text) == "" {
		cc.c.Add(at, "is empty; write a CEL expression")
		return nil
	}
	parsed, iss := cc.env.Parse(text)
	if iss.Err() != nil {
		cc.c.Add(at, "syntax error %s", describeIssues(iss))
		return nil
	}
	checked, iss := cc.env.Check(parsed)
	if iss.Err() != nil {
		cc.c.Add(at, "type error %s", describeIssues(iss))
		return nil
	}
	if !assignable(want, checked.OutputType()) {
		cc.c.Add(at, "has type %s, want %s", checked.OutputType(), want)
		return nil
	}
	est, err := cc.env.EstimateCost(checked, sizeEstimator{vars: cc.t.inputTypes(), limits: cc.t.limits})
	if err != nil || est.Max > cc.t.limits.CellCost {
		cc.c.Add(at, "may cost up to %d to evaluate, above the limit of %d; simplify it (avoid nested comprehensions over lists)",
			est.Max, cc.t.limits.CellCost)
		return nil
	}
	return checked
}

// cell checks a condition and returns its text framed for the table
// program.
func (cc cellCompiler) cell(at, text string, want FieldType) string {
	cc.check(at, text, want)
	return text
}

// constant checks an output cell and, when it reads no input, evaluates it
// once so evaluations only copy the value.
func (cc cellCompiler) constant(at, text string, want FieldType) (any, bool) {
	checked := cc.check(at, text, want)
	if checked == nil {
		return nil, true // reported; the table will not be built
	}
	for _, r := range checked.NativeRep().ReferenceMap() {
		if _, isVar := cc.t.inputIndex[r.Name]; isVar && r.Name != "" {
			return nil, false
		}
	}
	prg, err := cc.env.Program(checked, cel.CostLimit(cc.t.limits.CellCost))
	if err != nil {
		cc.c.Add(at, "cannot be planned: %v", err)
		return nil, true
	}
	out, _, err := prg.Eval(map[string]any{})
	if err != nil {
		// A constant that fails (decimal("x")) would fail every time.
		cc.c.Add(at, "fails: %v", err)
		return nil, true
	}
	v, ok := toNative(want, out)
	if !ok {
		cc.c.Add(at, "is not a %s", want)
		return nil, true
	}
	return v, true
}

// assignable reports whether a cell of type got may fill a field of type
// want; an int fills a decimal exactly.
func assignable(want FieldType, got *cel.Type) bool {
	if want == DecimalT && got.IsExactType(types.IntType) {
		return true
	}
	return got.IsExactType(want.celType())
}

// describeIssues renders CEL issues with their positions: "at line 1,
// column 9: mismatched input ...".
func describeIssues(iss *cel.Issues) string {
	var parts []string
	for _, e := range iss.Errors() {
		parts = append(parts, fmt.Sprintf("at line %d, column %d: %s", e.Location.Line(), e.Location.Column()+1, e.Message))
	}
	return strings.Join(parts, "; ")
}
