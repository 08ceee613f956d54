// Package background runs one goroutine per adapter for its housekeeping
// (promoting delayed retries, sweeping expired markers), started and stopped
// by the hub's lifecycle.
package background

import (
	"context"
	"sync"
)

// Loop is one background goroutine that Start starts and Stop stops. The
// zero value is ready to use.
type Loop struct {
	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
}

// Start runs run in a goroutine until Stop; starting twice is a no-op.
func (l *Loop) Start(run func(context.Context) error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cancel != nil {
		return
	}
	// Not the caller's context: a start hook's context only bounds the
	// start, and the loop must outlive it.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	l.cancel, l.done = cancel, done
	go func() {
		defer close(done)
		_ = run(ctx)
	}()
}

// Stop cancels the goroutine and waits for it to return.
func (l *Loop) Stop() {
	l.mu.Lock()
	cancel, done := l.cancel, l.done
	l.cancel, l.done = nil, nil
	l.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}
