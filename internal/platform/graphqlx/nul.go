package graphqlx

import (
	"context"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// refuseNUL refuses an operation with a NUL character in any string it
// carries, in its variables or its literals, naming where: PostgreSQL text
// cannot hold NUL, and a value that reached the store would fail there
// without a field to blame. The REST edge refuses NUL in its decoder
// (httpx.Unmarshal) for the same reason.
type refuseNUL struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = refuseNUL{}

func (refuseNUL) ExtensionName() string                   { return "RefuseNUL" }
func (refuseNUL) Validate(graphql.ExecutableSchema) error { return nil }
func (refuseNUL) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	field := nulInVariables(oc.Variables)
	if field == "" && oc.Doc != nil {
		field = nulInDocument(oc.Doc)
	}
	if field == "" {
		return nil
	}
	e := errs.Field(field, "must not contain a NUL character")
	return &gqlerror.Error{Message: e.Message, Err: e}
}

// nulInVariables returns the path of the first string holding NUL, as
// "variables.input.name", or "".
func nulInVariables(vars map[string]any) string {
	for name, v := range vars {
		if p := nulIn(v, "variables."+name); p != "" {
			return p
		}
	}
	return ""
}

func nulIn(v any, path string) string {
	switch v := v.(type) {
	case string:
		if strings.ContainsRune(v, 0) {
			return path
		}
	case map[string]any:
		for k, c := range v {
			if p := nulIn(c, path+"."+k); p != "" {
				return p
			}
		}
	case []any:
		for i, c := range v {
			if p := nulIn(c, path+"["+strconv.Itoa(i)+"]"); p != "" {
				return p
			}
		}
	}
	return ""
}

// nulInDocument returns the argument of the first string literal holding
// NUL in the document's operations and fragments, or "".
func nulInDocument(doc *ast.QueryDocument) string {
	for _, op := range doc.Operations {
		if p := nulInSelections(op.SelectionSet); p != "" {
			return p
		}
	}
	for _, f := range doc.Fragments {
		if p := nulInSelections(f.SelectionSet); p != "" {
			return p
		}
	}
	return ""
}

func nulInSelections(set ast.SelectionSet) string {
	for _, s := range set {
		var sub ast.SelectionSet
		switch s := s.(type) {
		case *ast.Field:
			for _, a := range s.Arguments {
				if p := nulInValue(a.Value, a.Name); p != "" {
					return p
				}
			}
			sub = s.SelectionSet
		case *ast.InlineFragment:
			sub = s.SelectionSet
		}
		if p := nulInSelections(sub); p != "" {
			return p
		}
	}
	return ""
}

func nulInValue(v *ast.Value, path string) string {
	if v == nil {
		return ""
	}
	if v.Kind == ast.StringValue || v.Kind == ast.BlockValue {
		if strings.ContainsRune(v.Raw, 0) {
			return path
		}
		return ""
	}
	for i, c := range v.Children {
		p := path + "[" + strconv.Itoa(i) + "]"
		if c.Name != "" {
			p = path + "." + c.Name
		}
		if r := nulInValue(c.Value, p); r != "" {
			return r
		}
	}
	return ""
}
