package gateway

import (
	"bytes"
	"context"
	"net/http"
	"time"
)

// inProcess serves the engine's subgraph requests with the server's own
// handler chain, without a network hop.
type inProcess struct{ h http.Handler }

type internalKey struct{}

// Internal reports whether ctx belongs to a subgraph request the gateway
// made in process, so the edge policy (rate limits, CORS) is not applied
// twice to one client request.
func Internal(ctx context.Context) bool { return ctx.Value(internalKey{}) != nil }

// RoundTrip hands req to the handler as a server would. The handler sees a
// context that keeps the engine's deadline and cancellation but none of
// the caller's values: like a remote subgraph, it learns who calls only
// from the forwarded headers, which its authn middleware verifies.
func (t inProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := context.WithValue(valueless{req.Context()}, internalKey{}, true)
	in := req.Clone(ctx)
	in.RequestURI = req.URL.RequestURI()
	in.RemoteAddr = "in-process"
	if in.Body == nil {
		in.Body = http.NoBody
	}
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	t.h.ServeHTTP(rec, in)
	return &http.Response{
		Status:        http.StatusText(rec.status),
		StatusCode:    rec.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        rec.header,
		Body:          readCloser{bytes.NewReader(rec.body.Bytes())},
		ContentLength: int64(rec.body.Len()),
		Request:       req,
	}, nil
}

// valueless passes deadline and cancellation through but no values.
type valueless struct{ parent context.Context }

func (v valueless) Deadline() (time.Time, bool) { return v.parent.Deadline() }
func (v valueless) Done() <-chan struct{}       { return v.parent.Done() }
func (v valueless) Err() error                  { return v.parent.Err() }
func (v valueless) Value(any) any               { return nil }

// recorder collects a handler's response in memory.
type recorder struct {
	header http.Header
	status int
	wrote  bool
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.body.Write(b)
}

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }
