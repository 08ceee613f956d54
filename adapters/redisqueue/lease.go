package redisqueue

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/pipeline"
)

// Lease hands consumer the next job: first an entry whose worker let its
// lease run out (XAUTOCLAIM), else a new one (XREADGROUP). It blocks in
// Redis for new entries in slices of claimEvery, looking for expired
// leases between slices, until wait has passed. consumer names the worker
// in the group; give each worker a stable, unique name.
//
// While Redis is unreachable Lease returns the client's error; it works
// again once the client has reconnected.
func (q *Queue) Lease(ctx context.Context, consumer string, wait time.Duration) (*pipeline.Lease, error) {
	if consumer == "" {
		return nil, core.Invalid("consumer", "is empty")
	}
	deadline := time.Now().Add(wait)
	for {
		l, err := q.claimExpired(ctx, consumer)
		if err != nil || l != nil {
			return l, err
		}
		left := time.Until(deadline)
		l, err = q.readNew(ctx, consumer, min(left, q.claimEvery()))
		if err != nil || l != nil {
			return l, err
		}
		if left <= q.claimEvery() {
			return nil, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("redisqueue: lease: %w", err)
		}
	}
}

// claimEvery bounds how long a lease whose worker died waits beyond the
// lease time before Lease notices it, and how long Lease blocks in Redis at
// a time (the client cannot interrupt a blocked read when ctx ends).
func (q *Queue) claimEvery() time.Duration {
	return max(min(q.opts.LeaseTime/4, time.Second), time.Millisecond)
}

// readNew reads one new entry, blocking up to block (not at all if block
// is not positive).
func (q *Queue) readNew(ctx context.Context, consumer string, block time.Duration) (*pipeline.Lease, error) {
	args := &redis.XReadGroupArgs{Group: q.opts.Group, Consumer: consumer,
		Streams: []string{q.keys.stream, ">"}, Count: 1, Block: -1}
	if block > 0 {
		args.Block = max(block, time.Millisecond)
	}
	var res []redis.XStream
	err := q.withGroup(ctx, func() (err error) {
		res, err = q.rdb.XReadGroup(ctx, args).Result()
		return err
	})
	if errors.Is(err, redis.Nil) || (err == nil && (len(res) == 0 || len(res[0].Messages) == 0)) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("redisqueue: read new jobs: %w", err)
	}
	msg := res[0].Messages[0]
	f := make(map[string]string, len(msg.Values))
	for k, v := range msg.Values {
		s, _ := v.(string)
		f[k] = s
	}
	// A new entry is on its first delivery: XREADGROUP ">" sets the
	// count to 1.
	return lease(msg.ID, 1, consumer, f)
}

// claimExpired takes over one entry whose lease ran out. It scans at most
// once per claimEvery and instance unless the previous scan found one,
// continuing from where the previous scan stopped.
func (q *Queue) claimExpired(ctx context.Context, consumer string) (*pipeline.Lease, error) {
	q.claimMu.Lock()
	if time.Since(q.claimedAt) < q.claimEvery() {
		q.claimMu.Unlock()
		return nil, nil
	}
	cursor := q.claimCursor
	q.claimedAt = time.Now()
	q.claimMu.Unlock()

	var res []any
	err := q.withGroup(ctx, func() (err error) {
		res, err = claimScript.Run(ctx, q.rdb, []string{q.keys.stream, q.keys.deadIndex},
			q.opts.Group, consumer, q.leaseTimeMS(), cursor, q.opts.MaxAttempts, paddedNow(),
			q.keys.deadJob).Slice()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("redisqueue: take over expired leases: %w", err)
	}
	if len(res) == 0 {
		return nil, errors.New("redisqueue: take over expired leases: empty reply from the claim script")
	}
	next, _ := res[0].(string)
	q.claimMu.Lock()
	q.claimCursor = next
	if len(res) == 4 {
		q.claimedAt = time.Time{} // more may be waiting
	}
	q.claimMu.Unlock()
	if len(res) != 4 {
		return nil, nil
	}
	entry, _ := res[1].(string)
	deliveries, _ := res[2].(int64)
	flat, _ := res[3].([]any)
	f, err := fieldMap(flat)
	if err != nil {
		return nil, fmt.Errorf("redisqueue: entry %s: %w", entry, err)
	}
	return lease(entry, deliveries, consumer, f)
}

func lease(entry string, deliveries int64, consumer string, f map[string]string) (*pipeline.Lease, error) {
	job, err := decodeJob(f, deliveries)
	if err != nil {
		return nil, fmt.Errorf("redisqueue: entry %s: %w", entry, err)
	}
	t := token{entry: entry, deliveries: deliveries, consumer: consumer}
	return &pipeline.Lease{Job: job, Token: t.String()}, nil
}

// Ack removes a finished job. It fails with ErrLeaseLost when l is not the
// job's current delivery.
func (q *Queue) Ack(ctx context.Context, l *pipeline.Lease) error {
	t, err := leaseToken(l)
	if err != nil {
		return err
	}
	n, err := ackScript.Run(ctx, q.rdb, []string{q.keys.stream},
		q.opts.Group, t.entry, t.deliveries, t.consumer).Int()
	if err != nil {
		return fmt.Errorf("redisqueue: ack job %s: %w", l.Job.ID, err)
	}
	if n == 0 {
		return fmt.Errorf("redisqueue: ack job %s: %w", l.Job.ID, ErrLeaseLost)
	}
	return nil
}

func leaseToken(l *pipeline.Lease) (token, error) {
	if l == nil {
		return token{}, core.Invalid("lease", "is nil")
	}
	t, ok := parseToken(l.Token)
	if !ok {
		return token{}, core.Invalid("lease", "token %q was not made by this queue", l.Token)
	}
	return t, nil
}

// paddedNow is the time now in microseconds, zero-padded so that it sorts
// as text: the dead-letter index orders members by it.
func paddedNow() string { return fmt.Sprintf("%016d", time.Now().UnixMicro()) }
