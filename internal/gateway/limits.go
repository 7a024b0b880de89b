package gateway

import (
	"github.com/wundergraph/astjson"
	"github.com/wundergraph/graphql-go-tools/v2/pkg/ast"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Limits bound what one operation may ask for. Each is checked on the
// parsed document before normalisation, following fragment spreads, so a
// costly operation is refused before it costs anything.
type Limits struct {
	MaxDepth, MaxAliases, MaxRootFields, MaxCost int
}

// introspection are the fields that answer from the schema itself.
var introspection = map[string]bool{"__schema": true, "__type": true}

// listArgs multiply the cost of a field's selections: a page of `first: 50`
// users costs fifty times a user.
var listArgs = [][]byte{[]byte("first"), []byte("last"), []byte("limit")}

// shape is what the walk measures.
type shape struct {
	depth, aliases, rootFields, cost int
}

// check returns INVALID_ARGUMENT naming the first limit op exceeds. vars
// resolves list sizes given as variables.
func (l Limits) check(doc *ast.Document, op int, vars *astjson.Value) error {
	w := &walker{doc: doc, vars: vars, budget: l.MaxCost + 1, seen: map[string]bool{}}
	s := shape{}
	set := doc.OperationDefinitions[op].SelectionSet
	s.rootFields = w.count(set)
	s.depth = w.walk(set, 1, 1)
	s.aliases, s.cost = w.aliases, w.cost
	switch {
	case s.depth > l.MaxDepth:
		return limitErr("depth", "query depth %d exceeds the limit of %d (gateway.max_depth)", s.depth, l.MaxDepth)
	case s.aliases > l.MaxAliases:
		return limitErr("aliases", "%d aliases exceed the limit of %d (gateway.max_aliases)", s.aliases, l.MaxAliases)
	case s.rootFields > l.MaxRootFields:
		return limitErr("rootFields", "%d root fields exceed the limit of %d (gateway.max_root_fields)", s.rootFields, l.MaxRootFields)
	case s.cost > l.MaxCost:
		return limitErr("cost", "estimated cost exceeds the limit of %d (gateway.max_cost)", l.MaxCost)
	}
	return nil
}

func limitErr(field, format string, args ...any) error {
	e := errs.Field(field, format, args...)
	e.Message = e.Fields[0].Message
	return e
}

type walker struct {
	doc     *ast.Document
	vars    *astjson.Value
	aliases int
	cost    int
	budget  int
	// seen guards against fragment cycles, which validation reports later.
	seen map[string]bool
}

// walk returns the depth below set and adds aliases and cost; mult is how
// many times the enclosing lists repeat set. It stops adding once the cost
// budget is spent, so a fragment bomb costs the walk no more than the limit.
func (w *walker) walk(set, depth, mult int) int {
	deepest := depth - 1
	for _, sel := range w.doc.SelectionSets[set].SelectionRefs {
		if w.cost > w.budget {
			return deepest
		}
		s := w.doc.Selections[sel]
		switch s.Kind {
		case ast.SelectionKindField:
			f := w.doc.Fields[s.Ref]
			if f.Alias.IsDefined {
				w.aliases++
			}
			w.cost += mult
			d := depth
			if f.HasSelections {
				d = w.walk(f.SelectionSet, depth+1, min(mult*w.listSize(s.Ref), w.budget+1))
			}
			if introspection[w.doc.FieldNameString(s.Ref)] {
				// Introspection reads the gateway's own schema, and its
				// standard query (nine ofType levels) is deeper than any
				// data query needs: its fields count toward cost and
				// aliases, not depth. Whether it may run is admit's call.
				d = depth
			}
			deepest = max(deepest, d)
		case ast.SelectionKindInlineFragment:
			if frag := w.doc.InlineFragments[s.Ref]; frag.HasSelections {
				deepest = max(deepest, w.walk(frag.SelectionSet, depth, mult))
			}
		case ast.SelectionKindFragmentSpread:
			name := w.doc.FragmentSpreadNameBytes(s.Ref)
			ref, ok := w.doc.FragmentDefinitionRef(name)
			if !ok || w.seen[string(name)] {
				continue
			}
			w.seen[string(name)] = true
			deepest = max(deepest, w.walk(w.doc.FragmentDefinitions[ref].SelectionSet, depth, mult))
			delete(w.seen, string(name))
		}
	}
	return deepest
}

// count returns the fields set selects at its own level.
func (w *walker) count(set int) int {
	n := 0
	for _, sel := range w.doc.SelectionSets[set].SelectionRefs {
		s := w.doc.Selections[sel]
		switch s.Kind {
		case ast.SelectionKindField:
			n++
		case ast.SelectionKindInlineFragment:
			if frag := w.doc.InlineFragments[s.Ref]; frag.HasSelections {
				n += w.count(frag.SelectionSet)
			}
		case ast.SelectionKindFragmentSpread:
			name := w.doc.FragmentSpreadNameBytes(s.Ref)
			if ref, ok := w.doc.FragmentDefinitionRef(name); ok && !w.seen[string(name)] {
				w.seen[string(name)] = true
				n += w.count(w.doc.FragmentDefinitions[ref].SelectionSet)
				delete(w.seen, string(name))
			}
		}
	}
	return n
}

// listSize is the page size a field asks for, 1 when it names none.
func (w *walker) listSize(field int) int {
	for _, name := range listArgs {
		ref, ok := w.doc.FieldArgument(field, name)
		if !ok {
			continue
		}
		v := w.doc.ArgumentValue(ref)
		switch v.Kind {
		case ast.ValueKindInteger:
			return clampSize(int(w.doc.IntValueAsInt(v.Ref)))
		case ast.ValueKindVariable:
			if w.vars != nil {
				if n := w.vars.Get(string(w.doc.VariableValueNameBytes(v.Ref))); n != nil {
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
