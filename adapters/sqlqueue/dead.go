package sqlqueue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/pipeline"
)

// ListDead returns dead-lettered jobs, newest first. The cursor is the
// time of death and id of the last job shown, so a page stays correct when
// jobs before it are revived meanwhile.
func (q *Queue) ListDead(ctx context.Context, page core.Page) ([]pipeline.DeadJob, string, error) {
	page = page.Normalize()
	query := `SELECT id, kind, payload, attempts, last_error, enqueued_at, reason, died_at FROM queue_dead`
	var args []any
	if page.After != "" {
		died, id, err := parseCursor(page.After)
		if err != nil {
			return nil, "", err
		}
		query += ` WHERE died_at < ? OR (died_at = ? AND id < ?)`
		args = append(args, died, died, id)
	}
	query += ` ORDER BY died_at DESC, id DESC LIMIT ?`
	rows, err := q.db.QueryContext(ctx, q.d.q(query), append(args, page.Limit+1)...)
	if err != nil {
		return nil, "", fmt.Errorf("sqlqueue: list dead jobs: %w", err)
	}
	defer rows.Close()
	var out []pipeline.DeadJob
	for rows.Next() {
		var d pipeline.DeadJob
		var enq, died int64
		if err := rows.Scan(&d.Job.ID, &d.Job.Kind, &d.Job.Payload, &d.Job.Attempt, &d.Job.LastError,
			&enq, &d.Reason, &died); err != nil {
			return nil, "", fmt.Errorf("sqlqueue: read dead job: %w", err)
		}
		d.Job.EnqueuedAt, d.DiedAt = time.UnixMicro(enq).UTC(), time.UnixMicro(died).UTC()
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("sqlqueue: list dead jobs: %w", err)
	}
	if len(out) <= page.Limit {
		return out, "", nil
	}
	out = out[:page.Limit]
	last := out[len(out)-1]
	return out, fmt.Sprintf("%016d|%s", last.DiedAt.UnixMicro(), last.Job.ID), nil
}

func parseCursor(s string) (int64, string, error) {
	died, id, ok := strings.Cut(s, "|")
	n, err := strconv.ParseInt(died, 10, 64)
	if !ok || err != nil || id == "" {
		return 0, "", core.Invalid("after", "is not a cursor this listing returned")
	}
	return n, id, nil
}

// Revive queues a dead job again with a fresh attempt count; its last error
// stays for people to read. It fails with a not-found error when no job of
// that id is dead.
func (q *Queue) Revive(ctx context.Context, jobID string) error {
	err := q.inTx(ctx, func(tx *sql.Tx) error {
		var kind, lastError string
		var payload []byte
		var enq int64
		err := tx.QueryRowContext(ctx, q.d.q(`DELETE FROM queue_dead WHERE id = ?
			RETURNING kind, payload, last_error, enqueued_at`), jobID).Scan(&kind, &payload, &lastError, &enq)
		if errors.Is(err, sql.ErrNoRows) {
			return core.NotFound("dead job", jobID)
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, q.d.q(`INSERT INTO queue_jobs
			(id, kind, payload, attempts, last_error, enqueued_at, run_at) VALUES (?, ?, ?, 0, ?, ?, ?)`),
			jobID, kind, payload, lastError, enq, time.Now().UnixMicro())
		return err
	})
	var domain *core.Error
	if errors.As(err, &domain) {
		return err
	}
	if err != nil {
		return fmt.Errorf("sqlqueue: revive job %s: %w", jobID, err)
	}
	q.queued.broadcast()
	return nil
}
