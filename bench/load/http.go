package load

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// NewClient returns the HTTP client all virtual users share, tuned so the
// client is not the bottleneck: every user keeps its own idle keep-alive
// connection (so no connection is opened per request and no ephemeral ports
// run out), no compression, and a timeout as a last resort.
func NewClient(users int) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	transport := &http.Transport{
		Proxy:                 nil, // measure the target, never a proxy from the environment
		DialContext:           dialer.DialContext,
		MaxIdleConns:          2 * users,
		MaxIdleConnsPerHost:   users + users/4 + 8,
		IdleConnTimeout:       90 * time.Second,
		DisableCompression:    true,
		ResponseHeaderTimeout: 30 * time.Second,
	}
	return &http.Client{Transport: transport, Timeout: time.Minute}
}

// Request is a Target that sends one HTTP request per action and fails
// unless the answer has a 2xx status.
type Request struct {
	Client *http.Client
	Method string
	URL    string
	Header http.Header
}

// GET returns a Target sending GET url with client.
func GET(client *http.Client, url string) *Request {
	return &Request{Client: client, Method: http.MethodGet, URL: url}
}

// Do sends the request and reads the whole answer.
func (r *Request) Do(ctx context.Context, _ *VirtualUser) error {
	req, err := http.NewRequestWithContext(ctx, r.Method, r.URL, nil)
	if err != nil {
		return fmt.Errorf("new request: %w", err)
	}
	for k, v := range r.Header {
		req.Header[k] = v
	}
	resp, err := r.Client.Do(req)
	if err != nil {
		return err
	}
	// Reading the body to the end lets the connection be reused.
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: status %d", r.Method, r.URL, resp.StatusCode)
	}
	if err != nil {
		return fmt.Errorf("read body: %w", err)
	}
	return nil
}

// BareHTTP is the baseline for HTTP scenarios: a bare net/http handler that
// answers 200 to everything, on a loopback listener started by the harness,
// hit with GET at path. Its latency is the floor set by the harness, the
// kernel and net/http alone.
func BareHTTP(path string) SetupFunc {
	return func(_ context.Context, env *Env) (Target, error) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("listen: %w", err)
		}
		body := []byte("ok\n")
		srv := &http.Server{
			Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
				w.Write(body)
			}),
			ReadHeaderTimeout: 10 * time.Second,
		}
		go srv.Serve(ln)
		// The run is over when this runs, so nothing is left to drain; a
		// graceful Shutdown would wait seconds for connections the client
		// dialed ahead but never used.
		env.Defer(srv.Close)
		return GET(env.Client, "http://"+ln.Addr().String()+path), nil
	}
}

// WaitReady polls GET url until it answers 200, so measurement does not
// start while the system is still coming up. It returns an error if that
// does not happen within timeout.
func WaitReady(ctx context.Context, client *http.Client, url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	probe := GET(client, url)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		err := probe.Do(ctx, nil)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for %s: %w", url, errors.Join(ctx.Err(), err))
		case <-tick.C:
		}
	}
}
