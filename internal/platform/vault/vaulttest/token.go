package vaulttest

import (
	"net/http"
	"strconv"
	"time"
)

// token is an issued token. A zero ttl never expires (the root token).
type token struct {
	id, accessor string
	policies     []string
	ttl          time.Duration // as issued, the default renewal increment
	maxTTL       time.Duration // 0: no maximum
	issued       time.Time
	expires      time.Time
	renewable    bool
}

// validToken returns the token with id when it exists and has not
// expired; an expired token is forgotten, as Vault revokes it.
func (s *Server) validToken(id string) *token {
	t := s.tokens[id]
	if t == nil {
		return nil
	}
	if t.ttl > 0 && !s.clock.Now().Before(t.expires) {
		delete(s.tokens, id)
		return nil
	}
	return t
}

// issue creates a token as a login does and answers with its auth block.
func (s *Server) issue(policies []string, ttl, maxTTL time.Duration, metadata map[string]string) (int, any) {
	now := s.clock.Now()
	t := &token{id: "hvs." + randomID(), accessor: randomID(), policies: policies, ttl: ttl, maxTTL: maxTTL,
		issued: now, expires: now.Add(ttl), renewable: ttl > 0}
	s.tokens[t.id] = t
	return http.StatusOK, map[string]any{"auth": s.authBlock(t, metadata)}
}

func (s *Server) authBlock(t *token, metadata map[string]string) map[string]any {
	return map[string]any{"client_token": t.id, "accessor": t.accessor, "policies": t.policies,
		"token_policies": t.policies, "metadata": metadata, "lease_duration": seconds(s.remaining(t)),
		"renewable": t.renewable, "entity_id": "", "token_type": "service", "orphan": true}
}

func (s *Server) remaining(t *token) time.Duration {
	if t.ttl == 0 {
		return 0
	}
	return max(0, t.expires.Sub(s.clock.Now()))
}

// lookupSelf answers GET auth/token/lookup-self.
func lookupSelf(s *Server, r *request) (int, any) {
	t := r.token
	data := map[string]any{"id": t.id, "accessor": t.accessor, "policies": t.policies,
		"creation_ttl": seconds(t.ttl), "ttl": seconds(s.remaining(t)), "renewable": t.renewable,
		"issue_time": rfc3339(t.issued), "type": "service", "orphan": true}
	if t.ttl > 0 {
		data["expire_time"] = rfc3339(t.expires)
	} else {
		data["expire_time"] = nil
	}
	return http.StatusOK, map[string]any{"data": data}
}

// renewSelf answers POST auth/token/renew-self: the token lives increment
// seconds (default its issued TTL) from now, never past its max TTL.
func renewSelf(s *Server, r *request) (int, any) {
	t := r.token
	if !t.renewable {
		return http.StatusBadRequest, errorsBody("lease is not renewable")
	}
	inc := t.ttl
	if n, ok := number(r.body["increment"]); ok && n > 0 {
		inc = time.Duration(n) * time.Second
	}
	now := s.clock.Now()
	exp := now.Add(inc)
	if t.maxTTL > 0 && exp.After(t.issued.Add(t.maxTTL)) {
		exp = t.issued.Add(t.maxTTL)
	}
	t.expires = exp
	return http.StatusOK, map[string]any{"auth": s.authBlock(t, nil)}
}

// revokeSelf answers POST auth/token/revoke-self.
func revokeSelf(s *Server, r *request) (int, any) {
	delete(s.tokens, r.token.id)
	return http.StatusNoContent, nil
}

// number reads a JSON number, a numeric string or a duration string
// ("30s") as seconds, as Vault accepts all three.
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case string:
		if f, err := strconv.ParseFloat(n, 64); err == nil {
			return f, true
		}
		if d, err := time.ParseDuration(n); err == nil {
			return float64(d / time.Second), true
		}
	}
	return 0, false
}

// duration reads a TTL parameter; a missing or bad one is 0.
func duration(v any) time.Duration {
	n, _ := number(v)
	return time.Duration(n) * time.Second
}
