package gateway

import (
	"fmt"
	"strings"
	"testing"
)

// bomb is a document of about size bytes: a chain of fragments, each
// spreading the one before twice, so it expands to 2^levels fields.
func bomb(size int) string {
	var b strings.Builder
	b.WriteString("mutation { ...F0 }\nfragment F0 on Mutation { login(input: {}) { accessToken } }\n")
	for i := 1; b.Len() < size; i++ {
		fmt.Fprintf(&b, "fragment F%d on Mutation { ...F%d ...F%d }\n", i, i-1, i-1)
	}
	// The operation spreads the last fragment.
	doc := b.String()
	last := strings.Count(doc, "fragment ") - 1
	return strings.Replace(doc, "...F0 }", fmt.Sprintf("...F%d }", last), 1)
}

// wide is a document of about size bytes of aliased fields, fragments
// spread in many places and nested selections: the shapes a real client
// sends, many times over.
func wide(size int) string {
	var b strings.Builder
	b.WriteString("query {")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, " a%d: customers(first: 5) { edges { node { ...C%d } } }", i, i%8)
	}
	b.WriteString(" }\n")
	for i := range 8 {
		fmt.Fprintf(&b, "fragment C%d on Customer { id name ... on Customer { code } }\n", i)
	}
	return b.String()
}

// BenchmarkAnalyse measures analyse alone, on documents parsed once: the
// MB/s stay level from 1 KB to 100 KB, however far the fragments expand.
func BenchmarkAnalyse(b *testing.B) {
	for _, kind := range []struct {
		name string
		doc  func(int) string
	}{{"fragments", bomb}, {"fields", wide}} {
		for _, size := range []int{1 << 10, 10 << 10, 100 << 10} {
			doc := kind.doc(size)
			p, err := parseOperation(doc, "", []byte("{}"))
			if err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("%s/%dKB", kind.name, size>>10), func(b *testing.B) {
				b.SetBytes(int64(len(doc)))
				for b.Loop() {
					if _, err := analyse(&p.doc, p.op, p.varsValue); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkAnalyseFortyLevels is the document, from its text to
// its refusal: forty levels of fragments, 2^40 fields once expanded.
func BenchmarkAnalyseFortyLevels(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("mutation { login(input: {}) { accessToken } ...F40 }\nfragment F0 on Mutation { login(input: {}) { accessToken } }\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&sb, "fragment F%d on Mutation { ...F%d ...F%d }\n", i, i-1, i-1)
	}
	doc := sb.String()
	lim := Limits{MaxDepth: 12, MaxAliases: 30, MaxRootFields: 20, MaxCost: 5000}
	for b.Loop() {
		p, err := parseOperation(doc, "", []byte("{}"))
		if err != nil {
			b.Fatal(err)
		}
		if lim.check(p.shape) == nil {
			b.Fatal("the forty-level document passed the limits")
		}
	}
}

func TestAnalysisCountsWhatExecutionWouldRun(t *testing.T) {
	cases := []struct {
		name, doc                   string
		depth, aliases, roots, cost int
	}{
		{"plain", "{ me { id tenant { id } } }", 3, 0, 1, 4},
		{"aliases through a fragment spread twice", "{ a: me { ...U } b: me { ...U } } fragment U on User { x: id }", 2, 4, 2, 4},
		{"list sizes multiply", "{ users(first: 10) { edges { node { id } } } }", 4, 0, 1, 31},
		{"root fields through fragments", "{ ...Q ... on Query { me { id } } } fragment Q on Query { me { id } b: me { id } }", 2, 1, 3, 6},
		{"introspection is not depth", "{ __schema { types { fields { type { ofType { ofType { name } } } } } } }", 1, 0, 1, 7},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := parseOperation(c.doc, "", []byte("{}"))
			if err != nil {
				t.Fatal(err)
			}
			s := p.shape
			if s.depth != c.depth || s.aliases != c.aliases || s.rootFields != c.roots || s.cost != c.cost {
				t.Fatalf("depth %d aliases %d root fields %d cost %d, want %d %d %d %d",
					s.depth, s.aliases, s.rootFields, s.cost, c.depth, c.aliases, c.roots, c.cost)
			}
		})
	}
}
