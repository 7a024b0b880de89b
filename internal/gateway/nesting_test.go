package gateway_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/api"
	"github.com/vextrus/vextrus/internal/gateway"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

func newPlanner(tb testing.TB) *gateway.Planner {
	tb.Helper()
	p, err := gateway.NewPlanner(context.Background(), api.Supergraph)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// Found while fuzzing the gateway: a document of 100,000 nested
// selections (400 KB, under max_body_bytes) took seconds of the parser's
// time before the depth limit could be measured, fifty times a flat
// document of its size. Its text is refused before parsing now.
func TestADeeplyNestedDocumentIsRefusedFromItsText(t *testing.T) {
	p := newPlanner(t)
	for name, doc := range map[string]string{
		"selections":     "{" + strings.Repeat("me{", 100_000) + "id" + strings.Repeat("}", 100_000) + "}",
		"unclosed":       "{" + strings.Repeat("me{", 100_000),
		"argument value": "{ me(x: " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + ") { id } }",
	} {
		t.Run(name, func(t *testing.T) {
			e := errs.As(p.Plan(doc, "", []byte(`{}`)))
			if e.Code != errs.InvalidArgument || len(e.Fields) != 1 || e.Fields[0].Field != "depth" ||
				!strings.Contains(e.Message, "brackets nest") {
				t.Fatalf("got %v, want INVALID_ARGUMENT naming depth for the document's nesting", e)
			}
		})
	}
}

func TestBracketsInStringsAndCommentsDoNotCountAsNesting(t *testing.T) {
	p := newPlanner(t)
	deep := strings.Repeat("{[(", 100)
	for name, doc := range map[string]string{
		"string":       `{ ruleSet(key: "` + deep + `\"` + deep + `") { __typename } }`,
		"block string": `{ ruleSet(key: """` + deep + `\"""` + deep + `""") { __typename } }`,
		"comment":      "{ # " + deep + "\n ruleSet(key: \"k\") { __typename } }",
	} {
		t.Run(name, func(t *testing.T) {
			if err := p.Plan(doc, "", []byte(`{}`)); err != nil {
				t.Fatalf("Plan: %v", err)
			}
		})
	}
	t.Run("GraphiQL's schema query", func(t *testing.T) {
		doc, err := os.ReadFile("testdata/graphiql-introspection.graphql")
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Plan(string(doc), "", []byte(`{}`)); err != nil {
			t.Fatalf("Plan: %v", err)
		}
	})
}
