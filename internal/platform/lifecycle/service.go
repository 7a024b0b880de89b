// Package lifecycle gives every long-running part (HTTP server, relay,
// consumer, worker) the same shape: start until ready, run until stopped,
// stop and drain. The module manager starts services in dependency order
// and stops them in reverse.
package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// Service is a long-running part of the process.
type Service interface {
	// Name identifies the service in logs and errors.
	Name() string
	// Start prepares the service and returns once it is ready. An error
	// aborts the process start.
	Start(ctx context.Context) error
	// Failed is closed, after Start, when the service stopped on its own;
	// Err then says why.
	Failed() <-chan struct{}
	// Err is the reason the service failed, nil while it has not.
	Err() error
	// Stop drains the service and releases what it holds. It is called once
	// for every service whose Start succeeded.
	Stop(ctx context.Context) error
}

// Funcs are the three phases of a Basic service; any may be nil.
type Funcs struct {
	// Starting prepares; the service is ready when it returns nil.
	Starting func(ctx context.Context) error
	// Running does the work until ctx is cancelled by Stop. Returning
	// before that, with or without an error, fails the service.
	Running func(ctx context.Context) error
	// Stopping drains and releases, after Running has returned.
	Stopping func(ctx context.Context) error
}

// Basic is a Service built from functions, in the style of dskit's
// NewBasicService.
type Basic struct {
	name   string
	fns    Funcs
	cancel context.CancelFunc
	done   chan struct{} // closed when Running returns
	failed chan struct{}
	mu     sync.Mutex
	err    error
	stop   bool
}

// New returns a service named name with the given phases.
func New(name string, fns Funcs) *Basic {
	return &Basic{name: name, fns: fns, done: make(chan struct{}), failed: make(chan struct{})}
}

// Name implements Service.
func (b *Basic) Name() string { return b.name }

// Start runs Starting, then Running in the background.
func (b *Basic) Start(ctx context.Context) error {
	if b.fns.Starting != nil {
		if err := b.fns.Starting(ctx); err != nil {
			return fmt.Errorf("%s: start: %w", b.name, err)
		}
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	b.cancel = cancel
	go func() {
		defer close(b.done)
		if b.fns.Running == nil {
			<-runCtx.Done()
			return
		}
		err := b.fns.Running(runCtx)
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.stop {
			return
		}
		if err == nil {
			err = errors.New("stopped unexpectedly")
		}
		b.err = fmt.Errorf("%s: %w", b.name, err)
		close(b.failed)
	}()
	return nil
}

// Failed implements Service.
func (b *Basic) Failed() <-chan struct{} { return b.failed }

// Err implements Service.
func (b *Basic) Err() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

// Stop cancels Running, waits for it (bounded by ctx), then runs Stopping.
func (b *Basic) Stop(ctx context.Context) error {
	b.mu.Lock()
	b.stop = true
	b.mu.Unlock()
	if b.cancel != nil {
		b.cancel()
		select {
		case <-b.done:
		case <-ctx.Done():
			return fmt.Errorf("%s: stop: %w", b.name, ctx.Err())
		}
	}
	if b.fns.Stopping != nil {
		if err := b.fns.Stopping(ctx); err != nil {
			return fmt.Errorf("%s: stop: %w", b.name, err)
		}
	}
	return nil
}
