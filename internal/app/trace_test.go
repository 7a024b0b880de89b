package app_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/vextrus/vextrus/internal/app"
	"github.com/vextrus/vextrus/internal/platform/telemetry"
	"github.com/vextrus/vextrus/internal/platform/testwait"
)

// TestOneInvoiceApprovalIsOneTraceFromTheGatewayToTheAuditConsumer submits
// an invoice through the gateway's GraphQL, to a chain whose one level
// approves on its own in a Temporal run, with the spans going to an
// in-memory exporter. The audit consumer's span of the invoice's approval
// must descend, by parent links within the request's trace, from the
// gateway's request through the finance subgraph, the workflow start, the
// Temporal activity that applies the approval, the outbox append and the
// relay's publish; the subgraph's statements are spans of that trace too.
func TestOneInvoiceApprovalIsOneTraceFromTheGatewayToTheAuditConsumer(t *testing.T) {
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	t.Cleanup(func() { tp.Shutdown(context.Background()) })
	m, err := app.NewMain(context.Background(), app.Options{Dir: dataDir(t), Tracing: &telemetry.Tracing{Provider: tp}})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	owner := newClient(t, m.URL(), devLogin(t, m.URL()))

	// One level, approved by the system as soon as the run starts.
	var draft struct {
		Number int `json:"number"`
	}
	// The tenant's rule sets are seeded from auth's events.
	testwait.For(t, 30*time.Second, "the tenant's approval chain of invoices", func() bool {
		r := owner.Do(http.MethodPost, "/api/v1/rules/rulesets/approval.chain.invoice/versions", map[string]any{
			"hitPolicy": "COLLECT", "collectAs": "levels", "effectiveFrom": "2026-01-01", "reference": "test: approved by the system",
			"tests": []any{}, "rows": []map[string]any{{"description": "every invoice", "condition": "amount > 0",
				"outputs": map[string]string{"role": `"approver"`, "mode": `"auto"`, "slaHours": "24"}}}})
		if r.Status == http.StatusNotFound {
			return false
		}
		r.Want(t, http.StatusCreated).Decode(t, &draft)
		return true
	})
	owner.Do(http.MethodPost, fmt.Sprintf("/api/v1/rules/rulesets/approval.chain.invoice/versions/%d/publish", draft.Number), nil).
		Want(t, http.StatusOK)
	var customer struct{ ID string }
	owner.Do(http.MethodPost, "/api/v1/masterdata/customers", map[string]any{"code": "CUST-PADMA", "name": "Padma Traders",
		"type": "company", "bin": "002345679-0202", "address": map[string]any{"line1": "4 Kawran Bazar", "district": "Dhaka", "postCode": "1215"}}).
		Want(t, http.StatusCreated).Decode(t, &customer)
	var inv invoiceAnswer
	owner.Do(http.MethodPost, "/api/v1/finance/invoices", map[string]any{"kind": "sales", "date": time.Now().Format(time.DateOnly),
		"party": map[string]any{"id": customer.ID}, "lines": []any{map[string]any{"description": "Site works", "vatCategory": "construction_firm",
			"quantity": "1", "unit": "pcs", "unitPrice": money{Amount: "10000.00", Currency: "BDT"}}}}).
		Want(t, http.StatusCreated).Decode(t, &inv)

	answer := owner.GraphQL("/graphql", `mutation($id: ID!) { submitInvoice(id: $id) { id status } }`,
		map[string]any{"id": inv.ID}).GraphQL(t)
	if len(answer.Errors) > 0 {
		t.Fatalf("submitInvoice: %+v", answer.Errors)
	}
	request := only(t, spans, func(s tracetest.SpanStub) bool {
		return s.Name == "POST /graphql" && s.SpanKind == trace.SpanKindServer
	})
	if request.Parent.IsValid() {
		t.Fatalf("the gateway's request span has a parent %s: want the trace's root", request.Parent.SpanID())
	}

	t.Cleanup(func() {
		if t.Failed() || testing.Verbose() {
			t.Logf("the request's trace:\n%s", tree(spans.GetSpans(), request.SpanContext.TraceID()))
		}
	})
	// The audit consumer's span of the approval, and every span above it.
	var chain []tracetest.SpanStub
	testwait.For(t, 60*time.Second, "the audit consumer's span of the approval, with its ancestors, in the request's trace", func() bool {
		byID := map[trace.SpanID]tracetest.SpanStub{}
		var audit *tracetest.SpanStub
		for _, s := range spans.GetSpans() {
			if s.SpanContext.TraceID() != request.SpanContext.TraceID() {
				continue
			}
			byID[s.SpanContext.SpanID()] = s
			if s.Name == "vextrus.finance.events process" && attr(s, "messaging.consumer.group.name") == "audit" &&
				attr(s, "cloudevents.event_type") == "vextrus.finance.invoice.approved.v1" {
				audit = &s
			}
		}
		if audit == nil {
			return false
		}
		chain = []tracetest.SpanStub{*audit}
		for s := *audit; s.Parent.IsValid(); {
			p, ok := byID[s.Parent.SpanID()]
			if !ok {
				return false // not ended yet, or in another trace
			}
			chain, s = append([]tracetest.SpanStub{p}, chain...), p
		}
		return true
	})
	want := []string{"POST /graphql", "POST finance-subgraph", "StartWorkflow:", "RunActivity:", "outbox append",
		"vextrus.finance.events publish", "vextrus.finance.events process"}
	if names := spanNames(chain); !hasInOrder(names, want) {
		t.Fatalf("the audit span's ancestry from the root:\n  %s\nwant in this order: %s", strings.Join(names, "\n  "), strings.Join(want, ", "))
	}
	// The relay's publish span is the outbox append's own child, and the
	// consumer's span the publish span's.
	for i, s := range chain[:len(chain)-1] {
		next := chain[i+1]
		if s.Name == "outbox append" && next.Name == "vextrus.finance.events publish" {
			if next.SpanKind != trace.SpanKindProducer || attr(s, "messaging.destination.name") != "vextrus.finance.events" {
				t.Fatalf("publish %v after append to %q", next.SpanKind, attr(s, "messaging.destination.name"))
			}
			if chain[i+2].SpanKind != trace.SpanKindConsumer {
				t.Fatalf("the consumer's span is %v, want CONSUMER", chain[i+2].SpanKind)
			}
		}
	}

	// The subgraph's statements are spans below its fetch.
	subgraph := chain[1]
	statement := func(s tracetest.SpanStub) bool {
		return attr(s, "db.system.name") == "postgresql" && s.SpanContext.TraceID() == request.SpanContext.TraceID()
	}
	var below int
	all := spans.GetSpans()
	for _, s := range all {
		if statement(s) && descends(all, s, subgraph.SpanContext.SpanID()) {
			below++
		}
	}
	if below == 0 {
		t.Fatalf("no database statement span below %q", subgraph.Name)
	}
}

