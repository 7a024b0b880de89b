package rules

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types/ref"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Limits bound what a table may contain and what one evaluation may spend.
type Limits struct {
	// CellCost is the most a cell's static cost estimate may reach; a cell
	// above it (nested comprehensions over large lists, say) is refused at
	// save.
	CellCost uint64
	// EvalCost is the runtime cost limit of one evaluation of a table.
	EvalCost uint64
	// Timeout bounds one evaluation in wall time.
	Timeout time.Duration
	// MaxRows, MaxCellLen and MaxTests bound a version.
	MaxRows, MaxCellLen, MaxTests int
	// MaxListLen and MaxStringLen bound list and string inputs; the static
	// cost estimate relies on them.
	MaxListLen, MaxStringLen int
}

// DefaultLimits are the limits of the service.
func DefaultLimits() Limits {
	return Limits{CellCost: 10_000, EvalCost: 1_000_000, Timeout: 100 * time.Millisecond,
		MaxRows: 200, MaxCellLen: 2000, MaxTests: 200, MaxListLen: 100, MaxStringLen: 1000}
}

var stringSliceType = reflect.TypeOf([]string{})

var baseEnv = sync.OnceValues(func() (*cel.Env, error) {
	return cel.NewEnv(append(celLibrary(),
		cel.ParserRecursionLimit(4*DefaultLimits().MaxRows+100),
		cel.ParserExpressionSizeLimit(2_000_000))...)
})

// Table is a compiled version: one CEL program for the whole table, so
// one evaluation has one cost limit and one timeout, plus the constant
// output cells converted once.
type Table struct {
	input      []Field
	inputIndex map[string]int
	output     []Field
	hit        HitPolicy
	collectAs  string
	limits     Limits
	prg        cel.Program
	rows       []tableRow
	// loops is true when the program has comprehensions: the only place
	// CEL checks for an interrupt, so the only programs a timeout can
	// stop. Loop-free programs run a bounded number of steps, each
	// charged to the cost limit.
	loops bool
	// costBound is the static bound of one evaluation's cost when it is
	// within limits.EvalCost (the program then runs untracked); zero when
	// the cost is tracked at run time.
	costBound uint64
}

// inputTypes maps input names to their types, for the cost estimator.
func (t *Table) inputTypes() map[string]FieldType {
	vars := make(map[string]FieldType, len(t.input))
	for _, f := range t.input {
		vars[f.Name] = f.Type
	}
	return vars
}

type tableRow struct {
	description string
	// constants are the native values of cells without variables.
	constants map[string]any
	// exprs are the output fields computed by the program, in the order of
	// its result list.
	exprs []Field
}

