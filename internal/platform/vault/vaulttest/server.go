// Package vaulttest is an in-process double of the parts of Vault's HTTP
// API that Vextrus uses, written from Vault's API documentation: KV
// version 2 (read, write with check-and-set, versions, metadata), the
// AppRole and Kubernetes auth methods (their login, and the admin
// endpoints that create roles), token lookup and renewal with TTLs that
// expire on an injectable clock, and sys/health. Start gives a test either
// the double or, when VAULT_ADDR and VAULT_TOKEN are set, that real Vault,
// set up through the same HTTP API. docs/vault.md lists what the double
// does not check.
package vaulttest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/benbjohnson/clock"
)

// Server is the double. Its state is in memory and lost on Close.
type Server struct {
	URL       string
	RootToken string

	clock clock.Clock
	http  *httptest.Server

	mu       sync.Mutex
	tokens   map[string]*token
	kv       map[string]*kvSecret // by mount + "/" + path
	methods  map[string]string    // auth mount path -> method type
	appRoles map[string]*appRole  // by mount + "/" + role name
	k8sRoles map[string]*k8sRole
	k8sKeys  map[string][]string // by mount: PEM public keys
	calls    map[string]int      // by route, e.g. "auth/token/renew-self"
}

// NewServer starts a double whose TTLs follow clk.
func NewServer(clk clock.Clock) *Server {
	s := &Server{clock: clk, RootToken: "root-" + randomID(),
		tokens: map[string]*token{}, kv: map[string]*kvSecret{}, methods: map[string]string{},
		appRoles: map[string]*appRole{}, k8sRoles: map[string]*k8sRole{}, k8sKeys: map[string][]string{},
		calls: map[string]int{}}
	s.tokens[s.RootToken] = &token{id: s.RootToken, policies: []string{"root"}}
	s.http = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.http.URL
	return s
}

// Close stops the server.
func (s *Server) Close() { s.http.Close() }

// Calls is how often route (e.g. "auth/token/renew-self") was requested.
func (s *Server) Calls(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[route]
}

// route is one endpoint: its handler gets the request body decoded and the
// path parameters, and runs with s.mu held.
type route struct {
	method, pattern string
	public          bool // no token needed: logins and sys/health
	handle          func(s *Server, r *request) (int, any)
}

type request struct {
	http   *http.Request
	params []string // the * parts of the pattern, in order
	body   map[string]any
	token  *token
}

func (s *Server) serve(w http.ResponseWriter, hr *http.Request) {
	path := strings.TrimPrefix(hr.URL.Path, "/v1/")
	body := map[string]any{}
	if hr.Body != nil && hr.ContentLength != 0 {
		if err := json.NewDecoder(hr.Body).Decode(&body); err != nil {
			writeJSON(w, http.StatusBadRequest, errorsBody("failed to parse JSON input: "+err.Error()))
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, rt := range routes {
		params, ok := match(rt.pattern, path)
		if !ok || !methodMatches(rt.method, hr.Method) {
			continue
		}
		s.calls[rt.pattern]++
		r := &request{http: hr, params: params, body: body}
		if !rt.public {
			if r.token = s.validToken(hr.Header.Get("X-Vault-Token")); r.token == nil {
				writeJSON(w, http.StatusForbidden, errorsBody("permission denied"))
				return
			}
		}
		status, out := rt.handle(s, r)
		writeJSON(w, status, out)
		return
	}
	writeJSON(w, http.StatusNotFound, errorsBody("unsupported path"))
}

// match compares a pattern such as "auth/*/login" with path; a trailing
// "**" takes the rest of the path, slashes included.
func match(pattern, path string) ([]string, bool) {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	var params []string
	for i, p := range ps {
		switch {
		case p == "**" && i == len(ps)-1:
			if i >= len(xs) {
				return nil, false
			}
			return append(params, strings.Join(xs[i:], "/")), true
		case i >= len(xs):
			return nil, false
		case p == "*":
			params = append(params, xs[i])
		case p != xs[i]:
			return nil, false
		}
	}
	return params, len(ps) == len(xs)
}

// methodMatches treats PUT and POST alike, as Vault does.
func methodMatches(want, got string) bool {
	if want == http.MethodPost {
		return got == http.MethodPost || got == http.MethodPut
	}
	return want == got
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if v != nil {
		_ = json.NewEncoder(w).Encode(v)
	}
}

func errorsBody(msgs ...string) map[string]any { return map[string]any{"errors": msgs} }

func randomID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func seconds(d time.Duration) int64 { return int64(d / time.Second) }

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