// only returns the one span that match reports, failing the test when
// there is none or more.
func only(t *testing.T, spans *tracetest.InMemoryExporter, match func(tracetest.SpanStub) bool) tracetest.SpanStub {
	t.Helper()
	var found []tracetest.SpanStub
	for _, s := range spans.GetSpans() {
		if match(s) {
			found = append(found, s)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d matching spans, want 1", len(found))
	}
	return found[0]
}

func attr(s tracetest.SpanStub, key string) string {
	for _, kv := range s.Attributes {
		if kv.Key == attribute.Key(key) {
			return kv.Value.String()
		}
	}
	return ""
}

func spanNames(spans []tracetest.SpanStub) []string {
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = s.Name
	}
	return out
}

// hasInOrder reports whether names has, in order, a name starting with
// each of prefixes.
func hasInOrder(names, prefixes []string) bool {
	i := 0
	for _, n := range names {
		if i < len(prefixes) && strings.HasPrefix(n, prefixes[i]) {
			i++
		}
	}
	return i == len(prefixes)
}

// descends reports whether s has ancestor among spans.
func descends(spans []tracetest.SpanStub, s tracetest.SpanStub, ancestor trace.SpanID) bool {
	byID := make(map[trace.SpanID]tracetest.SpanStub, len(spans))
	for _, x := range spans {
		byID[x.SpanContext.SpanID()] = x
	}
	for s.Parent.IsValid() {
		if s.Parent.SpanID() == ancestor {
			return true
		}
		var ok bool
		if s, ok = byID[s.Parent.SpanID()]; !ok {
			return false
		}
	}
	return false
}

// tree draws the spans of trace id as an indented tree, for a failure.
func tree(spans []tracetest.SpanStub, id trace.TraceID) string {
	children := map[trace.SpanID][]tracetest.SpanStub{}
	var roots []tracetest.SpanStub
	ids := map[trace.SpanID]bool{}
	for _, s := range spans {
		if s.SpanContext.TraceID() == id {
			ids[s.SpanContext.SpanID()] = true
		}
	}
	for _, s := range spans {
		if s.SpanContext.TraceID() != id {
			continue
		}
		if s.Parent.IsValid() && ids[s.Parent.SpanID()] {
			children[s.Parent.SpanID()] = append(children[s.Parent.SpanID()], s)
		} else {
			roots = append(roots, s)
		}
	}
	var b strings.Builder
	var draw func(s tracetest.SpanStub, depth int)
	draw = func(s tracetest.SpanStub, depth int) {
		fmt.Fprintf(&b, "%s%s (%s) %s\n", strings.Repeat("  ", depth), s.Name, s.SpanKind, attr(s, "messaging.consumer.group.name"))
		for _, c := range children[s.SpanContext.SpanID()] {
			draw(c, depth+1)
		}
	}
	for _, r := range roots {
		draw(r, 0)
	}
	return b.String()
}
