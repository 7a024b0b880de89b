package files

import (
	"context"
	"io"
	"time"
)

// Storage keeps the files' bytes by key. S3 is the one implementation;
// the interface is where the service meets it.
type Storage interface {
	// Put stores body under key.
	Put(ctx context.Context, key, contentType string, body []byte) error
	// Get opens the object at key. Returns NOT_FOUND when there is none.
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes the object at key; a missing object is no error.
	Delete(ctx context.Context, key string) error
	// Link presigns a GET of key valid for ttl that downloads the object
	// as name with contentType, and returns the URL and when it expires.
	Link(ctx context.Context, key, name, contentType string, ttl time.Duration) (string, time.Time, error)
}
