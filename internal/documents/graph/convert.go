package graph

import (
	"encoding/json"
	"strings"

	"github.com/google/uuid"

	"github.com/vextrus/vextrus/internal/documents"
	"github.com/vextrus/vextrus/internal/platform/errs"
)

// The converters between the service's types and the schema's. A job's
// file is a File carrying only its id: the gateway fetches the rest
// from the files subgraph.

func toGraphJob(j documents.Job) *DocumentJob {
	out := &DocumentJob{ID: j.ID.String(), Kind: DocumentKind(strings.ToUpper(j.Kind)), Params: toGraphParams(j.Params),
		Status: DocumentJobStatus(strings.ToUpper(j.Status)), Progress: j.Progress, Step: j.Step, FileName: j.FileName,
		Error: j.Error, RequestedBy: j.RequestedBy, CreatedAt: j.CreatedAt, UpdatedAt: j.UpdatedAt, StartedAt: j.StartedAt,
		FinishedAt: j.FinishedAt}
	if j.FileID != nil {
		out.File = &File{ID: j.FileID.String()}
	}
	return out
}

func toGraphParams(raw json.RawMessage) *DocumentParams {
	var p documents.Params
	_ = json.Unmarshal(raw, &p) // the service stored them normalized
	opt := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	return &DocumentParams{InvoiceID: opt(p.InvoiceID), Lang: opt(p.Lang), Period: opt(p.Period), From: opt(p.From),
		To: opt(p.To), AsOf: opt(p.AsOf), Side: opt(p.Side), Format: opt(p.Format)}
}

// fromGraphParams is the params object the service reads.
func fromGraphParams(in *DocumentParamsInput) (json.RawMessage, error) {
	if in == nil {
		return nil, nil
	}
	d := func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	}
	return json.Marshal(documents.Params{InvoiceID: d(in.InvoiceID), Lang: d(in.Lang), Period: d(in.Period),
		From: d(in.From), To: d(in.To), AsOf: d(in.AsOf), Side: d(in.Side), Format: d(in.Format)})
}

// parseID reads the UUID s of argument name.
func parseID(s, name string) (uuid.UUID, error) {
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.Nil, errs.Field(name, "must be a UUID")
	}
	return id, nil
}
