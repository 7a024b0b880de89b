package masterdata_test

import (
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/vextrus/vextrus/internal/masterdata"
	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

func TestConcurrentUpdatesFromOneVersion(t *testing.T) {
	e := newEnv(t)
	c := e.newCaller(tenant.New())
	var rec customerJSON
	c.Do("POST", "/api/v1/masterdata/customers", customer("C-1")).Decode(t, &rec)
	item := "/api/v1/masterdata/customers/" + rec.ID

	// Several rounds, each racing updates from the current version.
	const racers = 6
	for round := 1; round <= 5; round++ {
		start := make(chan struct{})
		statuses := make([]int, racers)
		var wg sync.WaitGroup
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				res := c.Do("PATCH", item, map[string]any{"paymentTermsDays": 10*round + i}, "If-Match", etagOf(round))
				statuses[i] = res.Status
			}()
		}
		close(start)
		wg.Wait()
		slices.Sort(statuses)
		if statuses[0] != http.StatusOK || statuses[1] != http.StatusPreconditionFailed || statuses[racers-1] != http.StatusPreconditionFailed {
			t.Fatalf("round %d: statuses %v, want one 200 and the rest 412", round, statuses)
		}
	}
	if n := e.outbox(c.tenant)["vextrus.masterdata.customer.updated.v1"]; n != 5 {
		t.Fatalf("%d updated events, want 5", n)
	}
}

func etagOf(v int) string { return `"` + string(rune('0'+v)) + `"` }

func TestPermissionsAreEnforced(t *testing.T) {
	e := newEnv(t)
	tid := tenant.New()
	writer := e.newCaller(tid)
	var rec customerJSON
	writer.Do("POST", "/api/v1/masterdata/customers", customer("C-1")).Decode(t, &rec)
	reader := e.newCaller(tid, masterdata.PermCustomerRead)
	nobody := e.newCaller(tid, masterdata.PermProductRead)
	item := "/api/v1/masterdata/customers/" + rec.ID

	writes := []struct {
		method, path string
		body         any
		headers      []string
	}{
		{"POST", "/api/v1/masterdata/customers", customer("C-2"), nil},
		{"PATCH", item, map[string]any{"name": "X"}, []string{"If-Match", `"1"`}},
		{"POST", item + "/archive", nil, nil},
		{"POST", item + "/restore", nil, nil},
		{"POST", "/api/v1/masterdata/customers/import?wait=true", "code,name\nC-9,Nine\n", []string{"Content-Type", "text/csv"}},
	}
	for _, w := range writes {
		if res := reader.Do(w.method, w.path, w.body, w.headers...); res.Status != http.StatusForbidden {
			t.Errorf("reader %s %s: %d %s", w.method, w.path, res.Status, res.Raw)
		}
	}
	reads := []string{item, "/api/v1/masterdata/customers", "/api/v1/masterdata/customers/export"}
	for _, p := range reads {
		if res := reader.Do("GET", p, nil); res.Status != http.StatusOK {
			t.Errorf("reader GET %s: %d", p, res.Status)
		}
		if res := nobody.Do("GET", p, nil); res.Status != http.StatusForbidden {
			t.Errorf("without permission GET %s: %d %s", p, res.Status, res.Raw)
		}
	}
	got := nobody.gql(`{ customers { edges { node { id } } } }`, nil)
	if codes := got.Codes(); len(codes) != 1 || codes[0] != string(errs.PermissionDenied) {
		t.Errorf("GraphQL without permission: %+v", got)
	}
	if n := e.rowCount(tid); n != 2 { // the customer and its created event
		t.Fatalf("refused writes wrote rows: %d", n)
	}
}
