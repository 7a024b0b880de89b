package gateway

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeUsers is an auth subgraph answering _entities for users: the name
// it gives carries the number of the request, so a test tells a cached
// entity from a fetched one. The id "missing" is not found.
type fakeUsers struct {
	mu    sync.Mutex
	calls int
}

// EntitiesRequest is the body of the _entities fetch the engine sends a
// subgraph, as the gateway's tests (internal and external) read it.
type EntitiesRequest struct {
	Variables struct {
		Representations []struct {
			Typename string `json:"__typename"`
			ID       string `json:"id"`
		} `json:"representations"`
	} `json:"variables"`
}

func (f *fakeUsers) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.calls++
	n := f.calls
	f.mu.Unlock()
	var in EntitiesRequest
	body, _ := io.ReadAll(r.Body)
	_ = json.Unmarshal(body, &in)
	var out []string
	var errors []string
	for i, rep := range in.Variables.Representations {
		if rep.ID == "missing" {
			out = append(out, "null")
			errors = append(errors, fmt.Sprintf(`{"message":"user not found","path":["_entities",%d]}`, i))
			continue
		}
		out = append(out, fmt.Sprintf(`{"__typename":%q,"id":%q,"name":"%s #%d"}`, rep.Typename, rep.ID, rep.ID, n))
	}
	w.Header().Set("Content-Type", "application/json")
	resp := `{"data":{"_entities":[` + strings.Join(out, ",") + `]}`
	if errors != nil {
		resp += `,"errors":[` + strings.Join(errors, ",") + `]`
	}
	_, _ = io.WriteString(w, resp+"}")
}

func (f *fakeUsers) count() int { f.mu.Lock(); defer f.mu.Unlock(); return f.calls }

const usersQuery = `query($representations: [_Any!]!){_entities(representations: $representations){... on User {__typename id name}}}`

// entitiesBody is the request the engine makes for these users.
func entitiesBody(query, typename string, ids ...string) string {
	reps := make([]string, len(ids))
	for i, id := range ids {
		reps[i] = fmt.Sprintf(`{"__typename":%q,"id":%q}`, typename, id)
	}
	q, _ := json.Marshal(query)
	return `{"query":` + string(q) + `,"variables":{"representations":[` + strings.Join(reps, ",") + `]}}`
}

