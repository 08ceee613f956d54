package redisqueue

import (
	"context"
	"fmt"
	"time"

	"github.com/sigsentry/hub/core/pipeline"
)

// Retry hands the job back to be delivered at or after at, with reason as
// its LastError. A job that has had MaxAttempts deliveries is dead-lettered
// instead. The acknowledgement of this delivery and the parking of the job
// are one script: the job is never both pending and parked, nor neither.
// A due time in the past queues the job at once; a later one parks it in
// the delayed set, from which Run's loop moves it back when due.
func (q *Queue) Retry(ctx context.Context, l *pipeline.Lease, at time.Time, reason string) error {
	t, err := leaseToken(l)
	if err != nil {
		return err
	}
	now := time.Now()
	n, err := retryScript.Run(ctx, q.rdb, []string{q.keys.stream, q.keys.delayed, q.keys.deadIndex},
		q.opts.Group, t.entry, t.deliveries, t.consumer,
		at.UnixMilli(), now.UnixMilli(), q.opts.MaxAttempts, reason,
		q.keys.delayedJob, q.keys.deadJob, paddedNow()).Int()
	if err != nil {
		return fmt.Errorf("redisqueue: retry job %s: %w", l.Job.ID, err)
	}
	if n == 0 {
		return fmt.Errorf("redisqueue: retry job %s: %w", l.Job.ID, ErrLeaseLost)
	}
	if n == 2 {
		q.log.Warn("redisqueue: job dead-lettered after its last attempt", "job", l.Job.ID,
			"kind", l.Job.Kind, "attempt", l.Job.Attempt, "reason", reason)
	}
	return nil
}

// Bury dead-letters the job at once, for a failure retrying cannot fix.
func (q *Queue) Bury(ctx context.Context, l *pipeline.Lease, reason string) error {
	t, err := leaseToken(l)
	if err != nil {
		return err
	}
	n, err := buryScript.Run(ctx, q.rdb, []string{q.keys.stream, q.keys.deadIndex},
		q.opts.Group, t.entry, t.deliveries, t.consumer, reason, q.keys.deadJob, paddedNow()).Int()
	if err != nil {
		return fmt.Errorf("redisqueue: bury job %s: %w", l.Job.ID, err)
	}
	if n == 0 {
		return fmt.Errorf("redisqueue: bury job %s: %w", l.Job.ID, ErrLeaseLost)
	}
	return nil
}

// promoteBatch bounds one promote script, so that a backlog of due
// retries does not hold Redis for long.
const promoteBatch = 100

// Promote moves every retry that is due to the stream and returns how many
// it moved. Run calls it every PromoteEvery.
func (q *Queue) Promote(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := promoteScript.Run(ctx, q.rdb, []string{q.keys.delayed, q.keys.stream},
			time.Now().UnixMilli(), promoteBatch, q.keys.delayedJob).Int()
		if err != nil {
			return total, fmt.Errorf("redisqueue: promote due retries: %w", err)
		}
		total += n
		if n < promoteBatch {
			return total, nil
		}
	}
}
