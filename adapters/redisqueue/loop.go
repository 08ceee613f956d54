package redisqueue

import (
	"context"
	"fmt"
	"time"
)

// Run creates the consumer group if needed, then moves due retries back to
// the stream every PromoteEvery until ctx ends, when it returns nil. Every
// hub runs it: the promote script is atomic, so hubs never move a job
// twice. While Redis is down Run logs the failure once and keeps trying.
func (q *Queue) Run(ctx context.Context) error {
	if err := q.EnsureGroup(ctx); err != nil && ctx.Err() == nil {
		// Lease recreates the group on NOGROUP; nothing is lost by going on.
		q.log.Warn("redisqueue: could not create the consumer group yet", "err", err)
	}
	tick := time.NewTicker(q.opts.PromoteEvery)
	defer tick.Stop()
	failing := false
	forgotAt := time.Now()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		n, err := q.Promote(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil && !failing:
			q.log.Error("redisqueue: cannot move due retries to the stream; retrying every tick", "err", err)
			failing = true
		case err == nil && failing:
			q.log.Info("redisqueue: moving due retries again")
			failing = false
		}
		if n > 0 {
			q.log.Debug("redisqueue: moved due retries to the stream", "jobs", n)
		}
		if err == nil && time.Since(forgotAt) >= min(q.opts.ForgetConsumersAfter, 10*time.Minute) {
			forgotAt = time.Now()
			if n, err := q.ForgetIdleConsumers(ctx); err != nil && ctx.Err() == nil {
				q.log.Warn("redisqueue: could not delete idle consumers", "err", err)
			} else if n > 0 {
				q.log.Info("redisqueue: deleted idle consumers that held no job", "consumers", n)
			}
		}
	}
}

// ForgetIdleConsumers deletes the group's consumers that hold no job and
// have not read for ForgetConsumersAfter, and returns how many. Run calls
// it every ten minutes at most.
func (q *Queue) ForgetIdleConsumers(ctx context.Context) (int, error) {
	var n int
	err := q.withGroup(ctx, func() (err error) {
		n, err = forgetScript.Run(ctx, q.rdb, []string{q.keys.stream},
			q.opts.Group, q.opts.ForgetConsumersAfter.Milliseconds()).Int()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("redisqueue: delete idle consumers: %w", err)
	}
	return n, nil
}

// Start runs Run in a goroutine until Close. It returns at once, so it
// suits a lifecycle hook; starting twice is a no-op.
func (q *Queue) Start() { q.loop.Start(q.Run) }

// Close stops the loop Start started and waits for it. It does not close
// the Redis client, which belongs to the caller.
func (q *Queue) Close() error {
	q.loop.Stop()
	return nil
}
