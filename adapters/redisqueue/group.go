package redisqueue

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// EnsureGroup creates the consumer group, and the stream with it, unless
// it exists. Run calls it on start and Lease whenever Redis answers
// NOGROUP; call it yourself to fail fast at start-up.
//
// The group starts at the beginning of the stream ("0"), not at its end:
// the stream holds only unfinished jobs (Ack deletes entries), so a group
// recreated after Redis lost it delivers every job still queued.
func (q *Queue) EnsureGroup(ctx context.Context) error {
	q.groupMu.Lock()
	defer q.groupMu.Unlock()
	return q.ensureGroupLocked(ctx)
}

func (q *Queue) ensureGroupLocked(ctx context.Context) error {
	err := q.rdb.XGroupCreateMkStream(ctx, q.keys.stream, q.opts.Group, "0").Err()
	switch {
	case err == nil:
		q.log.Info("redisqueue: created the consumer group", "stream", q.keys.stream, "group", q.opts.Group)
	case strings.HasPrefix(err.Error(), "BUSYGROUP"): // another hub was first
	default:
		return fmt.Errorf("redisqueue: create consumer group %s on %s: %w", q.opts.Group, q.keys.stream, err)
	}
	q.groupSeen.Store(true)
	q.groupEnsuredAt = time.Now()
	return nil
}

// withGroup runs fn, and once more after recreating the group when Redis
// reports that the group (or the stream) does not exist: the first start
// on an empty Redis, or a Redis that lost its data.
func (q *Queue) withGroup(ctx context.Context, fn func() error) error {
	sent := time.Now()
	err := fn()
	if !isNoGroup(err) {
		if err == nil && !q.groupSeen.Load() {
			q.groupSeen.Store(true)
		}
		return err
	}
	if err := q.recreateGroup(ctx, sent); err != nil {
		return err
	}
	return fn()
}

// recreateGroup creates the group that a call sent at sent found missing,
// unless the group was made sure of since (the answer is then stale: every
// worker of a hub finds the group missing at once).
//
// A group this process has seen before can only disappear with the data
// around it: Redis restarted without persistence, or the keys were flushed
// or evicted. The jobs queued then are gone, and nothing else would tell
// the operator, so the first call to notice logs one error saying so.
func (q *Queue) recreateGroup(ctx context.Context, sent time.Time) error {
	q.groupMu.Lock()
	defer q.groupMu.Unlock()
	if sent.Before(q.groupEnsuredAt) {
		return nil
	}
	if q.groupSeen.Swap(false) {
		q.reportLostData(ctx)
	}
	return q.ensureGroupLocked(ctx)
}

// LostDataMessage is the error Queue logs, once, when the consumer group it
// had seen is gone: Redis lost the queue's data.
const LostDataMessage = "redisqueue: Redis lost the queue's data (its consumer group is gone): " +
	"the jobs that were queued or waiting to retry are lost, and their conversations get no triage; " +
	"new webhooks are queued and processed again. Run Redis with persistence (appendonly yes) and " +
	"maxmemory-policy noeviction, so that a restart keeps the queue"

// reportLostData logs LostDataMessage with what Redis says of itself: when
// it started (jobs accepted before then and not yet done are the lost ones)
// and whether it keeps an AOF.
func (q *Queue) reportLostData(ctx context.Context) {
	attrs := []any{"stream", q.keys.stream, "group", q.opts.Group}
	ictx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	defer cancel()
	if info, err := q.rdb.Info(ictx).Result(); err == nil {
		var uptime int64
		if _, err := fmt.Sscan(infoField(info, "uptime_in_seconds"), &uptime); err == nil {
			attrs = append(attrs, "redis_started", time.Now().Add(-time.Duration(uptime)*time.Second).UTC().Format(time.RFC3339))
		}
		switch infoField(info, "aof_enabled") {
		case "0":
			attrs = append(attrs, "redis_appendonly", "no")
		case "1":
			attrs = append(attrs, "redis_appendonly", "yes")
		}
	}
	q.log.Error(LostDataMessage, attrs...)
}

// infoField returns the value of name in the reply of INFO, or "".
func infoField(info, name string) string {
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), name+":"); ok {
			return v
		}
	}
	return ""
}

// isNoGroup reports Redis's NOGROUP error, also when a script raised it.
func isNoGroup(err error) bool {
	return err != nil && strings.Contains(err.Error(), "NOGROUP")
}