// Compile checks a version against its set's schemas and compiles it.
// Returns INVALID_ARGUMENT naming each offending cell (`rows[2].condition`,
// `rows[2].outputs.rate`) with the position of a syntax error, a type
// error, or a cost estimate above limits.CellCost.
func Compile(input, output []Field, spec VersionSpec, limits Limits) (*Table, error) {
	c := &errs.Collector{}
	validateSpec(c, output, spec, limits)
	if err := c.Err(); err != nil {
		return nil, err
	}
	base, err := baseEnv()
	if err != nil {
		return nil, fmt.Errorf("cel environment: %w", err)
	}
	t := &Table{input: input, output: output, hit: spec.HitPolicy, collectAs: spec.CollectAs,
		limits: limits, inputIndex: map[string]int{}}
	vars := make([]cel.EnvOption, 0, len(input))
	for i, f := range input {
		t.inputIndex[f.Name] = i
		vars = append(vars, cel.Variable(f.Name, f.Type.celType()))
	}
	env, err := base.Extend(vars...)
	if err != nil {
		return nil, fmt.Errorf("cel environment: %w", err)
	}
	cc := cellCompiler{env: env, t: t, c: c}
	t.rows = make([]tableRow, len(spec.Rows))
	var src strings.Builder
	for i, row := range spec.Rows {
		at := fmt.Sprintf("rows[%d]", i)
		cond := cc.cell(at+".condition", row.Condition, Bool)
		tr := tableRow{description: row.Description, constants: map[string]any{}}
		var exprs []string
		for _, f := range output {
			text, ok := row.Outputs[f.Name]
			if !ok {
				continue
			}
			if v, isConst := cc.constant(at+".outputs."+f.Name, text, f.Type); isConst {
				tr.constants[f.Name] = v
				continue
			}
			tr.exprs = append(tr.exprs, f)
			exprs = append(exprs, "(\n"+text+"\n)")
		}
		t.rows[i] = tr
		t.writeRow(&src, i, cond, exprs)
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	t.writeEnd(&src, len(spec.Rows))
	ast, iss := env.Compile(src.String())
	if iss.Err() != nil {
		return nil, fmt.Errorf("compile table: %w", iss.Err())
	}
	t.loops = len(celast.MatchDescendants(celast.NavigateAST(ast.NativeRep()), celast.KindMatcher(celast.ComprehensionKind))) > 0
	// The cost limit holds on every evaluation: proven before the first
	// one when the table's static bound is within it (inputs are held to
	// MaxListLen and MaxStringLen at binding, which the bound assumes),
	// tracked call by call otherwise. Tracking allocates on every call, a
	// large share of a cached evaluation, so proven tables skip it.
	opts := []cel.ProgramOption{cel.InterruptCheckFrequency(32), cel.EvalOptions(cel.OptOptimize)}
	est, err := env.EstimateCost(ast, sizeEstimator{vars: t.inputTypes(), limits: limits})
	if err == nil && est.Max <= limits.EvalCost {
		t.costBound = est.Max
	} else {
		opts = append(opts, cel.CostLimit(limits.EvalCost), cel.CostTracking(actualCost{}))
	}
	t.prg, err = env.Program(ast, opts...)
	if err != nil {
		return nil, fmt.Errorf("plan table: %w", err)
	}
	return t, nil
}

// writeRow adds row i to the table program. FIRST nests conditionals, so
// evaluation stops at the first match and answers [row, exprs...]; COLLECT
// is a list with [exprs...] or null per row. Cells are wrapped in
// parentheses on their own lines: each parsed alone, so none can close a
// bracket of the frame or comment out what follows.
func (t *Table) writeRow(src *strings.Builder, i int, cond string, exprs []string) {
	list := "dyn([" + strings.Join(append([]string{fmt.Sprint(i)}, exprs...), ", ") + "])"
	if t.hit == First {
		fmt.Fprintf(src, "(\n%s\n) ? %s :\n", cond, list)
		return
	}
	if i == 0 {
		src.WriteString("[")
	} else {
		src.WriteString(",\n")
	}
	fmt.Fprintf(src, "(\n%s\n) ? %s : null", cond, list)
}

func (t *Table) writeEnd(src *strings.Builder, rows int) {
	switch {
	case t.hit == First:
		src.WriteString("dyn([-1])")
	case rows == 0:
		src.WriteString("[]")
	default:
		src.WriteString("]")
	}
}

func validateSpec(c *errs.Collector, output []Field, spec VersionSpec, limits Limits) {
	c.Check(spec.HitPolicy == First || spec.HitPolicy == Collect, "hitPolicy", "must be FIRST or COLLECT")
	if spec.HitPolicy == Collect {
		c.Check(identRE.MatchString(spec.CollectAs), "collectAs", "must name the answer's list, e.g. \"levels\"")
	}
	c.Check(!spec.EffectiveFrom.IsZero(), "effectiveFrom", "is required")
	c.Check(spec.EffectiveTo == nil || !spec.EffectiveTo.Before(spec.EffectiveFrom), "effectiveTo", "must not be before effectiveFrom")
	c.Check(len(spec.Reference) <= 1000, "reference", "must be at most 1000 characters")
	c.Check(len(spec.Rows) <= limits.MaxRows, "rows", "must have at most %d rows", limits.MaxRows)
	c.Check(len(spec.Tests) <= limits.MaxTests, "tests", "must have at most %d test cases", limits.MaxTests)
	names := map[string]bool{}
	for _, f := range output {
		names[f.Name] = true
	}
	for i, row := range spec.Rows {
		at := fmt.Sprintf("rows[%d]", i)
		c.Check(len(row.Condition) <= limits.MaxCellLen, at+".condition", "must be at most %d characters", limits.MaxCellLen)
		for _, f := range output {
			text, ok := row.Outputs[f.Name]
			c.Check(ok, at+".outputs."+f.Name, "is required: every row sets every output")
			c.Check(len(text) <= limits.MaxCellLen, at+".outputs."+f.Name, "must be at most %d characters", limits.MaxCellLen)
		}
		for name := range row.Outputs {
			c.Check(names[name], at+".outputs."+name, "is not a field of the output schema")
		}
	}
}

// errCostExceeded and errTimeout are what an evaluation over its limits
// fails with.
var (
	errCostExceeded = errors.New("evaluation exceeded the cost limit")
	errTimeout      = errors.New("evaluation exceeded the time limit")
)

// run evaluates the table program on vars under the cost limit and, for
// programs with loops, the timeout. Loop-free programs skip the timeout's
// two contexts: CEL would never look at them, and they cost a large share
// of a cached evaluation.
func (t *Table) run(ctx context.Context, vars *activation) (ref.Val, *cel.EvalDetails, error) {
	if !t.loops {
		return t.prg.Eval(vars)
	}
	ctx, cancel := context.WithTimeout(ctx, t.limits.Timeout)
	defer cancel()
	return t.prg.ContextEval(ctx, vars)
}
