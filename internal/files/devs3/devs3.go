// Package devs3 is the S3-compatible object store `vextrus dev` and the
// tests run in process: gofakes3 over a bolt file, behind a guard that
// checks what gofakes3 does not, the AWS Signature Version 4 of every
// request (verify.go). A presigned link therefore expires and cannot be
// forged in dev exactly as it cannot against a real S3, and a request
// signed with another secret is refused.
package devs3

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3bolt"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	bolt "go.etcd.io/bbolt"
)

// Options configure a Server.
type Options struct {
	// File is the bolt file that holds the objects; it is created with
	// its directory. Empty keeps the objects in memory (tests).
	File string
	// Addr is where to listen; empty takes a free port on 127.0.0.1.
	Addr string
	// AccessKey, SecretKey and Region are the one credential the server
	// accepts and the region it signs for.
	AccessKey, SecretKey, Region string
	// Buckets are created when missing.
	Buckets []string
	// Now is the server's clock for signature expiry; nil is time.Now.
	Now    func() time.Time
	Logger *slog.Logger
}

// Server is a running dev object store.
type Server struct {
	url      string
	srv      *http.Server
	db       *bolt.DB
	done     chan error
	stopOnce sync.Once
}

// Start opens the store, creates the buckets and serves.
func Start(o Options) (*Server, error) {
	if o.AccessKey == "" || o.SecretKey == "" || o.Region == "" {
		return nil, errors.New("devs3: an access key, a secret key and a region are required")
	}
	s := &Server{done: make(chan error, 1)}
	var backend gofakes3.Backend
	if o.File == "" {
		backend = s3mem.New()
	} else {
		if err := os.MkdirAll(filepath.Dir(o.File), 0o755); err != nil {
			return nil, fmt.Errorf("devs3: %w", err)
		}
		// A second dev on the same directory fails instead of waiting for
		// the file lock forever.
		db, err := bolt.Open(o.File, 0o600, &bolt.Options{Timeout: 2 * time.Second})
		if err != nil {
			return nil, fmt.Errorf("devs3: open %s: %w", o.File, err)
		}
		s.db = db
		backend = s3bolt.New(db)
	}
	for _, b := range o.Buckets {
		if ok, err := backend.BucketExists(b); err != nil {
			return nil, s.fail(fmt.Errorf("devs3: bucket %s: %w", b, err))
		} else if !ok {
			if err := backend.CreateBucket(b); err != nil {
				return nil, s.fail(fmt.Errorf("devs3: create bucket %s: %w", b, err))
			}
		}
	}
	addr := o.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, s.fail(fmt.Errorf("devs3: listen: %w", err))
	}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	// The guard checks the request time against its own clock, so the
	// tests can move it; gofakes3's own skew check would use another.
	fake := gofakes3.New(backend, gofakes3.WithTimeSkewLimit(0), gofakes3.WithoutVersioning())
	g := &guard{next: fake.Server(), accessKey: o.AccessKey, secretKey: o.SecretKey, region: o.Region, now: now}
	s.url = "http://" + ln.Addr().String()
	s.srv = &http.Server{Handler: g, ReadHeaderTimeout: 10 * time.Second}
	go func() { s.done <- s.srv.Serve(ln) }()
	if o.Logger != nil {
		o.Logger.Info("dev object store listening", "url", s.url, "file", o.File)
	}
	return s, nil
}

// URL is the server's endpoint, http://127.0.0.1:port.
func (s *Server) URL() string { return s.url }

// Stop stops serving and closes the store.
func (s *Server) Stop(ctx context.Context) error {
	var err error
	s.stopOnce.Do(func() {
		if s.srv != nil {
			err = s.srv.Shutdown(ctx)
			if serveErr := <-s.done; serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
				err = errors.Join(err, serveErr)
			}
		}
		if s.db != nil {
			err = errors.Join(err, s.db.Close())
		}
	})
	return err
}

// fail closes what Start opened and returns err.
func (s *Server) fail(err error) error {
	if s.db != nil {
		_ = s.db.Close()
	}
	return err
}
