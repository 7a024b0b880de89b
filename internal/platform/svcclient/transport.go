package svcclient

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
)

// Transport carries one attempt to the target. It is chosen at wiring time:
// InProcess when the target runs in this process, HTTP otherwise. Either
// way the request goes through the same policy, headers and error decoding,
// so a call behaves the same in `vextrus dev` and split across machines.
type Transport interface {
	// url returns the address of path (with its query) at the target.
	url(path string) (*url.URL, error)
	// roundTrip sends one request and returns its response; it returns an
	// error only when no response arrived.
	roundTrip(req *http.Request) (*http.Response, error)
}

// InProcess returns a transport that calls handler directly, without a
// network. The handler sees a request shaped as a server would give it.
func InProcess(handler http.Handler) Transport { return inProcess{handler: handler} }

// HTTP returns a transport that sends requests to baseURL (scheme, host and
// an optional path prefix) through rt; a nil rt uses http.DefaultTransport.
// A baseURL that does not parse fails every call with INTERNAL, so a bad
// configuration surfaces on the first call rather than crashing wiring.
func HTTP(baseURL string, rt http.RoundTripper) Transport {
	if rt == nil {
		rt = http.DefaultTransport
	}
	u, err := url.Parse(baseURL)
	if err == nil && (u.Scheme != "http" && u.Scheme != "https" || u.Host == "") {
		err = errors.New("want http(s)://host[:port][/prefix]")
	}
	if err != nil {
		return remote{rt: rt, err: fmt.Errorf("parse base url %q: %w", baseURL, err)}
	}
	return remote{base: u, rt: rt}
}

type remote struct {
	base *url.URL
	rt   http.RoundTripper
	err  error
}

func (t remote) url(path string) (*url.URL, error) {
	if t.err != nil {
		return nil, t.err
	}
	rel, err := parsePath(path)
	if err != nil {
		return nil, err
	}
	u := *t.base
	prefix := strings.TrimSuffix(t.base.Path, "/")
	u.Path = prefix + rel.Path
	u.RawPath = ""
	if rel.RawPath != "" {
		u.RawPath = strings.TrimSuffix(t.base.EscapedPath(), "/") + rel.RawPath
	}
	u.RawQuery = rel.RawQuery
	return &u, nil
}

func (t remote) roundTrip(req *http.Request) (*http.Response, error) { return t.rt.RoundTrip(req) }

type inProcess struct{ handler http.Handler }

func (t inProcess) url(path string) (*url.URL, error) {
	u, err := parsePath(path)
	if err != nil {
		return nil, err
	}
	u.Scheme, u.Host = "http", "in-process"
	return u, nil
}

// roundTrip runs the handler on its own goroutine so the attempt's deadline
// holds even when the handler ignores its context, as it would over a
// network; a late handler finishes into a recorder nobody reads.
func (t inProcess) roundTrip(req *http.Request) (*http.Response, error) {
	in := req.Clone(req.Context())
	in.RequestURI = req.URL.RequestURI()
	in.RemoteAddr = "127.0.0.1:0"
	in.Host = req.URL.Host
	if in.Body == nil {
		in.Body = http.NoBody
	}
	rec := &recorder{header: http.Header{}}
	finished := make(chan any, 1)
	go func() {
		defer func() { finished <- recover() }()
		t.handler.ServeHTTP(rec, in)
	}()
	select {
	case p := <-finished:
		if p != nil {
			// A server would drop the connection; keep the stack like
			// net/http does, except for the deliberate abort.
			if p != http.ErrAbortHandler {
				slog.ErrorContext(req.Context(), "in-process handler panicked",
					"panic", p, "path", req.URL.Path, "stack", string(debug.Stack()))
			}
			return nil, fmt.Errorf("in-process handler panicked: %v", p)
		}
		return rec.response(req), nil
	case <-req.Context().Done():
		return nil, req.Context().Err()
	}
}

func parsePath(path string) (*url.URL, error) {
	if !strings.HasPrefix(path, "/") {
		return nil, fmt.Errorf("path %q must start with /", path)
	}
	u, err := url.Parse(path)
	if err != nil {
		return nil, fmt.Errorf("parse path: %w", err)
	}
	return u, nil
}

// recorder is the in-process http.ResponseWriter. Headers are fixed when the
// status is written, as on the wire.
type recorder struct {
	header http.Header
	sent   http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status != 0 || status < 200 {
		return // informational or repeated statuses never reach the caller
	}
	r.status = status
	r.sent = r.header.Clone()
}

func (r *recorder) Write(p []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(p)
}

// Flush lets handlers that stream keep working in process.
func (r *recorder) Flush() {}

func (r *recorder) response(req *http.Request) *http.Response {
	r.WriteHeader(http.StatusOK)
	return &http.Response{
		Status:        strconv.Itoa(r.status) + " " + http.StatusText(r.status),
		StatusCode:    r.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        r.sent,
		Body:          WholeBody(r.body.Bytes()),
		ContentLength: int64(r.body.Len()),
		Request:       req,
	}
}

// WholeBody is the body of an answer already in memory (an in-process
// target's, or the gateway's entity cache's), read from b.
func WholeBody(b []byte) io.ReadCloser { return &wholeBody{rest: b} }

// wholeBody is an answer already in memory. Its last Read returns io.EOF
// with the last bytes, as io.Reader allows: a reader that fills a
// bytes.Buffer (ReadFrom, as the gateway's engine reads every subgraph
// answer) then stops at once instead of growing the buffer, to twice its
// size, for one more Read that finds nothing.
type wholeBody struct{ rest []byte }

func (b *wholeBody) Read(p []byte) (int, error) {
	n := copy(p, b.rest)
	b.rest = b.rest[n:]
	if len(b.rest) == 0 {
		return n, io.EOF
	}
	return n, nil
}

// WriteTo lets io.Copy take the answer in one write.
func (b *wholeBody) WriteTo(w io.Writer) (int64, error) {
	n, err := w.Write(b.rest)
	b.rest = b.rest[n:]
	return int64(n), err
}

func (b *wholeBody) Close() error { return nil }
