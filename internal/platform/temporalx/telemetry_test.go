package temporalx_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/vextrus/vextrus/internal/platform/telemetry"
	"github.com/vextrus/vextrus/internal/platform/temporalx"
	"github.com/vextrus/vextrus/internal/platform/temporalx/temporaltest"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

const telemetryQueue = "telemetry-test"

// activityTrace is the trace id an activity saw in its context, which is
// what its logs and outbox events carry.
var activityTrace struct {
	sync.Mutex
	id trace.TraceID
}

func shout(ctx workflow.Context, s string) (string, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
	var out string
	err := workflow.ExecuteActivity(ctx, "upper", s).Get(ctx, &out)
	return out + "!", err
}

func upper(ctx context.Context, s string) (string, error) {
	activityTrace.Lock()
	activityTrace.id = trace.SpanContextFromContext(ctx).TraceID()
	activityTrace.Unlock()
	return strings.ToUpper(s), nil
}

// TestSDKReportsMetricsAndContinuesTheCallersTrace runs a workflow and its
// activity on the embedded server through an instrumented client, then
// reads the SDK's metrics off the Prometheus handler and its spans off a
// recorder.
func TestSDKReportsMetricsAndContinuesTheCallersTrace(t *testing.T) {
	srv := temporaltest.Start(t)
	base := temporaltest.Client(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	obs := temporaltest.Observe(t)
	opts := client.Options{Namespace: srv.Namespace()}
	if err := obs.Telemetry.Instrument(&opts); err != nil {
		t.Fatal(err)
	}
	c, err := client.NewClientFromExistingWithContext(ctx, base, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	w := worker.New(c, telemetryQueue, worker.Options{})
	w.RegisterWorkflowWithOptions(shout, workflow.RegisterOptions{Name: "shout"})
	w.RegisterActivityWithOptions(upper, activity.RegisterOptions{Name: "upper"})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer w.Stop()

	// The caller's request span, as the HTTP middleware opens it.
	reqCtx, request := obs.Tracer.Tracer("test").Start(ctx, "POST /shout", trace.WithSpanKind(trace.SpanKindServer))
	run, err := c.ExecuteWorkflow(reqCtx, client.StartWorkflowOptions{ID: "shout-1", TaskQueue: telemetryQueue}, "shout", "salam")
	request.End()
	if err != nil {
		t.Fatal(err)
	}
	var out string
	if err := run.Get(ctx, &out); err != nil || out != "SALAM!" {
		t.Fatalf("workflow answered %q, %v", out, err)
	}
	traceID := request.SpanContext().TraceID()

	t.Run("SDK metrics are on /metrics", func(t *testing.T) {
		// The worker counts the workflow completed once the server has
		// taken its last task, so run.Get can return before the count
		// exists: scrape again for a while before judging.
		var text string
		testwait.For(t, 10*time.Second, "the worker counts the workflow completed", func() bool {
			text = obs.Scrape(t)
			return temporaltest.Sample(text, "temporal_workflow_completed_total", `workflow_type="shout"`) >= 1 &&
				temporaltest.Sample(text, "temporal_workflow_endtoend_latency_seconds_count", `workflow_type="shout"`) >= 1
		})
		failed := false
		for _, m := range []struct{ name, labels string }{
			{"temporal_request_total", `operation="StartWorkflowExecution"`},
			// run.Get long-polls the history for the result.
			{"temporal_long_request_total", `operation="GetWorkflowExecutionHistory"`},
			{"temporal_workflow_task_queue_poll_succeed_total", `task_queue="` + telemetryQueue + `"`},
			{"temporal_workflow_completed_total", `workflow_type="shout"`},
			{"temporal_workflow_endtoend_latency_seconds_count", `workflow_type="shout"`},
			{"temporal_workflow_task_schedule_to_start_latency_seconds_count", `task_queue="` + telemetryQueue + `"`},
			{"temporal_activity_execution_latency_seconds_count", `activity_type="upper"`},
			{"temporal_activity_succeed_endtoend_latency_seconds_count", `activity_type="upper"`},
			{"temporal_worker_start_total", `worker_type="WorkflowWorker"`},
		} {
			if v := temporaltest.Sample(text, m.name, m.labels); v < 1 {
				t.Errorf("%s{%s} = %v, want >= 1", m.name, m.labels, v)
				failed = true
			}
		}
		if failed {
			t.Logf("SDK metrics on /metrics:\n%s", grep(text, "temporal_"))
		}
		for _, typ := range []string{"temporal_request_total counter", "temporal_workflow_completed_total counter",
			"temporal_activity_execution_latency_seconds histogram", "temporal_sticky_cache_size gauge"} {
			if !strings.Contains(text, "# TYPE "+typ+"\n") {
				t.Errorf("no %q on /metrics", "# TYPE "+typ)
			}
		}
		// Latencies are bucketed in seconds, not in the SDK default's
		// millisecond-sized buckets.
		if !strings.Contains(text, `temporal_activity_execution_latency_seconds_bucket{activity_type="upper"`) ||
			temporaltest.Sample(text, "temporal_activity_execution_latency_seconds_bucket", `le="0.005"`) < 0 ||
			temporaltest.Sample(text, "temporal_activity_execution_latency_seconds_bucket", `le="7500"`) >= 0 {
			t.Errorf("activity latency buckets are not SecondsBuckets:\n%s", grep(text, "temporal_activity_execution_latency_seconds_bucket"))
		}
		if strings.Contains(text, "otel_scope_name") || strings.Contains(text, "target_info") {
			t.Errorf("/metrics carries OpenTelemetry scope or target labels:\n%s", grep(text, "otel_scope_name"))
		}
	})

	t.Run("the workflow and its activity continue the caller's trace", func(t *testing.T) {
		want := []string{"StartWorkflow:shout", "RunWorkflow:shout", "StartActivity:upper", "RunActivity:upper"}
		got := obs.Trace(traceID, want...)
		parent := request.SpanContext().SpanID()
		for _, name := range want {
			s, ok := got[name]
			if !ok {
				t.Fatalf("no span %s in the caller's trace; spans: %v", name, names(obs.Spans.Started()))
			}
			if s.Parent().SpanID() != parent {
				t.Errorf("%s is a child of %s, want of the span before it", name, s.Parent().SpanID())
			}
			parent = s.SpanContext().SpanID()
		}
		activityTrace.Lock()
		defer activityTrace.Unlock()
		if activityTrace.id != traceID {
			t.Errorf("the activity ran in trace %s, want the caller's %s", activityTrace.id, traceID)
		}
	})
}

func TestAMetricErrorDoesNotStopTheWorker(t *testing.T) {
	meters, err := telemetry.NewMeterProvider(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	defer meters.Shutdown(context.Background())
	var logs bytes.Buffer
	var opts client.Options
	tel := temporalx.Telemetry{Meters: meters, Logger: slog.New(slog.NewTextHandler(&logs, nil))}
	if err := tel.Instrument(&opts); err != nil {
		t.Fatal(err)
	}
	// The SDK handler's default is to panic on an instrument the meter
	// refuses, such as one with a space in its name.
	opts.MetricsHandler.Counter("not a metric name").Inc(1)
	if !strings.Contains(logs.String(), "temporal sdk metric not recorded") {
		t.Errorf("the refused instrument was not logged: %q", logs.String())
	}

	t.Run("without meters the SDK records none", func(t *testing.T) {
		var opts client.Options
		if err := (temporalx.Telemetry{}).Instrument(&opts); err != nil {
			t.Fatal(err)
		}
		if opts.MetricsHandler != nil || len(opts.Interceptors) != 1 {
			t.Errorf("metrics handler %v, %d interceptors; want none and the tracing one", opts.MetricsHandler, len(opts.Interceptors))
		}
	})
}

func grep(text, s string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func names(spans []sdktrace.ReadWriteSpan) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Name()+"@"+s.SpanContext().TraceID().String())
	}
	return out
}
