package gateway

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/requestid"
)

// gqlError is one entry of a response's errors.
type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path,omitempty"`
	Locations  []any          `json:"locations,omitempty"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

type gqlResponse struct {
	Errors     []gqlError      `json:"errors,omitempty"`
	Data       json.RawMessage `json:"data,omitempty"`
	Extensions json.RawMessage `json:"extensions,omitempty"`
}

// subgraphInMessage finds the subgraph the engine names in a fetch failure.
var subgraphInMessage = regexp.MustCompile(`^Failed to fetch from Subgraph '([^']+)'`)

// isCode reports whether c is one of the platform's closed set.
func isCode(c string) bool {
	for _, k := range errs.Codes() {
		if string(k) == c {
			return true
		}
	}
	return false
}

// normalizeErrors gives every error of body the platform's shape: a code
// of the closed set, the service it came from and the request id. The
// engine reports a subgraph it could not fetch from ("Failed to fetch from
// Subgraph ...") with the HTTP status if one came back; none means the
// subgraph is down, its breaker open or its timeout passed: UNAVAILABLE.
// A subgraph's answer with an error status and no GraphQL errors is
// reported as "<status>: <text>" with the status, whose code it gets.
func normalizeErrors(body []byte, reqID string) []byte {
	if !bytes.Contains(body, []byte(`"errors"`)) {
		return body
	}
	var resp gqlResponse
	if err := json.Unmarshal(body, &resp); err != nil || len(resp.Errors) == 0 {
		return body
	}
	for i := range resp.Errors {
		e := &resp.Errors[i]
		if e.Extensions == nil {
			e.Extensions = map[string]any{}
		}
		ext := e.Extensions
		if s, ok := ext["serviceName"].(string); ok {
			ext["service"] = s
			delete(ext, "serviceName")
		}
		if _, ok := ext["service"]; !ok {
			if m := subgraphInMessage.FindStringSubmatch(e.Message); m != nil {
				ext["service"] = m[1]
			}
		}
		code, _ := ext["code"].(string)
		if !isCode(code) {
			st, _ := ext["statusCode"].(float64)
			switch fetch := strings.HasPrefix(e.Message, "Failed to fetch from Subgraph"); {
			case st >= 400 && st < 500, st >= 500 && !fetch:
				// The subgraph's own refusal ("401: Unauthorized" when it
				// found the token expired): its status's code, so that a
				// client signs in again rather than reporting a fault.
				code = string(errs.FromHTTPStatus(int(st)))
			case fetch:
				code = string(errs.Unavailable)
			default:
				code = string(errs.Internal)
			}
			ext["code"] = code
		}
		if _, ok := ext["requestId"]; !ok && reqID != "" {
			ext["requestId"] = reqID
		}
	}
	out, err := json.Marshal(resp)
	if err != nil {
		return body
	}
	return out
}

// writeErrors answers a request refused before execution: the status of
// the error's code and a GraphQL body, so clients of either kind read it.
func writeErrors(w http.ResponseWriter, r *http.Request, err error) {
	e := errs.Public(err)
	ext := map[string]any{"code": string(e.Code)}
	if id := requestid.From(r.Context()); id != "" {
		ext["requestId"] = id
	}
	if len(e.Fields) > 0 {
		ext["fields"] = e.Fields
	}
	if e.RetryAfterSeconds > 0 {
		ext["retryAfterSeconds"] = e.RetryAfterSeconds
		w.Header().Set("Retry-After", itoa(e.RetryAfterSeconds))
	}
	if e.Code == errs.Unauthenticated {
		w.Header().Set("WWW-Authenticate", `Bearer realm="vextrus"`)
	}
	body, _ := json.Marshal(gqlResponse{Errors: []gqlError{{Message: e.Message, Extensions: ext}}})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(e.HTTPStatus())
	_, _ = w.Write(body)
}
