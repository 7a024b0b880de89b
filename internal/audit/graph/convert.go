package graph

import (
	"encoding/hex"
	"errors"
	"time"

	"github.com/vextrus/vextrus/internal/audit"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// Converters between the service's types and the generated models.

func toGraphEvent(e audit.Entry) *AuditEvent {
	return &AuditEvent{ID: e.EventID, Seq: int(e.Seq), Type: e.Type, Source: e.Source, Subject: e.Subject,
		Actor: e.Actor, RequestID: e.RequestID, Time: e.OccurredAt, RecordedAt: e.RecordedAt, Data: e.Data,
		Hash: hex.EncodeToString(e.Hash), PrevHash: hex.EncodeToString(e.PrevHash)}
}

func toGraphConnection(p audit.Page) *AuditEventConnection {
	conn := &AuditEventConnection{Edges: make([]AuditEventEdge, len(p.Items)), PageInfo: &PageInfo{}}
	for i, e := range p.Items {
		conn.Edges[i] = AuditEventEdge{Cursor: audit.CursorAfter(e.Seq), Node: toGraphEvent(e)}
	}
	if p.NextCursor != "" {
		conn.PageInfo.HasNextPage, conn.PageInfo.EndCursor = true, &p.NextCursor
	}
	return conn
}

func toGraphVerification(r audit.VerifyResult) *AuditChainVerification {
	out := &AuditChainVerification{TenantID: r.Tenant.String(), Ok: r.OK, Entries: int(r.Entries)}
	if b := r.Broken; b != nil {
		out.FirstBroken = &AuditBrokenEntry{Seq: int(b.Seq), Reason: b.Reason}
		if b.EventID != "" {
			out.FirstBroken.EventID = &b.EventID
		}
	}
	return out
}

// fromArgs builds the service's filter from the field's arguments.
// Returns INVALID_ARGUMENT for first: 0, which the service would read as
// "the default".
func fromArgs(subject, typ, actor *string, from, to *time.Time, fromDate, toDate *string, first *int, after *string) (audit.Filter, error) {
	f := audit.Filter{Subject: deref(subject), Type: deref(typ), Actor: deref(actor),
		From: deref(from), To: deref(to), FromDate: deref(fromDate), ToDate: deref(toDate), Cursor: deref(after)}
	if first != nil {
		if *first == 0 {
			return f, errs.Field("first", "must be between 1 and %d", audit.MaxLimit)
		}
		f.Limit = *first
	}
	return f, nil
}

// argNames are the GraphQL arguments of the service's filter fields, so
// an error names what the caller wrote.
var argNames = map[string]string{"limit": "first", "cursor": "after"}

// renameArgs renames the fields of an INVALID_ARGUMENT error after the
// arguments; other errors pass unchanged.
func renameArgs(err error) error {
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.InvalidArgument || len(e.Fields) == 0 {
		return err
	}
	fields := make([]errs.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		if name, ok := argNames[f.Field]; ok {
			f.Field = name
		}
		fields[i] = f
	}
	return errs.Invalid(fields...)
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
