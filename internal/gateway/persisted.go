package gateway

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/vextrus/vextrus/internal/platform/errs"
)

// persisted holds operations by the hex SHA-256 of their text: automatic
// persisted queries (a client sends the hash alone once the gateway knows
// it) and, in allow-list mode, the only operations that may run.
type persisted struct {
	allow map[string]string // allow-list mode: hash → query; nil when off
	seen  *lru.Cache[string, string]
}

// persistedQuery is the APQ extension of a request.
type persistedQuery struct {
	Version    int    `json:"version"`
	SHA256Hash string `json:"sha256Hash"`
}

func newPersisted(allowFile string, only bool) (*persisted, error) {
	seen, err := lru.New[string, string](10000)
	if err != nil {
		return nil, err
	}
	p := &persisted{seen: seen}
	if !only {
		return p, nil
	}
	raw, err := os.ReadFile(allowFile)
	if err != nil {
		return nil, fmt.Errorf("read persisted operations: %w", err)
	}
	if err := json.Unmarshal(raw, &p.allow); err != nil {
		return nil, fmt.Errorf("parse persisted operations %s: %w", allowFile, err)
	}
	for h, q := range p.allow {
		if hashOf(q) != strings.ToLower(h) {
			return nil, fmt.Errorf("persisted operation %s: hash does not match its text", h)
		}
	}
	return p, nil
}

func hashOf(q string) string {
	sum := sha256.Sum256([]byte(q))
	return hex.EncodeToString(sum[:])
}

// resolve returns the query text to run. A hash without text is looked
// up; a hash with text is checked and remembered. Returns NOT_FOUND with
// the message Apollo clients retry on ("PersistedQueryNotFound"), and
// PERMISSION_DENIED for an operation outside the allow-list.
func (p *persisted) resolve(query string, pq *persistedQuery) (string, error) {
	if pq != nil && pq.Version != 1 {
		return "", errs.Field("extensions.persistedQuery.version", "must be 1")
	}
	if p.allow != nil {
		h := ""
		if pq != nil {
			h = strings.ToLower(pq.SHA256Hash)
		} else if query != "" {
			h = hashOf(query)
		}
		q, ok := p.allow[h]
		if !ok || (query != "" && query != q) {
			return "", errs.E(errs.PermissionDenied, "operation is not in the persisted allow-list (gateway.persisted_only)")
		}
		return q, nil
	}
	if pq == nil {
		return query, nil
	}
	h := strings.ToLower(pq.SHA256Hash)
	if query == "" {
		if q, ok := p.seen.Get(h); ok {
			return q, nil
		}
		return "", errs.E(errs.NotFound, "PersistedQueryNotFound")
	}
	if hashOf(query) != h {
		return "", errs.Field("extensions.persistedQuery.sha256Hash", "does not match the SHA-256 of the query")
	}
	p.seen.Add(h, query)
	return query, nil
}