// TestEntityCacheKeepsOnlyWhatIsSafeToReuse drives the auth upstream the
// way the engine does and counts what reaches the subgraph: an entity
// serves again only the caller that fetched it, with the same selection,
// within the TTL and until it is forgotten; errors, other types, other
// queries and anonymous calls always go through.
func TestEntityCacheKeepsOnlyWhatIsSafeToReuse(t *testing.T) {
	sub := &fakeUsers{}
	ups, _, err := newUpstreams([]Upstream{{Name: "auth", Handler: sub}},
		EntityCacheConfig{TTL: time.Minute, Size: 100, Types: []string{"auth.User"}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	ups.entities.now = func() time.Time { return now }

	// send posts body as caller (an Authorization header; "" for none)
	// and returns the subgraph's answer and whether the subgraph saw it.
	send := func(caller, body string) (string, bool) {
		t.Helper()
		before := sub.count()
		req, err := http.NewRequest(http.MethodPost, inProcessURL("auth"), strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if caller != "" {
			req.Header.Set("Authorization", "Bearer "+caller)
		}
		req.Header.Set("X-Request-Id", fmt.Sprint(before)) // differs every time, as in life
		resp, err := ups.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		out, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		return string(out), sub.count() > before
	}
	step := func(name, caller, body string, wantFetch bool) string {
		t.Helper()
		got, fetched := send(caller, body)
		if fetched != wantFetch {
			t.Errorf("%s: reached the subgraph = %v, want %v (answer %s)", name, fetched, wantFetch, got)
		}
		return got
	}

	alice := entitiesBody(usersQuery, "User", "u1")
	first := step("first fetch", "alice", alice, true)
	if again := step("same caller again", "alice", alice, false); again != first {
		t.Errorf("cached answer %s, want the first %s", again, first)
	}
	step("another caller", "bob", alice, true)
	step("another selection", "alice", entitiesBody(strings.Replace(usersQuery, "id name", "id email", 1), "User", "u1"), true)
	step("anonymous", "", alice, true)
	step("anonymous again", "", alice, true)
	step("a type not cached", "alice", entitiesBody(usersQuery, "Tenant", "t1"), true)
	step("a type not cached, again", "alice", entitiesBody(usersQuery, "Tenant", "t1"), true)
	step("not an entity fetch", "alice", `{"query":"{ me { id name } }"}`, true)
	step("not an entity fetch, again", "alice", `{"query":"{ me { id name } }"}`, true)

	// One entity not yet cached sends the whole fetch, and keeps both.
	both := entitiesBody(usersQuery, "User", "u1", "u2")
	mixed := step("one of two cached", "alice", both, true)
	if !strings.Contains(mixed, `"u1 #`) || !strings.Contains(mixed, `"u2 #`) {
		t.Errorf("answer %s lacks an entity", mixed)
	}
	step("both cached", "alice", both, false)
	step("the second alone", "alice", entitiesBody(usersQuery, "User", "u2"), false)

	// A failed fetch is not kept, not even its entities that resolved.
	withMissing := entitiesBody(usersQuery, "User", "u3", "missing")
	step("an entity not found", "alice", withMissing, true)
	step("an entity not found, again", "alice", withMissing, true)
	step("the one found beside it", "alice", entitiesBody(usersQuery, "User", "u3"), true)

	// Forgetting u1 drops it for every caller; u2 stays.
	step("bob's copy", "bob", alice, false)
	ups.forgetEntity("u1")
	step("alice after forget", "alice", alice, true)
	step("bob after forget", "bob", alice, true)
	step("the entity not forgotten", "alice", entitiesBody(usersQuery, "User", "u2"), false)

	now = now.Add(time.Minute)
	step("after the TTL", "alice", entitiesBody(usersQuery, "User", "u2"), true)
	step("after the refetch", "alice", entitiesBody(usersQuery, "User", "u2"), false)
}

// TestEntityCacheConfigNamesTheProblem: a misspelt type or a subgraph
// that is not composed stops the gateway at start, naming the setting.
func TestEntityCacheConfigNamesTheProblem(t *testing.T) {
	up := []Upstream{{Name: "auth", Handler: &fakeUsers{}}}
	for _, types := range [][]string{{"User"}, {"auth."}, {"auth.User.id"}, {"billing.Invoice"}} {
		_, _, err := newUpstreams(up, EntityCacheConfig{TTL: time.Minute, Size: 10, Types: types}, nil, nil)
		if err == nil || !strings.Contains(err.Error(), "gateway.entity_cache.types") {
			t.Errorf("types %q: error %v, want one naming gateway.entity_cache.types", types, err)
		}
	}
	if _, _, err := newUpstreams(up, EntityCacheConfig{Types: []string{"billing.Invoice"}}, nil, nil); err != nil {
		t.Errorf("a cache that is off refused its types: %v", err)
	}
}

// BenchmarkEntityCacheHit is the hit path every federated page takes for
// its createdBy users: the engine's _entities request answered from the
// cache without reaching the subgraph.
func BenchmarkEntityCacheHit(b *testing.B) {
	ups, _, err := newUpstreams([]Upstream{{Name: "auth", Handler: &fakeUsers{}}},
		EntityCacheConfig{TTL: time.Hour, Size: 100, Types: []string{"auth.User"}}, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	body := entitiesBody(usersQuery, "User", "0195a3c4-7d1e-7b3f-9a2c-4e5f6a7b8c9d", "0195a3c4-7d1e-7b3f-9a2c-4e5f6a7b8c9e")
	send := func() {
		req, _ := http.NewRequest(http.MethodPost, inProcessURL("auth"), strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+strings.Repeat("t", 600))
		resp, err := ups.RoundTrip(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
	}
	send()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		send()
	}
}
