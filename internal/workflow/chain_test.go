package workflow_test

import (
	"context"
	"encoding/json"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/svcclient"
	"github.com/vextrus/vextrus/internal/platform/tenant"
	"github.com/vextrus/vextrus/internal/platform/tenantsettings"
	"github.com/vextrus/vextrus/internal/workflow"
)

// TestRulesChainsEvaluatesEachSubmission checks the chain look-up over the
// rules API: an unavailable answer is retried (evaluating changes
// nothing), no Idempotency-Key is sent, so a document submitted again with
// another amount gets the chain of that amount.
func TestRulesChainsEvaluatesEachSubmission(t *testing.T) {
	var hits atomic.Int32
	rules := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		if key := r.Header.Get("Idempotency-Key"); key != "" {
			t.Errorf("evaluation sent Idempotency-Key %q", key)
		}
		var req struct{ Input map[string]string }
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || r.URL.Path != "/api/v1/rules/approval.chain.invoice/evaluate" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		levels := []workflow.RuleLevel{{Role: "accounts_payable", SLAHours: 24}}
		if req.Input["amount"] != "750000.00" {
			levels = append(levels, workflow.RuleLevel{Role: "cfo", SLAHours: 48})
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"version": 2, "output": map[string]any{"levels": levels}})
	})
	policy := svcclient.Policy{Timeout: 2 * time.Second, BackoffBase: time.Millisecond, BackoffMax: 5 * time.Millisecond}
	chains := workflow.RulesChains{Client: svcclient.New("rules", svcclient.InProcess(rules), policy, nil)}
	doc := workflow.Document{Service: "finance", Type: "invoice", ID: "INV-7", Amount: "750000.00", Currency: "BDT"}
	first, err := chains.Chain(context.Background(), doc)
	if err != nil || len(first.Levels) != 1 || hits.Load() != 2 {
		t.Fatalf("first submission: %d levels, %d calls, %v; want 1 level after one retry", len(first.Levels), hits.Load(), err)
	}
	doc.Amount = "2500000.00"
	again, err := chains.Chain(context.Background(), doc)
	if err != nil || len(again.Levels) != 2 {
		t.Fatalf("resubmission with a larger amount: %d levels, %v; want 2", len(again.Levels), err)
	}
}

type slaSettings map[tenant.ID]int

func (s slaSettings) Settings(_ context.Context, t tenant.ID) (*tenantsettings.Settings, error) {
	st := tenantsettings.Default("T")
	st.Defaults.ApprovalSLAHours = s[t]
	return &st, nil
}

// TestALevelWithoutAnSLATakesItsTenantsDefault: the chain's own SLA wins;
// a level the rules give none escalates after the tenant's approval SLA.
func TestALevelWithoutAnSLATakesItsTenantsDefault(t *testing.T) {
	rules := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		levels := []workflow.RuleLevel{{Role: "accounts_payable", SLAHours: 24}, {Role: "cfo"}}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"version": 1, "output": map[string]any{"levels": levels}})
	})
	a, b := tenant.New(), tenant.New()
	chains := workflow.RulesChains{Client: svcclient.New("rules", svcclient.InProcess(rules), svcclient.Policy{}.WithDefaults(), nil),
		Settings: slaSettings{a: 8, b: 72}}
	doc := workflow.Document{Service: "finance", Type: "invoice", ID: "INV-8", Amount: "10.00", Currency: "BDT"}
	for tid, want := range map[tenant.ID]time.Duration{a: 8 * time.Hour, b: 72 * time.Hour} {
		c, err := chains.Chain(tenant.With(context.Background(), tid), doc)
		if err != nil {
			t.Fatal(err)
		}
		if c.Levels[0].SLA != 24*time.Hour || c.Levels[1].SLA != want {
			t.Fatalf("SLAs %v, %v; want 24h and the tenant's %v", c.Levels[0].SLA, c.Levels[1].SLA, want)
		}
	}
}
