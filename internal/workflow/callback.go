package workflow

import (
	"context"
	"sync"
)

// Callback applies an approval's outcome to its document in the owning
// service. ApprovalCompleted may be called more than once for the same
// outcome (a retry after a lost answer) and must apply it once, keyed by
// o.ApprovalID and o.Status. An error that has `Permanent() bool`
// returning true is logged and not retried; any other error is retried.
type Callback interface {
	ApprovalCompleted(ctx context.Context, o Outcome) error
}

// CallbackFunc adapts a function to Callback.
type CallbackFunc func(ctx context.Context, o Outcome) error

// ApprovalCompleted calls f.
func (f CallbackFunc) ApprovalCompleted(ctx context.Context, o Outcome) error { return f(ctx, o) }

// Callbacks is the registry of owning services' callbacks, by service
// name. Services that run elsewhere consume the completed event instead.
type Callbacks struct {
	mu sync.RWMutex
	by map[string]Callback
}

// NewCallbacks returns an empty registry.
func NewCallbacks() *Callbacks { return &Callbacks{by: map[string]Callback{}} }

// Register makes cb receive the outcomes of service's documents,
// replacing an earlier registration.
func (c *Callbacks) Register(service string, cb Callback) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.by[service] = cb
}

func (c *Callbacks) lookup(service string) Callback {
	if c == nil {
		return nil
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.by[service]
}
