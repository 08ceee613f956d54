// Package groupcommit runs concurrent requests together: callers that
// arrive while a batch is being written join the next one, so that a
// transaction (SQL) or a round trip (Redis) carries many requests instead
// of one each. A lone caller is written at once, inline, so nothing waits
// for company.
package groupcommit

import (
	"context"
	"sync"
)

// Item is one request waiting for its batch. Write sets Result or Err.
type Item[Req, Res any] struct {
	// Ctx is the caller's context; Write should not stop a batch for one
	// caller's, since the others still want theirs.
	Ctx    context.Context
	Req    Req
	Result Res
	Err    error
	done   chan struct{}
}

// Batcher groups the requests given to Do.
type Batcher[Req, Res any] struct {
	// Max bounds a batch, so that one write stays short and no caller
	// waits behind an unbounded backlog.
	Max int
	// Write writes a batch and sets each item's Result or Err. Items whose
	// caller gave up before the batch ran are left out.
	Write func(items []*Item[Req, Res])

	mu      sync.Mutex
	pending []*Item[Req, Res]
	running bool
}

// Do writes req with whatever else is waiting and returns its result, or
// ctx's error when ctx ends first. A request whose caller gave up may still
// be written: callers must make that harmless (a retry that is
// de-duplicated).
//
// A caller that finds no batch running writes one itself; a backlog left
// behind is written by a goroutine, so that its answer does not wait for
// other callers' batches.
func (b *Batcher[Req, Res]) Do(ctx context.Context, req Req) (Res, error) {
	it := &Item[Req, Res]{Ctx: ctx, Req: req, done: make(chan struct{})}
	b.mu.Lock()
	b.pending = append(b.pending, it)
	lead := !b.running
	b.running = true
	b.mu.Unlock()
	if lead {
		if b.writeNext() {
			go b.drain()
		}
		return it.Result, it.Err
	}
	select {
	case <-it.done:
		return it.Result, it.Err
	case <-ctx.Done():
		var zero Res
		return zero, ctx.Err()
	}
}

func (b *Batcher[Req, Res]) drain() {
	for b.writeNext() {
	}
}

// writeNext writes the next batch and reports whether more wait. When none
// does, it ends the running state under the lock, so that a request cannot
// slip in unseen.
func (b *Batcher[Req, Res]) writeNext() bool {
	b.mu.Lock()
	n := len(b.pending)
	if b.Max > 0 {
		n = min(n, b.Max)
	}
	batch := b.pending[:n:n]
	b.pending = b.pending[n:]
	b.mu.Unlock()

	live := batch[:0:0]
	for _, it := range batch {
		if err := it.Ctx.Err(); err != nil {
			it.Err = err // its caller is gone; nothing was written
			continue
		}
		live = append(live, it)
	}
	if len(live) > 0 {
		b.Write(live)
	}
	for _, it := range batch {
		close(it.done)
	}

	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.pending) == 0 {
		b.running = false
		return false
	}
	return true
}
