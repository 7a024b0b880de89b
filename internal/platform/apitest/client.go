// Package apitest is for tests: it calls a service's HTTP API as an
// authenticated client and reads what comes back, JSON bodies, problems
// (RFC 9457) and GraphQL errors, so that every service's tests speak to
// the API the same way. It imports no service; the one path it knows is
// the public login endpoint.
package apitest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// LoginPath is the public endpoint that exchanges a password for tokens.
const LoginPath = "/api/v1/auth/login"

// Client calls one base URL with the headers it carries, a bearer token
// among them. Its methods that return a Client return a copy: a test may
// derive a caller per user from one base client.
type Client struct {
	tb     testing.TB
	http   *http.Client
	base   string
	header http.Header
}

// New returns a client of base (a server's URL, no trailing slash) that
// sends with hc, http.DefaultClient when nil, and fails tb when a request
// cannot be sent.
func New(tb testing.TB, base string, hc *http.Client) *Client {
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{tb: tb, http: hc, base: base, header: http.Header{}}
}

// WithHeader returns a copy of c that sends name: value on every request.
func (c *Client) WithHeader(name, value string) *Client {
	cp := *c
	cp.header = c.header.Clone()
	cp.header.Set(name, value)
	return &cp
}

// WithToken returns a copy of c that authenticates with token (an access
// token or an API key) as a bearer credential; an empty token sends none.
func (c *Client) WithToken(token string) *Client {
	if token == "" {
		cp := *c
		cp.header = c.header.Clone()
		cp.header.Del("Authorization")
		return &cp
	}
	return c.WithHeader("Authorization", "Bearer "+token)
}

// Token returns the bearer token c sends, empty when none.
func (c *Client) Token() string {
	return strings.TrimPrefix(c.header.Get("Authorization"), "Bearer ")
}

// Login logs in as email of the tenant with slug and returns a copy of c
// that sends the access token, failing the test when the login fails.
func (c *Client) Login(slug, email, password string) *Client {
	c.tb.Helper()
	r := c.WithToken("").Do(http.MethodPost, LoginPath, map[string]string{"tenant": slug, "email": email, "password": password})
	r.Want(c.tb, http.StatusOK)
	token, _ := r.Body["accessToken"].(string)
	if token == "" {
		c.tb.Fatalf("login %s/%s answered no access token: %s", slug, email, r.Raw)
	}
	return c.WithToken(token)
}

// Do sends a request and reads the answer, failing the test when it
// cannot be sent. body is sent as JSON with its content type; a string,
// []byte or io.Reader is sent as is, still labelled JSON, and nil sends no
// body.
// headers are name, value pairs, set after c's own; a pair with an
// empty value sends the request without that header.
func (c *Client) Do(method, path string, body any, headers ...string) Response {
	c.tb.Helper()
	r, err := c.Send(method, path, body, headers...)
	if err != nil {
		c.tb.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

// Send is Do returning its error instead of failing the test, for
// goroutines, where a test must not stop.
func (c *Client) Send(method, path string, body any, headers ...string) (Response, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	case io.Reader:
		rd = b
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			return Response{}, err
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		return Response{}, err
	}
	req.Header = c.header.Clone()
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	// An empty value sends the request without that header, even one the
	// client sets by default (a JSON body's Content-Type).
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	res, err := c.http.Do(req)
	if err != nil {
		return Response{}, err
	}
	defer res.Body.Close()
	return read(res)
}

// GraphQL posts a GraphQL operation with its variables (nil: none) to
// path, the gateway's /graphql or a subgraph's endpoint.
func (c *Client) GraphQL(path, query string, vars map[string]any) Response {
	c.tb.Helper()
	body := map[string]any{"query": query}
	if vars != nil {
		body["variables"] = vars
	}
	return c.Do(http.MethodPost, path, body)
}
