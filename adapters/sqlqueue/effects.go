package sqlqueue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/sigsentry/hub/core"
)

// EffectDone returns the recorded result of (key, stage) and whether it was
// recorded.
func (q *Queue) EffectDone(ctx context.Context, key, stage string) (string, bool, error) {
	var result string
	err := q.db.QueryRowContext(ctx, q.d.q(`SELECT result FROM queue_effects WHERE key = ? AND stage = ?`),
		key, stage).Scan(&result)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("sqlqueue: read effect %s/%s: %w", key, stage, err)
	}
	return result, true, nil
}

// RecordEffect records (key, stage) with result unless it is recorded
// already: the primary key keeps the first result, also when two workers
// record at once. Run deletes effects older than EffectTTL.
func (q *Queue) RecordEffect(ctx context.Context, key, stage, result string) error {
	if key == "" || stage == "" {
		return core.Invalid("effect", "key and stage must not be empty")
	}
	if _, err := q.db.ExecContext(ctx, q.d.q(`INSERT INTO queue_effects (key, stage, result, recorded_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (key, stage) DO NOTHING`),
		key, stage, result, time.Now().UnixMicro()); err != nil {
		return fmt.Errorf("sqlqueue: record effect %s/%s: %w", key, stage, q.fault.observe(ctx, err))
	}
	q.fault.ok(ctx)
	return nil
}
