package sqlqueue

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sigsentry/hub/core/pipeline"
)

// maxBatch bounds how many enqueues share one transaction, so that one
// commit stays short and no caller waits behind an unbounded backlog.
const maxBatch = 128

// batchTimeout bounds one batch's transaction. The batch runs detached from
// its callers' contexts (one caller giving up must not fail the others);
// SQLite's busy timeout and PostgreSQL's lock waits end well before it.
const batchTimeout = 30 * time.Second

// enqueueReq is one EnqueueOnce waiting for its batch to commit.
type enqueueReq struct {
	ctx    context.Context
	key    string
	ttl    time.Duration
	job    pipeline.Job
	queued bool
	err    error
	done   chan struct{}
}

// batcher commits concurrent EnqueueOnce calls together (group commit).
//
// Each enqueue is its own transaction otherwise, and a commit costs far
// more than the two INSERTs in it: under a webhook burst the embedded queue
// spent most of its time committing. Callers that arrive while a commit is
// running join the next one; a lone caller commits at once, so nothing
// waits for company.
type batcher struct {
	mu      sync.Mutex
	pending []*enqueueReq
	running bool
}

// submit queues r for the next batch and returns once it is committed or
// refused, or ctx ends. A request whose caller gave up may still commit;
// the caller then reports an error and the desk retries a delivery that is
// already queued, which de-duplication absorbs.
//
// A caller that finds no commit running commits itself (with whoever joined
// meanwhile), so an uncontended enqueue costs no goroutine switch; a
// backlog left behind is committed by a goroutine, so that the caller's
// answer does not wait for other callers' batches.
func (q *Queue) submit(ctx context.Context, r *enqueueReq) (bool, error) {
	r.ctx, r.done = ctx, make(chan struct{})
	b := &q.batch
	b.mu.Lock()
	b.pending = append(b.pending, r)
	lead := !b.running
	b.running = true
	b.mu.Unlock()
	if lead {
		if q.commitNext() {
			go q.commitPending()
		}
		return r.queued, r.err
	}
	select {
	case <-r.done:
		return r.queued, r.err
	case <-ctx.Done():
		return false, fmt.Errorf("sqlqueue: enqueue job %s: %w", r.job.ID, ctx.Err())
	}
}

// commitPending commits batches until none is waiting, then ends; the next
// submit starts again.
func (q *Queue) commitPending() {
	for q.commitNext() {
	}
}

// commitNext commits the next batch and reports whether more wait. When
// none waits, it ends the running state (under the lock, so that a submit
// cannot slip in unseen).
func (q *Queue) commitNext() bool {
	b := &q.batch
	b.mu.Lock()
	n := min(len(b.pending), maxBatch)
	batch := b.pending[:n:n]
	b.pending = b.pending[n:]
	b.mu.Unlock()
	q.commitBatch(batch)
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.pending) == 0 {
		b.running = false
		return false
	}
	return true
}

// commitBatch writes every live request of batch in one transaction. If
// that transaction fails, each request is retried alone, so that one bad
// request (or a conflict) fails only itself.
func (q *Queue) commitBatch(batch []*enqueueReq) {
	live := batch[:0:0]
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.err = fmt.Errorf("sqlqueue: enqueue job %s: %w", r.job.ID, err) // nothing was written
			close(r.done)
			continue
		}
		live = append(live, r)
	}
	if len(live) == 0 {
		return
	}
	// Two PostgreSQL hubs given the same deliveries lock the same markers;
	// taking them in one order keeps their batches from deadlocking.
	slices.SortStableFunc(live, func(a, b *enqueueReq) int { return strings.Compare(a.key, b.key) })
	ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
	defer cancel()
	err := q.inTx(ctx, func(tx *sql.Tx) error {
		for _, r := range live {
			queued, err := q.insertOnce(ctx, tx, r)
			if err != nil {
				return err
			}
			r.queued = queued
		}
		return nil
	})
	if err != nil && len(live) > 1 {
		for _, r := range live {
			q.commitBatch([]*enqueueReq{r})
		}
		return
	}
	anyQueued := false
	for _, r := range live {
		if err != nil {
			r.queued, r.err = false, fmt.Errorf("sqlqueue: enqueue job %s: %w", r.job.ID, err)
		}
		anyQueued = anyQueued || r.queued
		close(r.done)
	}
	if anyQueued {
		q.queued.broadcast()
	}
}

// insertOnce writes r's dedupe marker and, unless a live marker exists (a
// duplicate), its job. An expired marker is taken over by the same statement.
func (q *Queue) insertOnce(ctx context.Context, tx *sql.Tx, r *enqueueReq) (bool, error) {
	now := time.Now()
	res, err := tx.ExecContext(ctx, q.d.q(`INSERT INTO queue_dedupe (key, expires_at) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at
		WHERE queue_dedupe.expires_at <= ?`), r.key, now.Add(r.ttl).UnixMicro(), now.UnixMicro())
	if err != nil {
		return false, fmt.Errorf("mark %q: %w", r.key, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err // a live marker: a duplicate
	}
	j := r.job
	if _, err := tx.ExecContext(ctx, q.d.q(`INSERT INTO queue_jobs
		(id, kind, payload, attempts, last_error, enqueued_at, run_at) VALUES (?, ?, ?, 0, ?, ?, ?)`),
		j.ID, j.Kind, j.Payload, j.LastError, j.EnqueuedAt.UnixMicro(), now.UnixMicro()); err != nil {
		return false, fmt.Errorf("insert job %s: %w", j.ID, err)
	}
	return true, nil
}
