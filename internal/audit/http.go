package audit

import (
	"encoding/hex"
	"encoding/json"
	"net/http"
	"time"

	"github.com/vextrus/vextrus/internal/platform/httpx"
)

// Base is the prefix of the REST API (api/openapi/audit.json).
const Base = "/api/v1/audit"

// Routes mounts the REST API under /api/v1/audit/.
func (s *Service) Routes(mux *http.ServeMux) {
	routes := s.auditRoutes()
	routes["GET "+Base+"/openapi.json"] = httpx.Document(openapiDoc)
	for pattern, fn := range routes {
		mux.Handle(pattern, fn)
	}
}

// auditRoutes are the REST routes of the audit log.
func (s *Service) auditRoutes() map[string]httpx.HandlerFunc {
	return map[string]httpx.HandlerFunc{
		"GET " + Base + "/events":  s.handleList,
		"POST " + Base + "/verify": s.handleVerify,
	}
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

func (s *Service) handleList(w http.ResponseWriter, r *http.Request) error {
	q := httpx.ReadQuery(r)
	f := Filter{Subject: q.String("subject"), Type: q.String("type"), Actor: q.String("actor"), Cursor: q.Cursor(),
		From: q.Time("from"), To: q.Time("to"), FromDate: q.String("fromDate"), ToDate: q.String("toDate"),
		Limit: q.Limit(0, MaxLimit)}
	if err := q.Err(); err != nil {
		return err
	}
	page, err := s.List(r.Context(), f)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, httpx.PageOf(page.Items, toJSON, page.NextCursor))
	return nil
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

func (s *Service) handleVerify(w http.ResponseWriter, r *http.Request) error {
	res, err := s.Verify(r.Context())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, ToVerifyJSON(res))
	return nil
}
