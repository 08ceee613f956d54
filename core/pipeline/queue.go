package pipeline

import (
	"context"
	"time"

	"github.com/sigsentry/hub/core"
)

// Job kinds.
const (
	KindEvent    = "event"    // a normalised desk event to triage
	KindAnalysis = "analysis" // an analysis to run and post
)

// Job is one unit of durable work.
type Job struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	// Payload is the job's input, JSON encoded by the use case that queued it.
	Payload []byte `json:"payload"`
	// Attempt counts deliveries of this job so far (1 on the first lease).
	Attempt    int       `json:"attempt"`
	EnqueuedAt time.Time `json:"enqueued_at"`
	// LastError is the error of the previous attempt, for people.
	LastError string `json:"last_error,omitempty"`
}

// Lease is a job handed to one worker. Until it is acked, retried or its
// lease runs out, no other worker receives the job.
type Lease struct {
	Job   Job
	Token string // identifies this delivery to the queue
}

// DeadJob is a job that failed too often and waits for a person.
type DeadJob struct {
	Job    Job       `json:"job"`
	Reason string    `json:"reason"`
	DiedAt time.Time `json:"died_at"`
}

// Queue is durable at-least-once job delivery with de-duplication.
//
// Every implementation passes the shared suite in adapters/queuetest.
type Queue interface {
	// EnqueueOnce queues job unless dedupeKey was seen in the last ttl. The
	// marker and the job are stored atomically: when it returns nil the job
	// survives a crash, and a duplicate delivery is never queued twice.
	// It reports whether the job was queued (false: duplicate).
	EnqueueOnce(ctx context.Context, dedupeKey string, ttl time.Duration, job Job) (bool, error)
	// Lease waits up to wait for a job and leases it for the queue's lease
	// time. It returns nil, nil when no job came. A job whose lease ran out
	// (its worker died) is delivered again.
	Lease(ctx context.Context, consumer string, wait time.Duration) (*Lease, error)
	// Ack removes a finished job.
	Ack(ctx context.Context, l *Lease) error
	// Retry hands the job back to be delivered again at or after at, or
	// dead-letters it when it has had the queue's maximum attempts.
	Retry(ctx context.Context, l *Lease, at time.Time, reason string) error
	// Bury dead-letters the job at once (a failure retrying cannot fix).
	Bury(ctx context.Context, l *Lease, reason string) error
	// ListDead returns dead-lettered jobs, newest first.
	ListDead(ctx context.Context, page core.Page) ([]DeadJob, string, error)
	// Revive queues a dead-lettered job again with a fresh attempt count.
	Revive(ctx context.Context, jobID string) error
	// Ping reports whether the queue can be reached.
	Ping(ctx context.Context) error
}

// Effects records the side effects of jobs on the desk, per job and stage,
// so that a retried job never posts twice even when the desk itself cannot
// de-duplicate.
type Effects interface {
	// EffectDone returns the recorded result of (key, stage) and whether it
	// was recorded.
	EffectDone(ctx context.Context, key, stage string) (string, bool, error)
	// RecordEffect records that (key, stage) happened with result (e.g. the
	// desk's message id). Recording twice keeps the first result.
	RecordEffect(ctx context.Context, key, stage, result string) error
}
