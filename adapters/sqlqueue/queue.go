package sqlqueue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/sigsentry/hub/adapters/internal/background"
	"github.com/sigsentry/hub/adapters/internal/groupcommit"
	"github.com/sigsentry/hub/adapters/sqlmigrate"
	"github.com/sigsentry/hub/adapters/sqlstore"
	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/pipeline"
)

// Options configure a Queue. Zero values take the defaults.
type Options struct {
	// LeaseTime is how long a leased job may stay unfinished before it is
	// delivered to another worker (its worker is presumed dead). A job must
	// finish within it. Default 60 s.
	LeaseTime time.Duration
	// MaxAttempts is how many deliveries a job gets before it is
	// dead-lettered, counting deliveries whose lease ran out. Default 8.
	MaxAttempts int
	// PollEvery bounds how long a waiting Lease sleeps between looks at the
	// table. Jobs queued by this process wake it at once; this is the
	// latency for jobs queued by another process. Default 200 ms.
	PollEvery time.Duration
	// SweepEvery is how often Run deletes expired dedupe markers and old
	// effects. Default 1 min.
	SweepEvery time.Duration
	// EffectTTL is how long a recorded effect is kept; it must outlast
	// every retry of the job that recorded it. Default 30 days.
	EffectTTL time.Duration
	// Logger receives the background loop's errors and, once per fault
	// rather than once per refused write, a full or read-only disk.
	// Default: discarded.
	Logger *slog.Logger
}

// Defaults for the zero Options.
const (
	DefaultLeaseTime   = 60 * time.Second
	DefaultMaxAttempts = 8
	DefaultPollEvery   = 200 * time.Millisecond
	DefaultSweepEvery  = time.Minute
	DefaultEffectTTL   = 30 * 24 * time.Hour
)

// ErrLeaseLost is returned (wrapped) by Ack, Retry and Bury when the lease
// is no longer the current delivery of its job: the lease ran out and
// another worker took the job, or the job was already finished. The worker
// must drop the job. It is a conflict in the core's terms.
var ErrLeaseLost = &core.Error{Code: core.ErrConflict,
	Message: "lease lost: the job was finished already or its lease ran out and another worker holds it"}

// Queue is pipeline.Queue and pipeline.Effects in SQL tables.
type Queue struct {
	db   *sql.DB
	d    dialect
	opts Options
	log  *slog.Logger
	// queued wakes the Leases waiting in this process when a job becomes
	// due here, so that they need not poll for it.
	queued signal
	loop   background.Loop
	// batch groups concurrent enqueues into one transaction.
	batch *groupcommit.Batcher[enqueueReq, bool]
	// fault knows whether the disk refuses writes (full, read-only).
	fault *faultWatch
}

var (
	_ pipeline.Queue   = (*Queue)(nil)
	_ pipeline.Effects = (*Queue)(nil)
)

// New returns a queue over db, opened for d (sqlstore.SQLite or
// sqlstore.Postgres), which the caller keeps ownership of. A SQLite
// database should be the one sqlitestore opened (WAL, busy timeout). Call
// Migrate before the first use, and Run or Start for the sweeper.
func New(db *sql.DB, d sqlstore.Dialect, opts Options) (*Queue, error) {
	if db == nil {
		return nil, errors.New("sqlqueue: no database")
	}
	dl, ok := dialects[d.Name()]
	if !ok {
		return nil, fmt.Errorf("sqlqueue: unknown dialect %q; use sqlstore.SQLite or sqlstore.Postgres", d.Name())
	}
	if opts.LeaseTime < 0 || opts.MaxAttempts < 0 || opts.PollEvery < 0 || opts.SweepEvery < 0 || opts.EffectTTL < 0 {
		return nil, errors.New("sqlqueue: negative LeaseTime, MaxAttempts, PollEvery, SweepEvery or EffectTTL")
	}
	for _, o := range []struct {
		v *time.Duration
		d time.Duration
	}{
		{&opts.LeaseTime, DefaultLeaseTime}, {&opts.PollEvery, DefaultPollEvery},
		{&opts.SweepEvery, DefaultSweepEvery}, {&opts.EffectTTL, DefaultEffectTTL},
	} {
		if *o.v == 0 {
			*o.v = o.d
		}
	}
	if opts.MaxAttempts == 0 {
		opts.MaxAttempts = DefaultMaxAttempts
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	q := &Queue{db: db, d: dl, opts: opts, log: log,
		fault: &faultWatch{db: db, sqlite: dl.name == "sqlite", log: log}}
	q.batch = q.newBatcher()
	return q, nil
}

// Ping reports whether the database answers and, when its disk refused the
// last write or looks full or read-only, whether it takes a write: a hub
// that cannot queue a job is not ready, and the error says why.
func (q *Queue) Ping(ctx context.Context) error {
	if err := q.db.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlqueue: ping: %w", err)
	}
	if !q.fault.suspect(ctx) {
		return nil
	}
	if try, _ := q.fault.mayWrite(time.Now()); !try {
		if err := q.fault.err(); err != nil {
			return fmt.Errorf("sqlqueue: %w", err) // tried within the second: still refused
		}
		return nil
	}
	if _, err := q.db.ExecContext(ctx, q.d.q(`INSERT INTO queue_dedupe (key, expires_at) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at`), probeKey, time.Now().UnixMicro()); err != nil {
		return fmt.Errorf("sqlqueue: write probe: %w", q.fault.observe(ctx, err))
	}
	q.fault.ok(ctx)
	return nil
}

// dialect is what differs between the databases for the queue's queries.
type dialect struct {
	name     string
	numbered bool // $1, $2 … instead of ?
	// skipLocked ends the SELECT that picks the job to lease: PostgreSQL
	// workers skip the rows other workers are leasing instead of waiting.
	// SQLite serialises writers, so it needs none.
	skipLocked string
	// migrationLock runs first in each migration transaction.
	migrationLock string
}

var dialects = map[string]dialect{
	"sqlite": {name: "sqlite"},
	"postgres": {name: "postgres", numbered: true, skipLocked: " FOR UPDATE SKIP LOCKED",
		migrationLock: "SELECT pg_advisory_xact_lock(1936286580, hashtext(COALESCE(current_schema(), '')))"},
}

// q rewrites ? placeholders for dialects that number them. The queries of
// this package never contain a literal question mark.
func (d dialect) q(query string) string {
	if !d.numbered {
		return query
	}
	return sqlmigrate.Number(query)
}

// signal wakes every goroutine waiting on it at once.
type signal struct {
	mu sync.Mutex
	ch chan struct{}
}

// wait returns a channel closed by the next broadcast. Take it before
// looking at the table, so that a job queued in between is not missed.
func (s *signal) wait() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ch == nil {
		s.ch = make(chan struct{})
	}
	return s.ch
}

func (s *signal) broadcast() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ch != nil {
		close(s.ch)
		s.ch = nil
	}
}
