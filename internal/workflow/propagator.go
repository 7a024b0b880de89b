package workflow

import (
	"context"

	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/workflow"

	"github.com/vextrus/vextrus/internal/platform/authz"
	"github.com/vextrus/vextrus/internal/platform/requestid"
	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// propagationHeader is the Temporal header that carries the request
// context; it is stored in history, so it holds no credential.
const propagationHeader = "vextrus-context"

// Propagated is the request context a workflow and its activities run
// with: the tenant whose data they touch, the user who started the run and
// the request id. The trace context is not here: the tracing interceptor
// carries it (temporalx.Telemetry, header temporalx.TracingHeader), so
// that each span gets its true parent. Headers of runs started before
// held a "traceparent" too; decoding ignores it.
type Propagated struct {
	Tenant    string `json:"tenant,omitempty"`
	User      string `json:"user,omitempty"`
	RequestID string `json:"requestId,omitempty"`
}

type propagatedKey struct{}

// PropagatedFrom returns the request context of a workflow context.
func PropagatedFrom(ctx workflow.Context) (Propagated, bool) {
	p, ok := ctx.Value(propagatedKey{}).(Propagated)
	return p, ok
}

// Propagator is the context propagator of every Vextrus Temporal client
// and worker. Register it on both sides, or activities run without a
// tenant and refuse to touch data.
type Propagator struct{}

var _ workflow.ContextPropagator = Propagator{}

// Inject writes the request context of a Go context into headers.
func (Propagator) Inject(ctx context.Context, hw workflow.HeaderWriter) error {
	p := Propagated{RequestID: requestid.From(ctx)}
	if t, ok := tenant.From(ctx); ok {
		p.Tenant = t.String()
	}
	if pr, ok := authz.From(ctx); ok {
		p.User = pr.UserID
	}
	return write(hw, p)
}

// Extract puts the request context of headers into an activity's context:
// the tenant, the request id and a principal that names the user but
// grants nothing. The activity's span (and so the trace id of its logs
// and outbox events) comes from the tracing interceptor, which runs after.
func (Propagator) Extract(ctx context.Context, hr workflow.HeaderReader) (context.Context, error) {
	p, ok, err := read(hr)
	if err != nil || !ok {
		return ctx, err
	}
	if p.RequestID != "" {
		ctx = requestid.With(ctx, p.RequestID)
	}
	if t, err := tenant.Parse(p.Tenant); err == nil {
		ctx = tenant.With(ctx, t)
		if p.User != "" {
			ctx = authz.With(ctx, &authz.Principal{UserID: p.User, Tenant: t})
		}
	}
	return ctx, nil
}

// InjectFromWorkflow passes the workflow's request context on to its
// activities and child workflows.
func (Propagator) InjectFromWorkflow(ctx workflow.Context, hw workflow.HeaderWriter) error {
	p, ok := PropagatedFrom(ctx)
	if !ok {
		return nil
	}
	return write(hw, p)
}

// ExtractToWorkflow keeps the starting request's context in the workflow.
func (Propagator) ExtractToWorkflow(ctx workflow.Context, hr workflow.HeaderReader) (workflow.Context, error) {
	p, ok, err := read(hr)
	if err != nil || !ok {
		return ctx, err
	}
	return workflow.WithValue(ctx, propagatedKey{}, p), nil
}

func write(hw workflow.HeaderWriter, p Propagated) error {
	payload, err := converter.GetDefaultDataConverter().ToPayload(p)
	if err != nil {
		return err
	}
	hw.Set(propagationHeader, payload)
	return nil
}

func read(hr workflow.HeaderReader) (Propagated, bool, error) {
	payload, ok := hr.Get(propagationHeader)
	if !ok {
		return Propagated{}, false, nil
	}
	var p Propagated
	if err := converter.GetDefaultDataConverter().FromPayload(payload, &p); err != nil {
		return Propagated{}, false, err
	}
	return p, true, nil
}
