package rules

import (
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/overloads"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
)

// actualCost charges the calls a decision table makes most often, so that
// runtime cost tracking (on for every evaluation) does not allocate a
// counter per call as CEL's general model does. Each charge is at least
// the standard model's: equality costs one plus a tenth of the shorter
// string's bytes (the model counts code points, never more than bytes),
// `in` on a list its length. Other calls fall through to the standard
// model (nil).
type actualCost struct{}

// unitCosts are preallocated charges 0..255, so a charge is a pointer to a
// constant.
var unitCosts = func() (c [256]uint64) {
	for i := range c {
		c[i] = uint64(i)
	}
	return c
}()

func charge(n int) *uint64 {
	if n < len(unitCosts) {
		return &unitCosts[n]
	}
	v := uint64(n)
	return &v
}

// CallCost implements cost.ActualCostEstimator.
func (actualCost) CallCost(_, overloadID string, args []ref.Val, _ ref.Val) *uint64 {
	switch overloadID {
	case overloads.Equals, overloads.NotEquals:
		if len(args) == 2 {
			a, aok := args[0].(types.String)
			b, bok := args[1].(types.String)
			if aok && bok {
				return charge(1 + (min(len(a), len(b))+9)/10)
			}
		}
		return charge(1)
	case overloads.LogicalNot:
		return charge(1)
	case overloads.InList:
		if len(args) == 2 {
			if l, ok := args[1].(traits.Sizer); ok {
				if n, ok := l.Size().(types.Int); ok {
					return charge(max(1, int(n)))
				}
			}
		}
	}
	return nil
}

// sizeEstimator tells the cost estimator how large inputs can be, so the
// estimate of a comprehension is finite and meaningful.
type sizeEstimator struct {
	vars   map[string]FieldType
	limits Limits
}

func (e sizeEstimator) EstimateSize(n cost.AstNode) *cost.SizeEstimate {
	p := n.Path()
	if len(p) == 0 {
		return nil
	}
	ft, ok := e.vars[p[0]]
	if !ok {
		return nil
	}
	str := cost.SizeEstimate{Max: uint64(e.limits.MaxStringLen)}
	switch {
	case len(p) == 1 && ft == String:
		return &str
	case len(p) == 1 && ft == StringList:
		return &cost.SizeEstimate{Max: uint64(e.limits.MaxListLen), Elem: &str}
	case len(p) == 2 && ft == StringList && p[1] == "@items":
		return &str
	}
	return nil
}

func (sizeEstimator) EstimateCallCost(string, string, *cost.AstNode, []cost.AstNode) *cost.CallEstimate {
	return nil
}
