package redisqueue

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/pipeline"
)

// ListDead returns dead-lettered jobs, newest first. The cursor is the
// index member of the last job shown ("<µs of death>|<job id>"), so a page
// stays correct when jobs before it are revived meanwhile.
func (q *Queue) ListDead(ctx context.Context, page core.Page) ([]pipeline.DeadJob, string, error) {
	page = page.Normalize()
	start := "+"
	if page.After != "" {
		if !strings.Contains(page.After, "|") {
			return nil, "", core.Invalid("after", "is not a cursor this listing returned")
		}
		start = "(" + page.After
	}
	members, err := q.rdb.ZRangeArgs(ctx, redis.ZRangeArgs{Key: q.keys.deadIndex, Start: start, Stop: "-",
		ByLex: true, Rev: true, Count: int64(page.Limit + 1)}).Result()
	if err != nil {
		return nil, "", fmt.Errorf("redisqueue: list dead jobs: %w", unavailable(err))
	}
	next := ""
	if len(members) > page.Limit {
		members = members[:page.Limit]
		next = members[len(members)-1]
	}
	cmds, err := q.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, m := range members {
			_, id, _ := strings.Cut(m, "|")
			p.HGetAll(ctx, q.keys.deadJob+id)
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, "", fmt.Errorf("redisqueue: read dead jobs: %w", unavailable(err))
	}
	out := make([]pipeline.DeadJob, 0, len(cmds))
	for _, c := range cmds {
		f := c.(*redis.MapStringStringCmd).Val()
		if len(f) == 0 {
			continue // revived between the two reads
		}
		d, err := decodeDead(f)
		if err != nil {
			return nil, "", fmt.Errorf("redisqueue: %w", err)
		}
		out = append(out, d)
	}
	return out, next, nil
}

func decodeDead(f map[string]string) (pipeline.DeadJob, error) {
	job, err := decodeJob(f, 0)
	if err != nil {
		return pipeline.DeadJob{}, err
	}
	died, err := strconv.ParseInt(f["died"], 10, 64)
	if err != nil {
		return pipeline.DeadJob{}, fmt.Errorf("dead job %s: bad time of death %q", job.ID, f["died"])
	}
	return pipeline.DeadJob{Job: job, Reason: f["reason"], DiedAt: time.UnixMicro(died).UTC()}, nil
}

// Revive queues a dead job again with a fresh attempt count; its last error
// stays for people to read. It fails with a not-found error when no job of
// that id is dead.
func (q *Queue) Revive(ctx context.Context, jobID string) error {
	n, err := reviveScript.Run(ctx, q.rdb, []string{q.keys.deadIndex, q.keys.stream}, jobID, q.keys.deadJob).Int()
	if err != nil {
		return fmt.Errorf("redisqueue: revive job %s: %w", jobID, unavailable(err))
	}
	if n == 0 {
		return core.NotFound("dead job", jobID)
	}
	return nil
}
