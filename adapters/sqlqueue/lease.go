package sqlqueue

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/pipeline"
)

// firstPoll is the first sleep of a waiting Lease; it doubles up to
// PollEvery while nothing comes.
const firstPoll = 5 * time.Millisecond

// Lease hands consumer the oldest due job: new, due for a retry, or
// abandoned by a worker whose lease ran out. It waits up to wait, woken at
// once by jobs queued in this process, by the due time of the next retry,
// and otherwise looking again every PollEvery at most.
func (q *Queue) Lease(ctx context.Context, consumer string, wait time.Duration) (*pipeline.Lease, error) {
	if consumer == "" {
		return nil, core.Invalid("consumer", "is empty")
	}
	deadline := time.Now().Add(wait)
	sleep := firstPoll
	for {
		woken := q.queued.wait()
		l, nextDue, err := q.tryLease(ctx, consumer)
		if err != nil || l != nil {
			return l, err
		}
		now := time.Now()
		if !now.Before(deadline) {
			return nil, nil
		}
		d := min(sleep, deadline.Sub(now))
		if !nextDue.IsZero() {
			d = min(d, max(nextDue.Sub(now), 0))
		}
		timer := time.NewTimer(d)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, fmt.Errorf("sqlqueue: lease: %w", ctx.Err())
		case <-woken:
			timer.Stop()
			sleep = firstPoll
		case <-timer.C:
			sleep = min(sleep*2, q.opts.PollEvery)
		}
	}
}

// tryLease leases one due job, or returns when the next job is due (zero
// when the table is empty). A cheap read comes first, so that idle workers
// do not queue up for SQLite's write lock.
func (q *Queue) tryLease(ctx context.Context, consumer string) (*pipeline.Lease, time.Time, error) {
	for {
		now := time.Now()
		var next sql.NullInt64
		if err := q.db.QueryRowContext(ctx, `SELECT MIN(run_at) FROM queue_jobs`).Scan(&next); err != nil {
			return nil, time.Time{}, fmt.Errorf("sqlqueue: look for due jobs: %w", err)
		}
		if !next.Valid {
			return nil, time.Time{}, nil
		}
		if next.Int64 > now.UnixMicro() {
			return nil, time.UnixMicro(next.Int64), nil
		}
		// A lease is a write: while the disk refuses them, one worker tries
		// each faultProbeEvery and the jobs wait where they are.
		if try, retryAt := q.fault.mayWrite(now); !try {
			return nil, retryAt, nil
		}
		token := rand.Text()
		row := q.db.QueryRowContext(ctx, q.d.q(`UPDATE queue_jobs
			SET lease_token = ?, leased_by = ?, attempts = attempts + 1, run_at = ?
			WHERE id = (SELECT id FROM queue_jobs WHERE run_at <= ? ORDER BY run_at, id LIMIT 1`+q.d.skipLocked+`)
			AND run_at <= ?
			RETURNING id, kind, payload, attempts, last_error, enqueued_at`),
			token, consumer, now.Add(q.opts.LeaseTime).UnixMicro(), now.UnixMicro(), now.UnixMicro())
		var job pipeline.Job
		var enq int64
		err := row.Scan(&job.ID, &job.Kind, &job.Payload, &job.Attempt, &job.LastError, &enq)
		if errors.Is(err, sql.ErrNoRows) {
			// Another worker took it first (or, on PostgreSQL, holds it):
			// the read said something was due, so look again shortly.
			return nil, now.Add(firstPoll), nil
		}
		if err != nil {
			if err := q.fault.observe(ctx, err); errors.As(err, new(*diskError)) {
				return nil, now.Add(faultProbeEvery), nil // logged by the watch; the job stays queued
			}
			return nil, time.Time{}, fmt.Errorf("sqlqueue: lease a job: %w", err)
		}
		q.fault.ok(ctx)
		job.EnqueuedAt = time.UnixMicro(enq).UTC()
		if job.Attempt <= q.opts.MaxAttempts {
			return &pipeline.Lease{Job: job, Token: token}, time.Time{}, nil
		}
		// Every delivery so far ended with the lease running out: a job
		// that kills or hangs its worker. Dead-letter it and look again.
		attempts := job.Attempt - 1
		if _, err := q.bury(ctx, job.ID, token, func(d *pipeline.DeadJob) {
			d.Job.Attempt = attempts
			d.Reason = fmt.Sprintf("the lease ran out on attempt %d (the worker died or took longer than the lease time)", attempts)
		}); err != nil {
			return nil, time.Time{}, err
		}
		q.log.Warn("sqlqueue: job dead-lettered: every lease ran out", "job", job.ID, "kind", job.Kind, "attempts", attempts)
	}
}

// Ack removes a finished job. It fails with ErrLeaseLost when l is not the
// job's current delivery.
func (q *Queue) Ack(ctx context.Context, l *pipeline.Lease) error {
	if l == nil {
		return core.Invalid("lease", "is nil")
	}
	res, err := q.db.ExecContext(ctx, q.d.q(`DELETE FROM queue_jobs WHERE id = ? AND lease_token = ?`), l.Job.ID, l.Token)
	if err != nil {
		return fmt.Errorf("sqlqueue: ack job %s: %w", l.Job.ID, q.fault.observe(ctx, err))
	}
	q.fault.ok(ctx)
	return leaseHeld(res, "ack", l.Job.ID)
}

// leaseHeld turns "no row matched the token" into ErrLeaseLost.
func leaseHeld(res sql.Result, doing, id string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("sqlqueue: %s job %s: %w", doing, id, err)
	}
	if n == 0 {
		return fmt.Errorf("sqlqueue: %s job %s: %w", doing, id, ErrLeaseLost)
	}
	return nil
}
