package gateway_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/gateway"
)

// fragmentBomb is a document whose fragment F<levels> expands to
// 2^levels copies of F0: each F<n> spreads F<n-1> twice.
func fragmentBomb(levels int, f0 string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "mutation { login(input: {tenant: \"alpha\", email: \"user0@alpha.test\", password: \"%s\"}) { accessToken } ...F%d }\n", password, levels)
	fmt.Fprintf(&b, "fragment F0 on Mutation { %s }\n", f0)
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "fragment F%d on Mutation { ...F%d ...F%d }\n", i, i-1, i-1)
	}
	return b.String()
}

// nested wraps inner in levels inline fragments on typ.
func nested(typ string, levels int, inner string) string {
	return strings.Repeat("... on "+typ+" { ", levels) + inner + strings.Repeat(" }", levels)
}

func TestFragmentBombIsRefusedBeforeItExpands(t *testing.T) {
	e := newEnv(t, options{})
	e.tenant("alpha", 1)
	login := fmt.Sprintf(`login(input: {tenant: "alpha", email: "user0@alpha.test", password: "%s"}) { accessToken }`, password)
	t.Run("forty levels of login, anonymously", func(t *testing.T) {
		e.takeCalls()
		r := e.query("", fragmentBomb(40, login))
		code, msg := r.FirstError()
		if r.Status != http.StatusBadRequest || code != "INVALID_ARGUMENT" || !strings.Contains(msg, "gateway.max_") {
			t.Fatalf("status %d code %s message %q, want INVALID_ARGUMENT naming a limit", r.Status, code, msg)
		}
	})
	t.Run("forty levels of __typename, anonymously", func(t *testing.T) {
		r := e.query("", fragmentBomb(40, "__typename"))
		if code, _ := r.FirstError(); r.Status != http.StatusUnauthorized || code != "UNAUTHENTICATED" {
			t.Fatalf("status %d code %s, want UNAUTHENTICATED: __typename is not a login mutation", r.Status, code)
		}
	})
}

func TestFragmentsCannotHideFieldsFromTheAnonymousCheck(t *testing.T) {
	e := newEnv(t, options{})
	e.tenant("alpha", 1)
	login := fmt.Sprintf(`login(input: {tenant: "alpha", email: "user0@alpha.test", password: "%s"}) { accessToken }`, password)
	cases := map[string]string{
		"a fragment spread":              "mutation { " + login + " ...F } fragment F on Mutation { logout }",
		"nine nested inline fragments":   "mutation { " + login + " " + nested("Mutation", 9, "logout") + " }",
		"forty nested inline fragments":  "mutation { " + login + " " + nested("Mutation", 40, `createApiKey(input: {name: "x", permissions: []}) { key }`) + " }",
		"a chain of twenty fragments":    "mutation { " + login + " ...C20 } " + chain(20, "logout"),
		"a second operation":             "mutation A { " + login + " } query B { me { id } }",
		"__typename beside login":        "mutation { " + login + " __typename }",
		"a query of login-named aliases": "{ login: me { id } }",
		"introspection beside login":     "mutation A { " + login + " } query Q { __schema { types { name } } }",
	}
	for name, q := range cases {
		t.Run(name, func(t *testing.T) {
			body := map[string]any{"query": q}
			if strings.Contains(q, "mutation A") {
				body["operationName"] = "A" // the login, which alone would pass
			}
			r := e.post("/graphql", "", body)
			if code, _ := r.FirstError(); r.Status != http.StatusUnauthorized || code != "UNAUTHENTICATED" {
				t.Fatalf("status %d code %s: %s", r.Status, code, r.Raw)
			}
		})
	}
	t.Run("login alone still passes", func(t *testing.T) {
		r := e.query("", "mutation { "+nested("Mutation", 12, login)+" }")
		if r.Status != http.StatusOK || r.Body["errors"] != nil {
			t.Fatalf("%d %s", r.Status, r.Raw)
		}
	})
}

// chain is fragments C1..Cn on Mutation, each spreading the one before,
// with inner in C0.
func chain(n int, inner string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "fragment C0 on Mutation { %s } ", inner)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "fragment C%d on Mutation { ...C%d } ", i, i-1)
	}
	return b.String()
}

func TestNestedFragmentsCannotReachIntrospectionWhenItIsOff(t *testing.T) {
	e := newEnv(t, options{})
	a := e.tenant("alpha", 1)[0]
	for _, levels := range []int{9, 40} {
		t.Run(fmt.Sprintf("%d inline fragments", levels), func(t *testing.T) {
			r := e.query(a.token, "{ "+nested("Query", levels, "__schema { types { name } }")+" }")
			code, msg := r.FirstError()
			if r.Status != http.StatusForbidden || code != "PERMISSION_DENIED" || !strings.Contains(msg, "gateway.introspection") {
				t.Fatalf("status %d code %s message %q", r.Status, code, msg)
			}
		})
	}
	t.Run("a chain of fragments", func(t *testing.T) {
		q := "{ ...Q9 } fragment Q0 on Query { __type(name: \"User\") { name } } "
		for i := 1; i <= 9; i++ {
			q += fmt.Sprintf("fragment Q%d on Query { ...Q%d } ", i, i-1)
		}
		if code, _ := e.query(a.token, q).FirstError(); code != "PERMISSION_DENIED" {
			t.Fatalf("code %s, want PERMISSION_DENIED", code)
		}
	})
	t.Run("on when enabled", func(t *testing.T) {
		on := newEnv(t, options{cfg: func(c *gateway.Config) { c.Introspection = true }})
		b := on.tenant("alpha", 1)[0]
		r := on.query(b.token, "{ "+nested("Query", 9, "__schema { queryType { name } }")+" }")
		if r.Status != http.StatusOK || r.Body["errors"] != nil {
			t.Fatalf("%d %s", r.Status, r.Raw)
		}
	})
}

func TestFragmentCyclesAreRefused(t *testing.T) {
	e := newEnv(t, options{})
	a := e.tenant("alpha", 1)[0]
	cases := map[string]string{
		"itself":         "{ me { ...A } } fragment A on User { id ...A }",
		"through others": "{ me { ...A } } fragment A on User { ...B } fragment B on User { ...C } fragment C on User { id ...A }",
		"inline":         "{ me { ...A } } fragment A on User { ... on User { ... on User { ...A } } }",
	}
	for name, q := range cases {
		t.Run(name, func(t *testing.T) {
			r := e.query(a.token, q)
			code, msg := r.FirstError()
			if r.Status != http.StatusBadRequest || code != "INVALID_ARGUMENT" || !strings.Contains(msg, "spreads itself") {
				t.Fatalf("status %d code %s message %q", r.Status, code, msg)
			}
		})
	}
	t.Run("undefined", func(t *testing.T) {
		code, msg := e.query(a.token, "{ me { ...Nowhere } }").FirstError()
		if code != "INVALID_ARGUMENT" || !strings.Contains(msg, "Nowhere") {
			t.Fatalf("code %s message %q", code, msg)
		}
	})
}
