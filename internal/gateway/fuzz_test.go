package gateway_test

import (
	"testing"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// FuzzPlan sends arbitrary GraphQL documents, operation names and
// variables through parsing, the depth, alias, root-field and cost
// limits, validation and planning against the real supergraph: each is
// planned or refused as the client's fault (INVALID_ARGUMENT), never an
// internal error, a panic or a hang (the fuzzer reports an input that
// runs over ten seconds).
func FuzzPlan(f *testing.F) {
	for _, s := range []struct{ query, name, vars string }{
		{`{ me { id email } }`, "", `{}`},
		{`query Q($n: Int) { customers(first: $n) { edges { node { id code name bin address { district } } } pageInfo { hasNextPage endCursor } } }`, "Q", `{"n":20}`},
		{`query A { me { id } } query B { roles { name } }`, "B", `{}`},
		{`query A { me { id } } query B { roles { name } }`, "", `{}`},
		{`{ customers(first: 100000) { edges { node { id } } } }`, "", `{}`},
		{`{ a: me { id } b: me { id } c: me { id } }`, "", `null`},
		{`query ($ids: [ID!]!) { customersByIds(ids: $ids) { id } }`, "", `{"ids":["01900000-0000-7000-8000-000000000001"]}`},
		{`query ($ids: [ID!]!) { customersByIds(ids: $ids) { id } }`, "", `{"ids":"x"}`},
		{`{ evaluateRule(key: "vat.rate", input: {category: "standard"}) { outputs } }`, "", `{}`},
		{`mutation { login(input: {email: "a@b.c", password: "x"}) { accessToken } }`, "", `{}`},
		{`{ ...F } fragment F on Query { ...G } fragment G on Query { ...F }`, "", `{}`},
		{`{ ...F } fragment F on Query { me { id } ...F2 } fragment F2 on Query { me { ... on User { id } } }`, "", `{}`},
		{`{ __schema { types { name fields { name type { name ofType { name } } } } } }`, "", `{}`},
		{`{ __typename me { __typename } }`, "", `{}`},
		{`{ me { id @include(if: $x) } }`, "", `{}`},
		{`subscription { me { id } }`, "", `{}`},
		{`{ a { b { c { d { e { f { g { h { i { j { k { l { m } } } } } } } } } } } } }`, "", `{}`},
		{`{ me { id } `, "", `{}`},
		{`{ me(id: """x""") { id } }`, "", `[1]`},
		{``, "", `{}`},
		{`{ ruleSet(key: "{[(\"") { __typename } } # {{{`, "", `{}`},
		{`{ ruleSet(key: """{{ \""" }}""") { __typename } }`, "", `{}`},
	} {
		f.Add(s.query, s.name, []byte(s.vars))
	}
	p := newPlanner(f)
	f.Fuzz(func(t *testing.T, query, name string, vars []byte) {
		err := p.Plan(query, name, vars)
		if err != nil && errs.CodeOf(err) != errs.InvalidArgument {
			t.Fatalf("Plan(%q, %q, %q): %v, want success or INVALID_ARGUMENT", query, name, vars, err)
		}
	})
}
