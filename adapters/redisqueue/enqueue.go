package redisqueue

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/pipeline"
)

// jobPrefix names the ids EnqueueOnce gives jobs that come without one.
const jobPrefix = "job"

// EnqueueOnce queues job unless dedupeKey was accepted within the last ttl.
// The marker and the stream entry are written by one script, so when it
// returns nil the job is in Redis (and in its AOF), and a duplicate is never
// queued. A job without an id gets one; a zero EnqueuedAt becomes now.
//
// When the reply is lost (Redis restarted mid-call) the client may send the
// script again; the second run then finds the marker and reports a
// duplicate, which is still true to the caller: the job is queued. While
// Redis is down or refuses writes the error is unavailable in the core's
// terms, so that the webhook is answered 503 and retried. Concurrent calls
// share a round trip (see newBatcher).
func (q *Queue) EnqueueOnce(ctx context.Context, dedupeKey string, ttl time.Duration, job pipeline.Job) (bool, error) {
	if err := checkEnqueue(dedupeKey, ttl, job); err != nil {
		return false, err
	}
	if job.ID == "" {
		job.ID = core.NewID(jobPrefix)
	}
	if job.EnqueuedAt.IsZero() {
		job.EnqueuedAt = time.Now()
	}
	queued, err := q.batch.Do(ctx, enqueueReq{dedupeKey: dedupeKey, ttl: ttl, job: job})
	if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return false, fmt.Errorf("redisqueue: enqueue job %s: %w", job.ID, err)
	}
	return queued, err
}

// checkEnqueue refuses arguments that would queue a job no worker can run
// or a marker that never expires.
func checkEnqueue(dedupeKey string, ttl time.Duration, job pipeline.Job) error {
	switch {
	case dedupeKey == "":
		return core.Invalid("dedupe_key", "is empty")
	case ttl <= 0:
		return core.Invalid("ttl", "must be positive, got %v", ttl)
	case job.Kind == "":
		return core.Invalid("kind", "is empty")
	}
	return nil
}
