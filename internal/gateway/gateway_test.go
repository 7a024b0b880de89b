package gateway_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/vextrus/vextrus/internal/gateway"
	"github.com/vextrus/vextrus/internal/platform/apitest"
)

const crossQuery = `query Cross {
  me { id email tenant { id slug } }
  notes { id tenantId text author { id email tenant { id } } }
}`

func TestCrossSubgraphQuery(t *testing.T) {
	e := newEnv(t, options{})
	a := e.tenant("alpha", 2)
	r := e.query(a[0].token, crossQuery)
	if r.Status != http.StatusOK || r.Body["errors"] != nil {
		t.Fatalf("status %d: %s", r.Status, r.Raw)
	}
	data := r.Body["data"].(map[string]any)
	me := data["me"].(map[string]any)
	if me["id"] != a[0].userID || me["tenant"].(map[string]any)["slug"] != "alpha" {
		t.Fatalf("me = %v", me)
	}
	notes := data["notes"].([]any)
	if len(notes) != 2 {
		t.Fatalf("notes = %v", notes)
	}
	// The authors come from auth through one batched _entities fetch.
	for i, n := range notes {
		author := n.(map[string]any)["author"].(map[string]any)
		if author["id"] != a[i].userID || author["email"] != a[i].email {
			t.Errorf("note %d author = %v, want %s", i, author, a[i].email)
		}
	}
}

func TestLimitsAreRefusedNamingTheLimit(t *testing.T) {
	e := newEnv(t, options{})
	a := e.tenant("alpha", 1)[0]
	deep := "{ me " + strings.Repeat("{ tenant ", 19) + "{ id }" + strings.Repeat(" }", 19) + " }"
	var aliases strings.Builder
	aliases.WriteString("{")
	for i := range 1000 {
		fmt.Fprintf(&aliases, " a%d: me { id }", i)
	}
	aliases.WriteString(" }")
	var roots strings.Builder
	roots.WriteString("{")
	for range 25 {
		roots.WriteString(" __typename")
	}
	roots.WriteString(" }")
	cases := []struct {
		name, query, code, mention string
	}{
		{"depth 20", deep, "INVALID_ARGUMENT", "gateway.max_depth"},
		{"1000 aliases", aliases.String(), "INVALID_ARGUMENT", "gateway.max_aliases"},
		{"25 root fields", roots.String(), "INVALID_ARGUMENT", "gateway.max_root_fields"},
		{"cost", "{ users(first: 10000) { edges { node { id email name } } } }", "INVALID_ARGUMENT", "gateway.max_cost"},
		{"introspection", "{ __schema { types { name } } }", "PERMISSION_DENIED", "gateway.introspection"},
		// Refused from its text, before the parser spends seconds on it.
		{"100,000 nested brackets", "{" + strings.Repeat("me{", 100_000), "INVALID_ARGUMENT", "brackets nest"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.query(a.token, c.query)
			code, msg := r.FirstError()
			if r.Status != http.StatusBadRequest && r.Status != http.StatusForbidden || code != c.code || !strings.Contains(msg, c.mention) {
				t.Fatalf("status %d code %s message %q, want %s naming %s", r.Status, code, msg, c.code, c.mention)
			}
		})
	}
	t.Run("oversized body", func(t *testing.T) {
		body := `{"query":"{ me { id } }","variables":{"pad":"` + strings.Repeat("x", 2<<20) + `"}}`
		r := e.do(http.MethodPost, "/graphql", a.token, body)
		code, msg := r.FirstError()
		if r.Status != http.StatusRequestEntityTooLarge || code != "INVALID_ARGUMENT" || !strings.Contains(msg, "gateway.max_body_bytes") {
			t.Fatalf("status %d code %s message %q", r.Status, code, msg)
		}
	})
}

func TestWithoutTokenOnlyLoginPasses(t *testing.T) {
	e := newEnv(t, options{})
	e.tenant("alpha", 1)
	for _, q := range []string{"{ me { id } }", "{ notes { id } }", "mutation { logout }", "{ __typename }"} {
		r := e.query("", q)
		if code, _ := r.FirstError(); r.Status != http.StatusUnauthorized || code != "UNAUTHENTICATED" {
			t.Errorf("%s: status %d code %s", q, r.Status, code)
		}
	}
	r := e.query("", `mutation { login(input: {tenant: "alpha", email: "user0@alpha.test", password: "`+password+`"}) { accessToken } }`)
	if r.Status != http.StatusOK || r.Body["errors"] != nil {
		t.Fatalf("login through the gateway: %d %s", r.Status, r.Raw)
	}
}

