package main

import (
	"compress/gzip"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// traceSink is an OTLP/HTTP trace receiver (protobuf, POST /v1/traces)
// that keeps every span it is sent, with its process's service.name.
type traceSink struct {
	addr  string
	mu    sync.Mutex
	spans []sunkSpan
}

// sunkSpan is what the test reads of a received span.
type sunkSpan struct {
	Service, Name, Trace string
	Attrs                map[string]string
}

func newTraceSink(t *testing.T) *traceSink {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &traceSink{addr: l.Addr().String()}
	srv := &http.Server{Handler: http.HandlerFunc(s.receive)}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return s
}

// Addr is the host:port exporters send to.
func (s *traceSink) Addr() string { return s.addr }

func (s *traceSink) receive(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/traces" {
		http.NotFound(w, r)
		return
	}
	var body io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		body = zr
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var req coltrace.ExportTraceServiceRequest
	if err := proto.Unmarshal(raw, &req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var got []sunkSpan
	for _, rs := range req.GetResourceSpans() {
		var service string
		for _, kv := range rs.GetResource().GetAttributes() {
			if kv.GetKey() == "service.name" {
				service = kv.GetValue().GetStringValue()
			}
		}
		for _, ss := range rs.GetScopeSpans() {
			for _, sp := range ss.GetSpans() {
				attrs := map[string]string{}
				for _, kv := range sp.GetAttributes() {
					attrs[kv.GetKey()] = kv.GetValue().GetStringValue()
				}
				got = append(got, sunkSpan{Service: service, Name: sp.GetName(), Trace: hex.EncodeToString(sp.GetTraceId()), Attrs: attrs})
			}
		}
	}
	s.mu.Lock()
	s.spans = append(s.spans, got...)
	s.mu.Unlock()
	out, _ := proto.Marshal(&coltrace.ExportTraceServiceResponse{})
	w.Header().Set("Content-Type", "application/x-protobuf")
	w.Write(out)
}

// traces groups the spans received so far by trace id.
func (s *traceSink) traces() map[string][]sunkSpan {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string][]sunkSpan{}
	for _, sp := range s.spans {
		out[sp.Trace] = append(out[sp.Trace], sp)
	}
	return out
}

// describe lists a trace's services and span names, for a failure.
func describe(spans []sunkSpan) string {
	var names []string
	for _, sp := range spans {
		names = append(names, sp.Service+": "+sp.Name)
	}
	sort.Strings(names)
	return strings.Join(slices.Compact(names), "\n  ")
}

// hop is one process or stage a trace must cross.
type hop struct {
	what string
	is   func(sunkSpan) bool
}

// invoiceHops are what the trace of an invoice's submission crosses until
// its approval is in the audit log, each process by its service.name
// (vextrus-<target>): the gateway's span of the client's submit, proxied
// to finance; finance, which starts the approval in workflow's API; the
// worker running the approval's activities, whose decision comes back
// to finance as an event; finance's relay publishing the approved
// invoice's event (kotel's PRODUCER span `<topic> publish`); and the
// audit consumer handling that event (`<topic> process`, group audit).
func invoiceHops(invoiceID string) []hop {
	submit := "/invoices/" + invoiceID + "/submit"
	return []hop{
		{"the gateway's submit", func(s sunkSpan) bool {
			return s.Service == "vextrus-"+app.Gateway && strings.Contains(s.Name, submit)
		}},
		{"finance's submit", func(s sunkSpan) bool {
			return s.Service == "vextrus-"+app.Finance && strings.Contains(s.Name, submit)
		}},
		{"a workflow API span", func(s sunkSpan) bool { return s.Service == "vextrus-"+app.Workflow }},
		{"a worker's activity", func(s sunkSpan) bool {
			return s.Service == "vextrus-"+app.WorkflowWorker && strings.HasPrefix(s.Name, "RunActivity:")
		}},
		{"finance's relay publishing", func(s sunkSpan) bool {
			return s.Service == "vextrus-"+app.Finance && strings.HasSuffix(s.Name, " publish")
		}},
		{"the audit consumer processing invoice.approved", func(s sunkSpan) bool {
			return s.Service == "vextrus-"+app.Audit && strings.HasSuffix(s.Name, " process") &&
				s.Attrs["messaging.consumer.group.name"] == "audit" &&
				s.Attrs["cloudevents.event_type"] == "vextrus.finance.invoice.approved.v1"
		}},
	}
}

// requireTrace waits for one trace that crosses every hop; on failure it
// shows the trace that came closest.
func (s *traceSink) requireTrace(t *testing.T, hops []hop) {
	t.Helper()
	var closest string
	t.Cleanup(func() {
		if t.Failed() && closest != "" {
			t.Logf("the closest trace:\n%s", closest)
		}
	})
	var names []string
	for _, h := range hops {
		names = append(names, h.what)
	}
	testwait.For(t, time.Minute, "one trace across "+strings.Join(names, ", "), func() bool {
		best := -1
		for _, spans := range s.traces() {
			var missing []string
			for _, h := range hops {
				if !slices.ContainsFunc(spans, h.is) {
					missing = append(missing, h.what)
				}
			}
			if len(missing) == 0 {
				return true
			}
			if n := len(hops) - len(missing); n > best {
				best, closest = n, fmt.Sprintf("missing %s; it has\n  %s", strings.Join(missing, ", "), describe(spans))
			}
		}
		return false
	})
}
