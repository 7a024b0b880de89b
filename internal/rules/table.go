package rules

import (
	"context"
	"errors"
	"strings"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Result is the answer of an evaluation.
type Result struct {
	// Output holds the output fields of the first matching row (FIRST),
	// or {collectAs: [row outputs...]} (COLLECT), in JSON form.
	Output map[string]any
	// Version is the number of the version that answered.
	Version int
	// Matched are the rows that matched, in order: the explanation.
	Matched []Match
	// Cost is the CEL runtime cost spent or, for a table whose static
	// bound is within the limit (run untracked), that bound.
	Cost uint64
}

// Match is a row that matched.
type Match struct {
	// Row is the row's index in the table, from 0.
	Row         int
	Description string
}

// Evaluate runs the table on in (a JSON object as DecodeInput returns it).
// Returns INVALID_ARGUMENT naming the fields that do not match the input
// schema, and FAILED_PRECONDITION when no row matches under FIRST, when a
// cell fails at runtime, or when the evaluation exceeds its cost or time
// limit.
func (t *Table) Evaluate(ctx context.Context, in map[string]any) (Result, error) {
	vars, err := t.bindInput(in)
	if err != nil {
		return Result{}, err
	}
	defer vars.release()
	out, det, err := t.run(ctx, vars)
	spent := t.costBound
	if det != nil && det.ActualCost() != nil {
		spent = *det.ActualCost()
	}
	if err != nil {
		return Result{Cost: spent}, evalError(err)
	}
	res := Result{Cost: spent}
	list, ok := out.(traits.Lister)
	if !ok {
		return res, errs.E(errs.Internal, "table program answered %s", out.Type().TypeName())
	}
	if t.hit == First {
		row, outputs, err := t.rowOutputs(list)
		if err != nil {
			return res, err
		}
		if row < 0 {
			return res, errs.E(errs.FailedPrecondition, "no row of the table matches the input")
		}
		res.Output = outputs
		res.Matched = []Match{{Row: row, Description: t.rows[row].description}}
		return res, nil
	}
	n := int(list.Size().(types.Int))
	items := make([]any, 0, n)
	for i := 0; i < n; i++ {
		e := list.Get(types.Int(i))
		if e == types.NullValue || e.Type() == types.NullType {
			continue
		}
		rl, ok := e.(traits.Lister)
		if !ok {
			return res, errs.E(errs.Internal, "table row answered %s", e.Type().TypeName())
		}
		row, outputs, err := t.rowOutputs(rl)
		if err != nil {
			return res, err
		}
		items = append(items, outputs)
		res.Matched = append(res.Matched, Match{Row: row, Description: t.rows[row].description})
	}
	res.Output = map[string]any{t.collectAs: items}
	return res, nil
}

// rowOutputs reads [row, exprs...] into the row's outputs.
func (t *Table) rowOutputs(l traits.Lister) (int, map[string]any, error) {
	row := int(l.Get(types.Int(0)).(types.Int))
	if row < 0 {
		return row, nil, nil
	}
	r := &t.rows[row]
	outputs := make(map[string]any, len(t.output))
	for name, v := range r.constants {
		outputs[name] = v
	}
	for i, f := range r.exprs {
		v, ok := toNative(f.Type, l.Get(types.Int(i+1)))
		if !ok {
			return row, nil, errs.E(errs.FailedPrecondition, "row %d: output %s is not a %s", row, f.Name, f.Type)
		}
		outputs[f.Name] = v
	}
	return row, outputs, nil
}

// evalError classifies a CEL runtime error; the rule's data caused it, so
// it is FAILED_PRECONDITION, never INTERNAL.
func evalError(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "cost limit exceeded"):
		return errs.Wrap(errs.FailedPrecondition, err, "%v", errCostExceeded)
	case errors.Is(err, context.DeadlineExceeded) || strings.Contains(msg, "operation interrupted"):
		return errs.Wrap(errs.FailedPrecondition, err, "%v", errTimeout)
	}
	return errs.E(errs.FailedPrecondition, "evaluation failed: %s", msg)
}

var _ ref.Val = Decimal(0)
