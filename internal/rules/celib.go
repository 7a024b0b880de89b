package rules

import (
	"fmt"
	"reflect"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
)

// DecimalType is the CEL type of decimal inputs and outputs, as the type
// checker sees it. Rules compare and combine a decimal with a decimal or
// an int (`amount > 100000`, `amount * rate / 100`) and write fractional
// constants as `decimal("7.5")`. The decimal goes on the left of an
// operator (CEL dispatches the standard operators on the left operand),
// equality needs both sides decimal, and negation is written
// `decimal(0) - x`.
var DecimalType = types.NewOpaqueType("decimal")

// decimalRuntimeType is the same type as evaluation sees it: the traits
// let CEL's standard operators dispatch to Decimal's methods.
var decimalRuntimeType = types.NewObjectType(DecimalType.TypeName(), traits.ComparerType|traits.AdderType|
	traits.SubtractorType|traits.MultiplierType|traits.DividerType)

// ConvertToNative lets CEL hand a Decimal to Go code.
func (d Decimal) ConvertToNative(t reflect.Type) (any, error) {
	switch t {
	case reflect.TypeOf(d):
		return d, nil
	case reflect.TypeOf(""):
		return d.String(), nil
	}
	return nil, fmt.Errorf("decimal cannot convert to %v", t)
}

// ConvertToType converts to string or to the decimal type itself.
func (d Decimal) ConvertToType(t ref.Type) ref.Val {
	switch t.TypeName() {
	case DecimalType.TypeName():
		return d
	case types.StringType.TypeName():
		return types.String(d.String())
	case types.TypeType.TypeName():
		return decimalRuntimeType
	}
	return types.NewErr("type conversion error from decimal to %s", t.TypeName())
}

// Equal compares by value.
func (d Decimal) Equal(other ref.Val) ref.Val {
	o, ok := other.(Decimal)
	return types.Bool(ok && o == d)
}

// Type is the decimal type.
func (d Decimal) Type() ref.Type { return decimalRuntimeType }

// Value is the Decimal itself.
func (d Decimal) Value() any { return d }

// operand widens the right operand of a decimal operator.
func operand(v ref.Val) (Decimal, ref.Val) {
	switch x := v.(type) {
	case Decimal:
		return x, nil
	case types.Int:
		d, err := DecimalFromInt(int64(x))
		if err != nil {
			return 0, types.WrapErr(err)
		}
		return d, nil
	}
	return 0, types.MaybeNoSuchOverloadErr(v)
}

func (d Decimal) arith(other ref.Val, fn func(a, b Decimal) (Decimal, error)) ref.Val {
	e, bad := operand(other)
	if bad != nil {
		return bad
	}
	r, err := fn(d, e)
	if err != nil {
		return types.WrapErr(err)
	}
	return r
}

// Add implements CEL's + (traits.Adder).
func (d Decimal) Add(other ref.Val) ref.Val { return d.arith(other, Decimal.Plus) }

// Subtract implements CEL's - (traits.Subtractor).
func (d Decimal) Subtract(other ref.Val) ref.Val { return d.arith(other, Decimal.Minus) }

// Multiply implements CEL's * (traits.Multiplier).
func (d Decimal) Multiply(other ref.Val) ref.Val { return d.arith(other, Decimal.Times) }

// Divide implements CEL's / (traits.Divider).
func (d Decimal) Divide(other ref.Val) ref.Val { return d.arith(other, Decimal.Quo) }

// Compare implements CEL's ordering (traits.Comparer).
func (d Decimal) Compare(other ref.Val) ref.Val {
	e, bad := operand(other)
	if bad != nil {
		return bad
	}
	switch {
	case d < e:
		return types.IntNegOne
	case d > e:
		return types.IntOne
	}
	return types.IntZero
}

// celLibrary declares the decimal type with its operators and functions
// and the date function; every rule environment starts from it.
func celLibrary() []cel.EnvOption {
	opts := []cel.EnvOption{
		cel.Types(DecimalType),
		cel.Function("decimal",
			cel.Overload("decimal_string", []*cel.Type{cel.StringType}, DecimalType,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					d, err := ParseDecimal(string(v.(types.String)))
					if err != nil {
						return types.NewErr("decimal(%q): %v", string(v.(types.String)), err)
					}
					return d
				})),
			cel.Overload("decimal_int", []*cel.Type{cel.IntType}, DecimalType,
				cel.UnaryBinding(func(v ref.Val) ref.Val { return decimalVal(DecimalFromInt(int64(v.(types.Int)))) }))),
		cel.Function("string",
			cel.Overload("string_decimal", []*cel.Type{DecimalType}, cel.StringType,
				cel.UnaryBinding(func(v ref.Val) ref.Val { return types.String(v.(Decimal).String()) }))),
		cel.Function("round",
			cel.Overload("round_decimal_int", []*cel.Type{DecimalType, cel.IntType}, DecimalType,
				cel.BinaryBinding(func(a, b ref.Val) ref.Val { return decimalVal(a.(Decimal).Round(int64(b.(types.Int)))) }))),
		cel.Function("date",
			cel.Overload("date_string", []*cel.Type{cel.StringType}, cel.TimestampType,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					t, err := time.Parse(time.DateOnly, string(v.(types.String)))
					if err != nil {
						return types.NewErr("date(%q): must be YYYY-MM-DD", string(v.(types.String)))
					}
					return types.Timestamp{Time: t}
				}))),
	}
	// The standard operators evaluate through Decimal's trait methods;
	// these declarations only teach the type checker.
	for op, name := range map[string]string{operators.Add: "add", operators.Subtract: "subtract",
		operators.Multiply: "multiply", operators.Divide: "divide"} {
		opts = append(opts, decimalOperator(op, name, DecimalType))
	}
	for op, name := range map[string]string{operators.Less: "less", operators.LessEquals: "less_equals",
		operators.Greater: "greater", operators.GreaterEquals: "greater_equals"} {
		opts = append(opts, decimalOperator(op, name, cel.BoolType))
	}
	return opts
}

// decimalOperator declares op for decimal×decimal and decimal×int.
func decimalOperator(op, name string, result *cel.Type) cel.EnvOption {
	return cel.Function(op,
		cel.Overload(name+"_decimal_decimal", []*cel.Type{DecimalType, DecimalType}, result),
		cel.Overload(name+"_decimal_int", []*cel.Type{DecimalType, cel.IntType}, result))
}

func decimalVal(d Decimal, err error) ref.Val {
	if err != nil {
		return types.WrapErr(err)
	}
	return d
}
