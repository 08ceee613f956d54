package sqlqueue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/pipeline"
)

// Retry hands the job back to be delivered at or after at, with reason as
// its LastError, or dead-letters it when this was its last attempt. One
// UPDATE, guarded by the lease token, both ends the lease and schedules the
// job, so a worker whose lease ran out cannot reschedule another's delivery.
func (q *Queue) Retry(ctx context.Context, l *pipeline.Lease, at time.Time, reason string) error {
	if l == nil {
		return core.Invalid("lease", "is nil")
	}
	res, err := q.db.ExecContext(ctx, q.d.q(`UPDATE queue_jobs
		SET lease_token = NULL, leased_by = NULL, run_at = ?, last_error = ?
		WHERE id = ? AND lease_token = ? AND attempts < ?`),
		at.UnixMicro(), reason, l.Job.ID, l.Token, q.opts.MaxAttempts)
	if err != nil {
		return fmt.Errorf("sqlqueue: retry job %s: %w", l.Job.ID, q.fault.observe(ctx, err))
	}
	q.fault.ok(ctx)
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("sqlqueue: retry job %s: %w", l.Job.ID, err)
	} else if n == 1 {
		if !at.After(time.Now()) {
			q.queued.broadcast()
		}
		return nil
	}
	// Either the lease is lost or the job has had its attempts; bury
	// checks the token again and tells which.
	buried, err := q.bury(ctx, l.Job.ID, l.Token, func(d *pipeline.DeadJob) {
		d.Job.LastError = reason
		d.Reason = fmt.Sprintf("gave up after %d attempts: %s", d.Job.Attempt, reason)
	})
	if err != nil {
		return err
	}
	if !buried {
		return fmt.Errorf("sqlqueue: retry job %s: %w", l.Job.ID, ErrLeaseLost)
	}
	q.log.Warn("sqlqueue: job dead-lettered after its last attempt", "job", l.Job.ID, "kind", l.Job.Kind,
		"attempt", l.Job.Attempt, "reason", reason)
	return nil
}

// Bury dead-letters the job at once, for a failure retrying cannot fix.
func (q *Queue) Bury(ctx context.Context, l *pipeline.Lease, reason string) error {
	if l == nil {
		return core.Invalid("lease", "is nil")
	}
	buried, err := q.bury(ctx, l.Job.ID, l.Token, func(d *pipeline.DeadJob) {
		d.Job.LastError, d.Reason = reason, reason
	})
	if err != nil {
		return err
	}
	if !buried {
		return fmt.Errorf("sqlqueue: bury job %s: %w", l.Job.ID, ErrLeaseLost)
	}
	return nil
}

// bury moves the job leased under token to the dead letters in one
// transaction, after edit has set the reason (and anything else it wants
// to change). It reports false when token is not the job's current lease.
// The DELETE comes first so that on SQLite the transaction takes the write
// lock at its first statement and never has to upgrade a read lock.
func (q *Queue) bury(ctx context.Context, id, token string, edit func(*pipeline.DeadJob)) (bool, error) {
	buried := false
	err := q.inTx(ctx, func(tx *sql.Tx) error {
		var d pipeline.DeadJob
		var enq int64
		err := tx.QueryRowContext(ctx, q.d.q(`DELETE FROM queue_jobs WHERE id = ? AND lease_token = ?
			RETURNING id, kind, payload, attempts, last_error, enqueued_at`), id, token).
			Scan(&d.Job.ID, &d.Job.Kind, &d.Job.Payload, &d.Job.Attempt, &d.Job.LastError, &enq)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		d.DiedAt = time.Now()
		edit(&d)
		// A job revived and dead again replaces its old record.
		if _, err := tx.ExecContext(ctx, q.d.q(`DELETE FROM queue_dead WHERE id = ?`), id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, q.d.q(`INSERT INTO queue_dead
			(id, kind, payload, attempts, last_error, enqueued_at, reason, died_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
			d.Job.ID, d.Job.Kind, d.Job.Payload, d.Job.Attempt, d.Job.LastError, enq, d.Reason, d.DiedAt.UnixMicro()); err != nil {
			return err
		}
		buried = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("sqlqueue: dead-letter job %s: %w", id, err)
	}
	return buried, nil
}
