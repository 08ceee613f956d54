package sqlqueue

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// sweepBatch bounds one DELETE of the sweeper, so that on SQLite it holds
// the write lock only briefly.
const sweepBatch = 1000

// Run deletes expired dedupe markers and effects older than EffectTTL every
// SweepEvery until ctx ends, when it returns nil. Jobs need no loop: Lease
// finds due retries and expired leases by itself.
func (q *Queue) Run(ctx context.Context) error {
	tick := time.NewTicker(q.opts.SweepEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		// A full or read-only disk is logged by the fault watch, at its pace.
		if err := q.Sweep(ctx); err != nil && ctx.Err() == nil && !errors.As(err, new(*diskError)) {
			q.log.Error("sqlqueue: sweep", "err", err)
		}
	}
}

// Sweep deletes expired dedupe markers and old effects now.
func (q *Queue) Sweep(ctx context.Context) error {
	now := time.Now()
	for _, s := range []struct {
		what, query string
		before      int64
	}{
		{"dedupe markers", `DELETE FROM queue_dedupe WHERE key IN
			(SELECT key FROM queue_dedupe WHERE expires_at <= ? LIMIT ?)`, now.UnixMicro()},
		{"effects", `DELETE FROM queue_effects WHERE (key, stage) IN
			(SELECT key, stage FROM queue_effects WHERE recorded_at <= ? LIMIT ?)`, now.Add(-q.opts.EffectTTL).UnixMicro()},
	} {
		for {
			res, err := q.db.ExecContext(ctx, q.d.q(s.query), s.before, sweepBatch)
			if err != nil {
				return fmt.Errorf("sqlqueue: delete expired %s: %w", s.what, q.fault.observe(ctx, err))
			}
			if n, err := res.RowsAffected(); err != nil || n < sweepBatch {
				break
			}
		}
	}
	return nil
}

// Start runs Run in a goroutine until Close. It returns at once, so it
// suits a lifecycle hook; starting twice is a no-op.
func (q *Queue) Start() { q.loop.Start(q.Run) }

// Close stops the loop Start started and waits for it. It does not close
// the database, which belongs to the caller.
func (q *Queue) Close() error {
	q.loop.Stop()
	return nil
}
