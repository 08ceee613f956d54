package pipeline

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"
)

// JobHandler runs one job.
type JobHandler interface {
	Handle(ctx context.Context, job Job) error
}

// WorkerOptions tune the worker pool.
type WorkerOptions struct {
	// Concurrency is how many jobs run at once (default 4).
	Concurrency int
	// Consumer names this process in the queue (host name and pid).
	Consumer string
	// JobTimeout bounds one job (default 2 minutes: an analysis over a large
	// window is the longest).
	JobTimeout time.Duration
}

// Workers lease jobs and run them until stopped.
type Workers struct {
	queue     Queue
	handler   JobHandler
	reinstall Reinstaller
	bindingOf func(Job) string
	opts      WorkerOptions
	log       *slog.Logger
	now       func() time.Time
	metrics   WorkerMetrics
	wg        sync.WaitGroup
	cancel    context.CancelFunc
}

// WorkerMetrics counts outcomes; the wiring supplies Prometheus counters.
type WorkerMetrics interface {
	Outcome(kind, outcome string)
}

type noMetrics struct{}

func (noMetrics) Outcome(string, string) {}

// NewWorkers returns a pool; Start runs it.
func NewWorkers(q Queue, h JobHandler, r Reinstaller, opts WorkerOptions, m WorkerMetrics, log *slog.Logger) *Workers {
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.JobTimeout <= 0 {
		opts.JobTimeout = 2 * time.Minute
	}
	if m == nil {
		m = noMetrics{}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Workers{queue: q, handler: h, reinstall: r, bindingOf: bindingOfJob, opts: opts, log: log,
		metrics: m, now: func() time.Time { return time.Now().UTC() }}
}

// Start runs the pool in the background. The context passed here is only
// for start-up; Stop ends the pool.
func (w *Workers) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	for i := 0; i < w.opts.Concurrency; i++ {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			w.loop(ctx)
		}()
	}
}

// Stop asks the pool to finish its current jobs and waits up to ctx's
// deadline. Jobs still running then are abandoned to their lease: another
// worker (or this hub after a restart) delivers them again.
func (w *Workers) Stop(ctx context.Context) error {
	if w.cancel == nil {
		return nil
	}
	w.cancel()
	done := make(chan struct{})
	go func() { w.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (w *Workers) loop(ctx context.Context) {
	for ctx.Err() == nil {
		lease, err := w.queue.Lease(ctx, w.opts.Consumer, time.Second)
		if err != nil {
			if ctx.Err() == nil {
				w.log.Warn("queue unavailable; retrying", "error", err)
				sleep(ctx, time.Second+rand.N(time.Second))
			}
			continue
		}
		if lease == nil {
			continue
		}
		w.run(lease)
	}
}

// maxSettleTime bounds telling the queue a job's fate.
const maxSettleTime = 10 * time.Second

// run executes one job. It does not inherit the pool's cancellation: a job
// that started finishes (within its timeout) even while the hub stops.
func (w *Workers) run(l *Lease) {
	ctx, cancel := context.WithTimeout(context.Background(), w.opts.JobTimeout)
	defer cancel()
	err := w.handler.Handle(ctx, l.Job)
	// A job that used up its time still gets its retry now, not when its
	// lease runs out: settling has time of its own, within what is left
	// of the lease (the job timeout is at most two thirds of it).
	sctx, scancel := context.WithTimeout(context.Background(), min(maxSettleTime, w.opts.JobTimeout/2))
	defer scancel()
	outcome := w.settle(sctx, l, err)
	w.metrics.Outcome(l.Job.Kind, outcome)
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
