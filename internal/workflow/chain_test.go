package workflow_test

import (
	"context"
	"encoding/json"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vextrus/vextrus/internal/platform/svcclient"
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
