package sqlqueue

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
// The marker and the job are written in one transaction: when it returns
// nil both are committed, and a duplicate is never queued. Concurrent
// calls share a transaction (see newBatcher). An expired
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
	queued, err := q.batch.Do(ctx, enqueueReq{key: dedupeKey, ttl: ttl, job: job})
	if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return false, fmt.Errorf("sqlqueue: enqueue job %s: %w", job.ID, err)
	}
	return queued, err
}
