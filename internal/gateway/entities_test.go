package gateway_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/vextrus/vextrus/internal/gateway"
)

// TestEntityFetchesAreBatched: a page of 100 customers with their
// creators' names, over the real masterdata and auth subgraphs, costs one
// masterdata request and one _entities request to auth, not one per
// customer, and every customer gets the name of the user who created it.
func TestEntityFetchesAreBatched(t *testing.T) {
	const customers = 100
	e := newEnv(t, options{masterdata: true})
	users := e.tenant("alpha", 3)
	names := map[string]string{} // by user id
	for _, u := range users {
		names[u.userID] = u.email // e.tenant names each user by their email
	}
	creator := map[string]string{} // user id by customer code
	for i := range customers {
		u := users[i%len(users)]
		code := fmt.Sprintf("C-%03d", i)
		r := e.post("/api/v1/masterdata/customers", u.token, map[string]any{
			"code": code, "name": "Customer " + code, "type": "company", "mobile": "01712-345678",
			"address": map[string]any{"line1": "House 12, Road 5", "district": "Dhaka", "postCode": "1207"},
		})
		if r.Status != http.StatusCreated {
			t.Fatalf("create %s: %d %s", code, r.Status, r.Raw)
		}
		creator[code] = u.userID
	}
	e.takeCalls()

	r := e.query(users[0].token, `{ customers(first: 100) { edges { node { code createdBy { id name } } } } }`)
	if r.Status != http.StatusOK || r.Body["errors"] != nil {
		t.Fatalf("status %d: %.500s", r.Status, r.Raw)
	}
	var out struct {
		Data struct {
			Customers struct {
				Edges []struct {
					Node struct {
						Code      string
						CreatedBy *struct{ ID, Name string }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(r.Raw, &out); err != nil {
		t.Fatal(err)
	}
	if n := len(out.Data.Customers.Edges); n != customers {
		t.Fatalf("%d customers listed, want %d", n, customers)
	}
	for _, edge := range out.Data.Customers.Edges {
		n := edge.Node
		want := creator[n.Code]
		if n.CreatedBy == nil || n.CreatedBy.ID != want || n.CreatedBy.Name != names[want] {
			t.Errorf("customer %s createdBy = %+v, want %s (%s)", n.Code, n.CreatedBy, want, names[want])
		}
	}

	calls := e.takeCalls()
	count := map[string]int{}
	var entities []subgraphCall
	for _, c := range calls {
		count[c.subgraph]++
		if c.subgraph == "auth" && bytes.Contains(c.body, []byte("_entities")) {
			entities = append(entities, c)
		}
	}
	if count["masterdata"] != 1 || count["auth"] != 1 || len(entities) != 1 {
		t.Fatalf("subgraph requests %v with %d _entities requests to auth, want one to each, the auth one _entities", count, len(entities))
	}
	var fetch gateway.EntitiesRequest
	if err := json.Unmarshal(entities[0].body, &fetch); err != nil {
		t.Fatalf("decode _entities request: %v: %s", err, entities[0].body)
	}
	reps := fetch.Variables.Representations
	seen := map[string]bool{}
	for _, rep := range reps {
		if rep.Typename != "User" || names[rep.ID] == "" {
			t.Errorf("representation %+v is not one of the creators", rep)
		}
		seen[rep.ID] = true
	}
	// The engine sends each distinct creator once, however many
	// customers they created.
	if len(seen) != len(users) || len(reps) > customers {
		t.Errorf("%d representations of %d users in the _entities request, want the %d creators", len(reps), len(seen), len(users))
	}
	t.Logf("one _entities request with %d representations for %d customers", len(reps), customers)
}
