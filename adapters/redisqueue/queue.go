package redisqueue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigsentry/hub/adapters/internal/background"
	"github.com/sigsentry/hub/adapters/internal/groupcommit"
	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/pipeline"
)

// Options configure a Queue. Zero values take the defaults.
type Options struct {
	// Prefix starts every key, so that several hubs (or tests) can share
	// one Redis database. Default "sigsentry:".
	Prefix string
	// Stream names the job stream; it is also the hash tag that keeps the
	// queue's keys in one Redis Cluster slot. Default "jobs".
	Stream string
	// Group is the consumer group every worker of every hub joins.
	// Default "workers".
	Group string
	// LeaseTime is how long a leased job may stay unacknowledged before
	// another worker takes it over (its worker is presumed dead). A job
	// must finish within it. Default 60 s.
	LeaseTime time.Duration
	// MaxAttempts is how many deliveries a job gets before it is
	// dead-lettered, counting deliveries whose lease ran out. Default 8.
	MaxAttempts int
	// PromoteEvery is how often Run moves due retries back to the stream:
	// the lateness of a retry is at most this. Default 1 s.
	PromoteEvery time.Duration
	// ForgetConsumersAfter is how long a consumer that holds no job may go
	// without reading before Run deletes it from the group. Consumer names
	// often carry a process id, so every restart adds one; XAUTOCLAIM has
	// already moved a dead consumer's jobs to live ones. Default 1 h.
	ForgetConsumersAfter time.Duration
	// EffectTTL is how long a recorded effect is kept; it must outlast
	// every retry of the job that recorded it. Default 30 days.
	EffectTTL time.Duration
	// Logger receives the background loop's errors. Default: discarded.
	Logger *slog.Logger
}

// Defaults for the zero Options.
const (
	DefaultPrefix       = "sigsentry:"
	DefaultStream       = "jobs"
	DefaultGroup        = "workers"
	DefaultLeaseTime    = 60 * time.Second
	DefaultMaxAttempts  = 8
	DefaultPromoteEvery = time.Second
	DefaultEffectTTL    = 30 * 24 * time.Hour

	DefaultForgetConsumersAfter = time.Hour
)

// ErrLeaseLost is returned (wrapped) by Ack, Retry and Bury when the lease
// is no longer the current delivery of its job: the lease ran out and
// another worker took the job, or the job was already finished. The worker
// must drop the job. It is a conflict in the core's terms.
var ErrLeaseLost = &core.Error{Code: core.ErrConflict,
	Message: "lease lost: the job was finished already or its lease ran out and another worker holds it"}

// Queue is pipeline.Queue and pipeline.Effects on Redis.
type Queue struct {
	rdb  redis.UniversalClient
	opts Options
	log  *slog.Logger
	keys keys

	// claimMu guards the XAUTOCLAIM cursor and when it last ran, so that
	// one instance scans the pending entries list round-robin instead of
	// re-reading its head on every Lease.
	claimMu     sync.Mutex
	claimCursor string
	claimedAt   time.Time

	// groupMu serialises creating the consumer group; groupEnsuredAt is
	// when it last made sure the group exists. groupSeen says that this
	// process has seen the group, so that its disappearance means Redis
	// lost the queue's data (see withGroup).
	groupMu        sync.Mutex
	groupEnsuredAt time.Time
	groupSeen      atomic.Bool

	loop background.Loop
	// batch sends concurrent enqueues in one round trip.
	batch *groupcommit.Batcher[enqueueReq, bool]
}

var (
	_ pipeline.Queue   = (*Queue)(nil)
	_ pipeline.Effects = (*Queue)(nil)
)

// New returns a queue over client, which the caller keeps ownership of
// (Close does not close it). New performs no I/O: the consumer group is
// created by Run or by the first Lease. Start the background loop with Run
// or Start, or retried jobs are never delivered again.
func New(client redis.UniversalClient, opts Options) (*Queue, error) {
	if client == nil {
		return nil, errors.New("redisqueue: no Redis client")
	}
	if opts.LeaseTime < 0 || opts.MaxAttempts < 0 || opts.PromoteEvery < 0 || opts.EffectTTL < 0 ||
		opts.ForgetConsumersAfter < 0 {
		return nil, errors.New("redisqueue: negative LeaseTime, MaxAttempts, PromoteEvery, EffectTTL or ForgetConsumersAfter")
	}
	if opts.LeaseTime > 0 && opts.LeaseTime < 10*time.Millisecond {
		return nil, fmt.Errorf("redisqueue: LeaseTime %v is shorter than 10ms", opts.LeaseTime)
	}
	def := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	def(&opts.LeaseTime, DefaultLeaseTime)
	def(&opts.PromoteEvery, DefaultPromoteEvery)
	def(&opts.EffectTTL, DefaultEffectTTL)
	def(&opts.ForgetConsumersAfter, DefaultForgetConsumersAfter)
	if opts.MaxAttempts == 0 {
		opts.MaxAttempts = DefaultMaxAttempts
	}
	for _, s := range []struct {
		v *string
		d string
	}{{&opts.Prefix, DefaultPrefix}, {&opts.Stream, DefaultStream}, {&opts.Group, DefaultGroup}} {
		if *s.v == "" {
			*s.v = s.d
		}
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	q := &Queue{rdb: client, opts: opts, log: log, keys: newKeys(opts), claimCursor: "0-0"}
	q.batch = q.newBatcher()
	return q, nil
}

// Ping reports whether Redis answers; while it does not, the error is
// unavailable in the core's terms and says so in words /readyz may show.
func (q *Queue) Ping(ctx context.Context) error {
	if err := q.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redisqueue: ping: %w", unavailable(err))
	}
	return nil
}

// keys are the queue's Redis keys. All but the effects carry the stream
// name in braces, the Redis Cluster hash tag, because scripts touch them
// together.
type keys struct {
	stream, delayed, deadIndex  string
	dedupe, delayedJob, deadJob string // prefixes of per-key names
	effects                     string
}

func newKeys(o Options) keys {
	base := o.Prefix + "{" + o.Stream + "}:"
	return keys{
		stream:     base + "stream",
		delayed:    base + "delayed",
		deadIndex:  base + "dead",
		dedupe:     base + "dedupe:",
		delayedJob: base + "delayed:",
		deadJob:    base + "dead:",
		effects:    o.Prefix + "effects:",
	}
}

// leaseTimeMS is the lease time in whole milliseconds, as XAUTOCLAIM takes it.
func (q *Queue) leaseTimeMS() int64 { return q.opts.LeaseTime.Milliseconds() }
