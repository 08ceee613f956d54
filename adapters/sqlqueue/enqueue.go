package sqlqueue

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/pipeline"
)

// jobPrefix names the ids EnqueueOnce gives jobs that come without one.
const jobPrefix = "job"

// EnqueueOnce queues job unless dedupeKey was accepted within the last ttl.
// The marker and the job are written in one transaction: when it returns
// nil both are committed, and a duplicate is never queued. An expired
// marker is taken over by the same statement. A job without an id gets
// one; a zero EnqueuedAt becomes now.
func (q *Queue) EnqueueOnce(ctx context.Context, dedupeKey string, ttl time.Duration, job pipeline.Job) (bool, error) {
	switch {
	case dedupeKey == "":
		return false, core.Invalid("dedupe_key", "is empty")
	case ttl <= 0:
		return false, core.Invalid("ttl", "must be positive, got %v", ttl)
	case job.Kind == "":
		return false, core.Invalid("kind", "is empty")
	}
	now := time.Now()
	if job.ID == "" {
		job.ID = core.NewID(jobPrefix)
	}
	if job.EnqueuedAt.IsZero() {
		job.EnqueuedAt = now
	}
	if job.Payload == nil {
		job.Payload = []byte{} // the column is NOT NULL
	}
	queued := false
	err := q.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, q.d.q(`INSERT INTO queue_dedupe (key, expires_at) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at
			WHERE queue_dedupe.expires_at <= ?`), dedupeKey, now.Add(ttl).UnixMicro(), now.UnixMicro())
		if err != nil {
			return fmt.Errorf("mark %q: %w", dedupeKey, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err // a live marker: a duplicate
		}
		if _, err := tx.ExecContext(ctx, q.d.q(`INSERT INTO queue_jobs
			(id, kind, payload, attempts, last_error, enqueued_at, run_at) VALUES (?, ?, ?, 0, ?, ?, ?)`),
			job.ID, job.Kind, job.Payload, job.LastError, job.EnqueuedAt.UnixMicro(), now.UnixMicro()); err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		queued = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("sqlqueue: enqueue job %s: %w", job.ID, err)
	}
	if queued {
		q.queued.broadcast()
	}
	return queued, nil
}
