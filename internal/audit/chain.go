package audit

import (
	"crypto/sha256"
	"encoding/json"
	"time"

	"github.com/vextrus/vextrus/internal/platform/tenant"
)

// canonical is what an entry's hash covers besides the previous hash: the
// event as stored, in a fixed field order. Changing it breaks every chain,
// so it is versioned by the V field.
type canonical struct {
	V         int             `json:"v"`
	Tenant    string          `json:"tenant"`
	Seq       int64           `json:"seq"`
	ID        string          `json:"id"`
	Source    string          `json:"source"`
	Type      string          `json:"type"`
	Subject   string          `json:"subject"`
	Actor     string          `json:"actor"`
	RequestID string          `json:"requestId"`
	Time      string          `json:"time"`
	Data      json.RawMessage `json:"data"`
}

// entryHash is sha256(prev || canonical entry).
func entryHash(t tenant.ID, prev []byte, e *Entry) ([]byte, error) {
	body, err := json.Marshal(canonical{
		V: 1, Tenant: t.String(), Seq: e.Seq, ID: e.EventID, Source: e.Source, Type: e.Type,
		Subject: e.Subject, Actor: e.Actor, RequestID: e.RequestID,
		Time: e.OccurredAt.UTC().Format(time.RFC3339Nano), Data: e.Data,
	})
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	h.Write(prev)
	h.Write(body)
	return h.Sum(nil), nil
}

// genesis is the hash the first entry of a tenant's chain follows; it is
// bound to the tenant, so a chain cannot be passed off as another's.
func genesis(t tenant.ID) []byte {
	sum := sha256.Sum256([]byte("vextrus.audit.genesis\x00" + t.String()))
	return sum[:]
}
