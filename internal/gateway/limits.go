package gateway

import (
	"math"

	"github.com/wundergraph/astjson"
	"github.com/wundergraph/graphql-go-tools/v2/pkg/ast"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Limits bound what one operation may ask for. Each is checked on the
// parsed document's shape (analyse) before normalisation, so a costly
// operation is refused before it costs anything.
type Limits struct {
	MaxDepth, MaxAliases, MaxRootFields, MaxCost int
}

// introspection are the fields that answer from the schema itself.
var introspection = map[string]bool{"__schema": true, "__type": true}

// listArgs multiply the cost of a field's selections: a page of `first: 50`
// users costs fifty times a user.
var listArgs = [][]byte{[]byte("first"), []byte("last"), []byte("limit")}

// shape is what one operation asks for, with every fragment expanded as
// execution would expand it. Counts saturate at math.MaxInt: a fragment
// spread twice per level for forty levels asks for 2^40 fields, which is
// over every limit, not a number to overflow.
type shape struct {
	depth, aliases, rootFields, cost int
	// roots are the distinct top-level field names, through fragments.
	roots []string
}

// check returns INVALID_ARGUMENT naming the first limit s exceeds.
func (l Limits) check(s *shape) error {
	switch {
	case s.depth > l.MaxDepth:
		return limitErr("depth", "query depth %d exceeds the limit of %d (gateway.max_depth)", s.depth, l.MaxDepth)
	case s.aliases > l.MaxAliases:
		return limitErr("aliases", "%s aliases exceed the limit of %d (gateway.max_aliases)", count(s.aliases), l.MaxAliases)
	case s.rootFields > l.MaxRootFields:
		return limitErr("rootFields", "%s root fields exceed the limit of %d (gateway.max_root_fields)", count(s.rootFields), l.MaxRootFields)
	case s.cost > l.MaxCost:
		return limitErr("cost", "estimated cost exceeds the limit of %d (gateway.max_cost)", l.MaxCost)
	}
	return nil
}

// count prints a saturated count as what it means.
func count(n int) string {
	if n == math.MaxInt {
		return "more than 2^62"
	}
	return itoa(n)
}

func limitErr(field, format string, args ...any) error {
	e := errs.Field(field, format, args...)
	e.Message = e.Fields[0].Message
	return e
}

// analyse measures operation op of doc in time linear in the document's
// size: each selection set is measured once, and a fragment's measure is
// kept and reused wherever it is spread, however many times. vars resolve
// list sizes given as variables. Returns INVALID_ARGUMENT for a spread of
// an undefined fragment or a fragment that spreads itself, directly or
// not, which the specification forbids and which would never end.
func analyse(doc *ast.Document, op int, vars *astjson.Value) (*shape, error) {
	n := len(doc.FragmentDefinitions)
	a := &analysis{doc: doc, vars: vars, fragments: make([]measure, n), state: make([]visit, n), byName: make(map[string]int, n)}
	for i := n - 1; i >= 0; i-- { // the first of a repeated name wins, as in ast.Document
		a.byName[doc.FragmentDefinitionNameString(i)] = i
	}
	root := doc.OperationDefinitions[op].SelectionSet
	m, err := a.set(root)
	if err != nil {
		return nil, err
	}
	return &shape{depth: m.depth, aliases: m.aliases, rootFields: m.fields, cost: m.cost,
		roots: a.rootNames(root, make([]bool, n), nil, map[string]bool{})}, nil
}

// measure is one selection set, fragments expanded: depth below it, the
// aliases and the cost of one instance of it, and the fields of its own
// level.
type measure struct {
	depth, aliases, cost, fields int
}

type visit uint8

const (
	unvisited visit = iota
	visiting
	done
)

type analysis struct {
	doc       *ast.Document
	vars      *astjson.Value
	fragments []measure
	state     []visit
	// byName indexes the fragment definitions: ast.Document looks a
	// name up by scanning them all, once per spread.
	byName map[string]int
}

// set measures one selection set. Recursion depth is bounded by the
// document's nesting, which the parser already holds in memory.
func (a *analysis) set(ref int) (measure, error) {
	var out measure
	for _, sel := range a.doc.SelectionSets[ref].SelectionRefs {
		s := a.doc.Selections[sel]
		var in measure
		switch s.Kind {
		case ast.SelectionKindField:
			if err := a.field(s.Ref, &out); err != nil {
				return out, err
			}
			continue
		case ast.SelectionKindInlineFragment:
			frag := a.doc.InlineFragments[s.Ref]
			if !frag.HasSelections {
				continue
			}
			var err error
			if in, err = a.set(frag.SelectionSet); err != nil {
				return out, err
			}
		case ast.SelectionKindFragmentSpread:
			var err error
			if in, err = a.fragment(s.Ref); err != nil {
				return out, err
			}
		default:
			continue
		}
		// A fragment's fields are this level's fields.
		out.depth = max(out.depth, in.depth)
		out.aliases = add(out.aliases, in.aliases)
		out.cost = add(out.cost, in.cost)
		out.fields = add(out.fields, in.fields)
	}
	return out, nil
}

// field adds field ref, with what it selects, to out.
func (a *analysis) field(ref int, out *measure) error {
	f := a.doc.Fields[ref]
	name := a.doc.FieldNameString(ref)
	if f.Alias.IsDefined {
		out.aliases = add(out.aliases, 1)
	}
	out.fields = add(out.fields, 1)
	cost, depth := 1, 1
	if f.HasSelections {
		in, err := a.set(f.SelectionSet)
		if err != nil {
			return err
		}
		out.aliases = add(out.aliases, in.aliases)
		cost = add(cost, mul(a.listSize(ref), in.cost))
		// Introspection reads the gateway's own schema, and its standard
		// query (nine ofType levels) is deeper than any data query needs:
		// its fields count toward cost and aliases, not depth. Whether it
		// may run is admit's call.
		if !introspection[name] {
			depth = add(in.depth, 1)
		}
	}
	out.cost = add(out.cost, cost)
	out.depth = max(out.depth, depth)
	return nil
}

// fragment measures the fragment spread ref names, once per document.
func (a *analysis) fragment(spread int) (measure, error) {
	name := a.doc.FragmentSpreadNameString(spread)
	ref, ok := a.byName[name]
	if !ok {
		return measure{}, errs.Field("query", "fragment %s is not defined", name)
	}
	switch a.state[ref] {
	case done:
		return a.fragments[ref], nil
	case visiting:
		return measure{}, errs.Field("query", "fragment %s spreads itself", name)
	}
	a.state[ref] = visiting
	m, err := a.set(a.doc.FragmentDefinitions[ref].SelectionSet)
	if err != nil {
		return m, err
	}
	a.fragments[ref], a.state[ref] = m, done
	return m, nil
}

// listSize is the page size a field asks for, 1 when it names none.
func (a *analysis) listSize(field int) int {
	for _, name := range listArgs {
		ref, ok := a.doc.FieldArgument(field, name)
		if !ok {
			continue
		}
		v := a.doc.ArgumentValue(ref)
		switch v.Kind {
		case ast.ValueKindInteger:
			return clampSize(int(a.doc.IntValueAsInt(v.Ref)))
		case ast.ValueKindVariable:
			if a.vars != nil {
				if n := a.vars.Get(string(a.doc.VariableValueNameBytes(v.Ref))); n != nil {
					if i, err := n.Int(); err == nil {
						return clampSize(i)
					}
				}
			}
		}
	}
	return 1
}

func clampSize(n int) int { return min(max(n, 1), 10000) }

// add and mul saturate at math.MaxInt; every operand is non-negative.
func add(x, y int) int {
	if x > math.MaxInt-y {
		return math.MaxInt
	}
	return x + y
}

func mul(x, y int) int {
	if x != 0 && y > math.MaxInt/x {
		return math.MaxInt
	}
	return x * y
}

// rootNames adds the distinct field names of set's own level to names,
// through inline fragments and spreads, reading each fragment once
// (seen): a name a fragment holds is there however often it is spread.
// analyse has refused undefined fragments and cycles before.
func (a *analysis) rootNames(set int, seen []bool, names []string, has map[string]bool) []string {
	doc := a.doc
	for _, sel := range doc.SelectionSets[set].SelectionRefs {
		s := doc.Selections[sel]
		switch s.Kind {
		case ast.SelectionKindField:
			if n := doc.FieldNameString(s.Ref); !has[n] {
				has[n] = true
				names = append(names, n)
			}
		case ast.SelectionKindInlineFragment:
			if f := doc.InlineFragments[s.Ref]; f.HasSelections {
				names = a.rootNames(f.SelectionSet, seen, names, has)
			}
		case ast.SelectionKindFragmentSpread:
			if ref := a.byName[doc.FragmentSpreadNameString(s.Ref)]; !seen[ref] {
				seen[ref] = true
				names = a.rootNames(doc.FragmentDefinitions[ref].SelectionSet, seen, names, has)
			}
		}
	}
	return names
}
