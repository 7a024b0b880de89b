package gateway_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/apitest"
)

// TestNoResponseCarriesAnotherTenantsData guards DESIGN §9 for good: 64
// clients across 16 tenants send the same cross-subgraph query at once,
// 1,000 times each, and every answer must hold only the caller's own user,
// tenant and notes. The engine de-duplicates identical concurrent requests
// and subgraph fetches; a caller's identity must be part of every key.
func TestNoResponseCarriesAnotherTenantsData(t *testing.T) {
	const tenants, perTenant, queries = 16, 4, 1000
	// This process is the clients, the gateway and both subgraphs: a few
	// MB live and hundreds of MB allocated per second, so at the default
	// GOGC the collector runs all the time and takes much of the run's
	// CPU. A larger heap target changes nothing the test checks.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	e := newEnv(t, options{})
	var accounts []account
	for i := range tenants {
		accounts = append(accounts, e.tenant(fmt.Sprintf("tenant-%02d", i), perTenant)...)
	}
	// Every field here names its tenant or user; the authors come from
	// auth in one batched _entities fetch per response.
	body, _ := json.Marshal(map[string]any{"query": `{ me { id email } notes { tenantId text author { id email } } }`})
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: len(accounts)}}
	api := apitest.New(t, e.srv.URL, client)
	var (
		wg      sync.WaitGroup
		done    atomic.Int64
		mu      sync.Mutex
		leaks   []string
		failure []string
	)
	start := time.Now()
	for _, a := range accounts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range queries {
				r, err := api.WithToken(a.token).Send(http.MethodPost, "/graphql", body)
				if err == nil && (r.Status != http.StatusOK || r.Body["errors"] != nil) {
					err = fmt.Errorf("status %d: %.300s", r.Status, r.Raw)
				}
				if err != nil {
					mu.Lock()
					failure = append(failure, fmt.Sprintf("%s query %d: %v", a.email, i, err))
					mu.Unlock()
					return
				}
				if problem := foreign(a, r.Raw); problem != "" {
					mu.Lock()
					leaks = append(leaks, fmt.Sprintf("%s query %d: %s", a.email, i, problem))
					mu.Unlock()
				}
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	t.Logf("%d responses checked in %s", done.Load(), time.Since(start).Round(time.Millisecond))
	if len(leaks) > 0 {
		t.Fatalf("%d responses carried data that is not the caller's; first: %s", len(leaks), leaks[0])
	}
	if len(failure) > 0 {
		t.Fatalf("%d clients failed; first: %s", len(failure), failure[0])
	}
}

// foreign returns what in raw is not a's, or "".
func foreign(a account, raw []byte) string {
	var resp struct {
		Data struct {
			Me struct {
				ID, Email string
			}
			Notes []struct {
				TenantID, Text string
				Author         struct{ ID, Email string }
			}
		}
	}
	if err := json.Unmarshal(raw, &resp); err != nil {
		return "undecodable: " + err.Error()
	}
	me, own := resp.Data.Me, a.tenant.String()
	switch {
	case me.ID != a.userID || me.Email != a.email:
		return "me is " + me.Email
	case len(resp.Data.Notes) == 0:
		return "no notes"
	}
	for _, n := range resp.Data.Notes {
		if n.TenantID != own || !strings.HasSuffix(n.Text, own) || !strings.HasSuffix(n.Author.Email, "@"+a.slug+".test") {
			return fmt.Sprintf("note %q of tenant %s by %s", n.Text, n.TenantID, n.Author.Email)
		}
	}
	return ""
}
