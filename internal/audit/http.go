package audit

import (
	"encoding/hex"
	"encoding/json"
	"net/http"
	"time"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// Routes mounts the REST API under /api/v1/audit.
func (s *Service) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/audit/events", s.handleList)
	mux.HandleFunc("POST /api/v1/audit/verify", s.handleVerify)
}

// EntryJSON is an entry as the REST API shows it.
type EntryJSON struct {
	ID         string          `json:"id"`
	Seq        int64           `json:"seq"`
	Type       string          `json:"type"`
	Source     string          `json:"source"`
	Subject    string          `json:"subject"`
	Actor      string          `json:"actor"`
	RequestID  string          `json:"requestId"`
	Time       time.Time       `json:"time"`
	RecordedAt time.Time       `json:"recordedAt"`
	Data       json.RawMessage `json:"data"`
	PrevHash   string          `json:"prevHash"`
	Hash       string          `json:"hash"`
}

func toJSON(e Entry) EntryJSON {
	return EntryJSON{ID: e.EventID, Seq: e.Seq, Type: e.Type, Source: e.Source, Subject: e.Subject,
		Actor: e.Actor, RequestID: e.RequestID, Time: e.OccurredAt, RecordedAt: e.RecordedAt, Data: e.Data,
		PrevHash: hex.EncodeToString(e.PrevHash), Hash: hex.EncodeToString(e.Hash)}
}

func (s *Service) handleList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := Filter{Subject: q.Get("subject"), Type: q.Get("type"), Actor: q.Get("actor"), Cursor: q.Get("cursor")}
	var col errs.Collector
	f.From = parseTime(&col, "from", q.Get("from"))
	f.To = parseTime(&col, "to", q.Get("to"))
	if l := q.Get("limit"); l != "" {
		if err := json.Unmarshal([]byte(l), &f.Limit); err != nil || f.Limit == 0 {
			col.Add("limit", "must be an integer between 1 and %d", MaxLimit)
		}
	}
	if err := col.Err(); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	page, err := s.List(r.Context(), f)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	items := make([]EntryJSON, len(page.Items))
	for i, e := range page.Items {
		items[i] = toJSON(e)
	}
	var next *string
	if page.NextCursor != "" {
		next = &page.NextCursor
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items, "nextCursor": next})
}

func parseTime(col *errs.Collector, field, v string) time.Time {
	if v == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		col.Add(field, "must be an RFC 3339 time")
	}
	return t.UTC()
}

// VerifyJSON is the answer of POST /api/v1/audit/verify.
type VerifyJSON struct {
	TenantID    string      `json:"tenantId"`
	OK          bool        `json:"ok"`
	Entries     int64       `json:"entries"`
	FirstBroken *BrokenJSON `json:"firstBroken"`
}

// BrokenJSON names the first entry that does not verify.
type BrokenJSON struct {
	Seq     int64  `json:"seq"`
	EventID string `json:"eventId,omitempty"`
	Reason  string `json:"reason"`
}

// ToVerifyJSON converts a result for the REST API and the CLI.
func ToVerifyJSON(res VerifyResult) VerifyJSON {
	out := VerifyJSON{TenantID: res.Tenant.String(), OK: res.OK, Entries: res.Entries}
	if b := res.Broken; b != nil {
		out.FirstBroken = &BrokenJSON{Seq: b.Seq, EventID: b.EventID, Reason: b.Reason}
	}
	return out
}

func (s *Service) handleVerify(w http.ResponseWriter, r *http.Request) {
	res, err := s.Verify(r.Context())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, ToVerifyJSON(res))
}
