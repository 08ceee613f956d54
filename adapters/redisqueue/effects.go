package redisqueue

import (
	"context"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/sigsentry/hub/core"
)

// EffectDone returns the recorded result of (key, stage) and whether it was
// recorded. Each job key has one hash whose fields are its stages.
func (q *Queue) EffectDone(ctx context.Context, key, stage string) (string, bool, error) {
	v, err := q.rdb.HGet(ctx, q.keys.effects+key, stage).Result()
	if errors.Is(err, redis.Nil) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("redisqueue: read effect %s/%s: %w", key, stage, err)
	}
	return v, true, nil
}

// RecordEffect records (key, stage) with result unless it is recorded
// already (HSETNX keeps the first), and keeps the job's effects for
// EffectTTL from the latest record, longer than any retry of the job.
func (q *Queue) RecordEffect(ctx context.Context, key, stage, result string) error {
	if key == "" || stage == "" {
		return core.Invalid("effect", "key and stage must not be empty")
	}
	h := q.keys.effects + key
	_, err := q.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSetNX(ctx, h, stage, result)
		p.PExpire(ctx, h, q.opts.EffectTTL)
		return nil
	})
	if err != nil {
		return fmt.Errorf("redisqueue: record effect %s/%s: %w", key, stage, err)
	}
	return nil
}
