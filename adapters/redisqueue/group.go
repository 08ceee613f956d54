package redisqueue

import (
	"context"
	"fmt"
	"strings"
)

// EnsureGroup creates the consumer group, and the stream with it, unless
// it exists. Run calls it on start and Lease whenever Redis answers
// NOGROUP; call it yourself to fail fast at start-up.
//
// The group starts at the beginning of the stream ("0"), not at its end:
// the stream holds only unfinished jobs (Ack deletes entries), so a group
// recreated after Redis lost it delivers every job still queued.
func (q *Queue) EnsureGroup(ctx context.Context) error {
	err := q.rdb.XGroupCreateMkStream(ctx, q.keys.stream, q.opts.Group, "0").Err()
	switch {
	case err == nil:
		q.log.Info("redisqueue: created the consumer group", "stream", q.keys.stream, "group", q.opts.Group)
		return nil
	case strings.HasPrefix(err.Error(), "BUSYGROUP"): // another hub was first
		return nil
	}
	return fmt.Errorf("redisqueue: create consumer group %s on %s: %w", q.opts.Group, q.keys.stream, err)
}

// withGroup runs fn, and once more after recreating the group when Redis
// reports that the group (or the stream) does not exist: the first start
// on an empty Redis, or a Redis that restarted without its data.
func (q *Queue) withGroup(ctx context.Context, fn func() error) error {
	err := fn()
	if !isNoGroup(err) {
		return err
	}
	q.log.Warn("redisqueue: the consumer group is missing; recreating it (was Redis restarted without persistence?)",
		"stream", q.keys.stream, "group", q.opts.Group)
	if err := q.EnsureGroup(ctx); err != nil {
		return err
	}
	return fn()
}

// isNoGroup reports Redis's NOGROUP error, also when a script raised it.
func isNoGroup(err error) bool {
	return err != nil && strings.Contains(err.Error(), "NOGROUP")
}