func TestRateLimitAnswers429WithRetryAfter(t *testing.T) {
	e := newEnv(t, options{cfg: func(c *gateway.Config) { c.UserRate, c.UserBurst = 0.5, 3 }})
	a := e.tenant("alpha", 1)[0]
	var last apitest.Response
	for range 4 {
		last = e.query(a.token, "{ me { id } }")
	}
	code, msg := last.FirstError()
	if last.Status != http.StatusTooManyRequests || code != "RATE_LIMITED" || last.Header.Get("Retry-After") == "" {
		t.Fatalf("4th request: status %d code %s Retry-After %q", last.Status, code, last.Header.Get("Retry-After"))
	}
	if !strings.Contains(msg, "user rate limit") {
		t.Errorf("message %q does not name the limit", msg)
	}
	// REST routes pass the same limit, answered as problem+json.
	r := e.do(http.MethodGet, "/api/v1/auth/me", a.token, nil)
	if r.Status != http.StatusTooManyRequests || r.Body["code"] != "RATE_LIMITED" || r.Header.Get("Retry-After") == "" {
		t.Fatalf("REST: status %d %s", r.Status, r.Raw)
	}
}

func TestAutomaticPersistedQueries(t *testing.T) {
	e := newEnv(t, options{})
	a := e.tenant("alpha", 1)[0]
	q := "{ me { id } }"
	sum := sha256.Sum256([]byte(q))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	r := e.post("/graphql", a.token, map[string]any{"extensions": ext})
	if _, msg := r.FirstError(); msg != "PersistedQueryNotFound" {
		t.Fatalf("unknown hash: %s", r.Raw)
	}
	if r = e.post("/graphql", a.token, map[string]any{"query": q, "extensions": ext}); r.Body["errors"] != nil {
		t.Fatalf("register: %s", r.Raw)
	}
	r = e.post("/graphql", a.token, map[string]any{"extensions": ext})
	if r.Body["errors"] != nil || r.Body["data"].(map[string]any)["me"].(map[string]any)["id"] != a.userID {
		t.Fatalf("by hash: %s", r.Raw)
	}
}

// TestRepeatedOperationsAreCheckedPerCaller: the gateway remembers the
// plan of a request it has seen, but who may run it is decided for every
// caller, and the same text with other variables is another request.
func TestRepeatedOperationsAreCheckedPerCaller(t *testing.T) {
	e := newEnv(t, options{})
	a := e.tenant("alpha", 3)
	const q = `query Users($search: String) { users(first: 5, filter: {search: $search}) { edges { node { email } } } }`
	emails := func(r apitest.Response) []string {
		var out []string
		data, _ := r.Body["data"].(map[string]any)
		users, _ := data["users"].(map[string]any)
		edges, _ := users["edges"].([]any)
		for _, edge := range edges {
			out = append(out, edge.(map[string]any)["node"].(map[string]any)["email"].(string))
		}
		return out
	}
	ask := func(token, search string) apitest.Response {
		return e.post("/graphql", token, map[string]any{"query": q, "variables": map[string]any{"search": search}})
	}
	for range 2 {
		if got := emails(ask(a[0].token, "user1@")); len(got) != 1 || got[0] != a[1].email {
			t.Fatalf("search user1@: %v", got)
		}
		if got := emails(ask(a[0].token, "user2@")); len(got) != 1 || got[0] != a[2].email {
			t.Fatalf("search user2@ after user1@: %v", got)
		}
	}
	if r := ask("", "user1@"); r.Status != http.StatusUnauthorized {
		t.Errorf("the same request without a token: %d %s", r.Status, r.Raw)
	}
	// A mutation seen over POST is still refused over GET.
	if r := e.query(a[0].token, "mutation { logout }"); r.Status != http.StatusOK || r.Body["errors"] != nil {
		t.Fatalf("logout: %d %s", r.Status, r.Raw)
	}
	if r := e.do(http.MethodGet, "/graphql?query=mutation+%7B+logout+%7D", a[1].token, nil); r.Status != http.StatusBadRequest {
		t.Errorf("GET of a mutation seen before: %d %s", r.Status, r.Raw)
	}
}
