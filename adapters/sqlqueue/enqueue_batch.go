package sqlqueue

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sigsentry/hub/adapters/internal/groupcommit"
	"github.com/sigsentry/hub/core/pipeline"
)

// maxBatch bounds how many enqueues share one transaction.
const maxBatch = 128

// batchTimeout bounds one batch's transaction. The batch runs detached from
// its callers' contexts (one caller giving up must not fail the others);
// SQLite's busy timeout and PostgreSQL's lock waits end well before it.
const batchTimeout = 30 * time.Second

// enqueueReq is one EnqueueOnce.
type enqueueReq struct {
	key string
	ttl time.Duration
	job pipeline.Job
}

type enqueueItem = groupcommit.Item[enqueueReq, bool]

// newBatcher commits concurrent EnqueueOnce calls in one transaction (group
// commit). Each enqueue was its own transaction, and a commit costs far
// more than the two INSERTs in it: under a webhook burst the embedded queue
// spent most of its time committing.
func (q *Queue) newBatcher() *groupcommit.Batcher[enqueueReq, bool] {
	return &groupcommit.Batcher[enqueueReq, bool]{Max: maxBatch, Write: q.commitBatch}
}

// commitBatch writes items in one transaction. If that transaction fails,
// each item is retried alone, so that one bad request (or a conflict) fails
// only itself.
func (q *Queue) commitBatch(items []*enqueueItem) {
	// Two PostgreSQL hubs given the same deliveries lock the same markers;
	// taking them in one order keeps their batches from deadlocking.
	slices.SortStableFunc(items, func(a, b *enqueueItem) int { return strings.Compare(a.Req.key, b.Req.key) })
	ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
	defer cancel()
	err := q.inTx(ctx, func(tx *sql.Tx) error {
		for _, it := range items {
			queued, err := q.insertOnce(ctx, tx, it.Req)
			if err != nil {
				return err
			}
			it.Result = queued
		}
		return nil
	})
	if err != nil && len(items) > 1 {
		for _, it := range items {
			q.commitBatch([]*enqueueItem{it})
		}
		return
	}
	anyQueued := false
	for _, it := range items {
		if err != nil {
			it.Result, it.Err = false, fmt.Errorf("sqlqueue: enqueue job %s: %w", it.Req.job.ID, err)
		}
		anyQueued = anyQueued || it.Result
	}
	if anyQueued {
		q.queued.broadcast()
	}
}

// insertOnce writes r's dedupe marker and, unless a live marker exists (a
// duplicate), its job. An expired marker is taken over by the same statement.
func (q *Queue) insertOnce(ctx context.Context, tx *sql.Tx, r enqueueReq) (bool, error) {
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
