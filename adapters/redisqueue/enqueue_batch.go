package redisqueue

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigsentry/hub/adapters/internal/groupcommit"
	"github.com/sigsentry/hub/core/pipeline"
)

// maxBatch bounds how many enqueues share one round trip.
const maxBatch = 128

// batchTimeout bounds one batch's round trip when no caller has a deadline.
const batchTimeout = 10 * time.Second

// enqueueReq is one EnqueueOnce.
type enqueueReq struct {
	dedupeKey string
	ttl       time.Duration
	job       pipeline.Job
}

type enqueueItem = groupcommit.Item[enqueueReq, bool]

// newBatcher sends concurrent EnqueueOnce calls in one pipeline: one write
// and one read for the batch instead of one each. Each script still runs
// atomically on its own; only the round trip is shared.
func (q *Queue) newBatcher() *groupcommit.Batcher[enqueueReq, bool] {
	return &groupcommit.Batcher[enqueueReq, bool]{Max: maxBatch, Write: q.enqueueBatch}
}

func (q *Queue) enqueueArgs(r enqueueReq) (keys []string, args []any) {
	return []string{q.keys.dedupe + r.dedupeKey, q.keys.stream},
		append([]any{max(r.ttl.Milliseconds(), 1), r.job.ID}, jobFields(r.job)...)
}

// batchDeadline is the earliest deadline of the batch's callers: the batch
// runs detached from their contexts (one caller giving up must not fail the
// others), but while Redis is down it must give up in time for them to
// answer 503.
func batchDeadline(items []*enqueueItem) time.Time {
	d := time.Now().Add(batchTimeout)
	for _, it := range items {
		if dl, ok := it.Ctx.Deadline(); ok && dl.Before(d) {
			d = dl
		}
	}
	return d
}

// enqueueBatch runs the enqueue script of every item in one pipeline. A
// script missing from Redis's cache (it restarted) is loaded by running
// that item again on its own.
func (q *Queue) enqueueBatch(items []*enqueueItem) {
	ctx, cancel := context.WithDeadline(context.Background(), batchDeadline(items))
	defer cancel()
	cmds := make([]*redis.Cmd, len(items))
	_, _ = q.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, it := range items {
			keys, args := q.enqueueArgs(it.Req)
			cmds[i] = enqueueScript.EvalSha(ctx, p, keys, args...)
		}
		return nil
	})
	for i, it := range items {
		n, err := cmds[i].Int()
		if err != nil && redis.HasErrorPrefix(err, "NOSCRIPT") {
			keys, args := q.enqueueArgs(it.Req)
			n, err = enqueueScript.Run(ctx, q.rdb, keys, args...).Int()
		}
		if err != nil {
			it.Err = fmt.Errorf("redisqueue: enqueue job %s: %w", it.Req.job.ID, unavailable(err))
			continue
		}
		it.Result = n == 1
	}
}
