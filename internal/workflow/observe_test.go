package workflow_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/vextrus/vextrus/internal/platform/temporalx/temporaltest"
	"github.com/vextrus/vextrus/internal/platform/testwait"
	"github.com/vextrus/vextrus/internal/workflow"
)

// TestAnApprovalContinuesTheStartingRequestsTrace starts an approval
// through the REST API inside a traced request and follows the trace into
// the workflow and its first activity, with the context propagator and
// the tracing interceptor both installed as in production. It also reads
// the worker's SDK metrics off /metrics.
func TestAnApprovalContinuesTheStartingRequestsTrace(t *testing.T) {
	obs := temporaltest.Observe(t)
	var (
		mu     sync.Mutex
		starts []trace.SpanContext
	)
	// The request span, as httpx.Trace opens it in a process.
	traced := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, span := obs.Tracer.Tracer("http").Start(r.Context(), r.Method+" "+r.URL.Path, trace.WithSpanKind(trace.SpanKindServer))
			defer span.End()
			if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/approvals") {
				mu.Lock()
				starts = append(starts, span.SpanContext())
				mu.Unlock()
			}
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
	s := newObservedSystem(t, obs.Telemetry, traced)
	a := s.start(aSubmitter, "INV-TRACE")
	testwait.For(t, waitLimit, "level 1 in the clerk's inbox", func() bool {
		for _, id := range s.inbox(aClerk) {
			if id == a.ID {
				return true
			}
		}
		return false
	})
	mu.Lock()
	request := starts[0]
	mu.Unlock()

	t.Run("workflow and activity spans are in the request's trace", func(t *testing.T) {
		got := obs.Trace(request.TraceID(), "StartWorkflow:approval", "RunWorkflow:approval",
			"StartActivity:SyncInbox", "RunActivity:SyncInbox")
		byID := map[trace.SpanID]sdktrace.ReadOnlySpan{}
		for _, sp := range obs.Spans.Started() {
			if sp.SpanContext().TraceID() == request.TraceID() {
				byID[sp.SpanContext().SpanID()] = sp
			}
		}
		parentName := func(sp sdktrace.ReadOnlySpan) string {
			if sp.Parent().SpanID() == request.SpanID() {
				return "the request"
			}
			if p, ok := byID[sp.Parent().SpanID()]; ok {
				return p.Name()
			}
			return "a span outside the trace"
		}
		for name, parent := range map[string]string{
			"StartWorkflow:approval":  "the request",
			"RunWorkflow:approval":    "StartWorkflow:approval",
			"StartActivity:SyncInbox": "RunWorkflow:approval",
			// Were the propagator to carry the trace too, the activity
			// would hang off StartWorkflow: it sets the context's span
			// before the interceptor reads its header.
			"RunActivity:SyncInbox": "StartActivity:SyncInbox",
		} {
			sp, ok := got[name]
			if !ok {
				t.Errorf("no span %s in the request's trace", name)
				continue
			}
			if p := parentName(sp); p != parent {
				t.Errorf("%s is a child of %s, want of %s", name, p, parent)
			}
		}
	})

	t.Run("the worker's SDK metrics are on /metrics", func(t *testing.T) {
		text := obs.Scrape(t)
		for _, m := range []struct{ name, labels string }{
			{"temporal_request_total", `operation="StartWorkflowExecution"`},
			{"temporal_local_activity_execution_latency_seconds_count", `activity_type="SyncInbox"`},
			{"temporal_workflow_task_execution_latency_seconds_count", `workflow_type="` + workflow.ApprovalWorkflowName + `"`},
		} {
			if v := temporaltest.Sample(text, m.name, m.labels); v < 1 {
				t.Errorf("%s{%s} = %v, want >= 1", m.name, m.labels, v)
			}
		}
	})
}
