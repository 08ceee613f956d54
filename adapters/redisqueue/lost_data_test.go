package redisqueue_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigsentry/hub/adapters/redisqueue"
	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/pipeline"
)

// logBuffer collects a queue's log lines as text.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines returns the lines that contain s.
func (b *logBuffer) lines(s string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, l := range strings.Split(b.buf.String(), "\n") {
		if strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return out
}

// A group the queue has seen that disappears means Redis lost the queue's
// data: every worker notices at once, and the queue logs one error that
// says what was lost and what to do, recreates the group and goes on. A
// group that was never there (the first start) is created without it.
func TestLostDataIsReportedOnce(t *testing.T) {
	ctx := t.Context()
	prefix := freshPrefix(t)
	logs := &logBuffer{}
	opts := suiteOptions(prefix)
	opts.Logger = slog.New(slog.NewTextHandler(logs, nil))
	// No Start: the first Lease finds no group, as on a first start.
	q, err := redisqueue.New(newClient(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	job := pipeline.Job{Kind: pipeline.KindEvent, Payload: []byte("{}")}
	if _, err := q.EnqueueOnce(ctx, "k1", time.Hour, job); err != nil {
		t.Fatal(err)
	}
	l, err := q.Lease(ctx, "w0", time.Second)
	if err != nil || l == nil {
		t.Fatalf("lease on a first start: %v, %v", l, err)
	}
	if err := q.Ack(ctx, l); err != nil {
		t.Fatal(err)
	}
	if got := logs.lines("level=ERROR"); len(got) != 0 {
		t.Fatalf("errors logged on a first start: %q", got)
	}

	// What a restart without persistence leaves: no stream, no group.
	if err := newClient(t).Del(ctx, prefix+"{jobs}:stream").Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := q.EnqueueOnce(ctx, "k2", time.Hour, job); err != nil {
		t.Fatal(err)
	}
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		leased int
		errs   []error
	)
	for w := range 8 {
		wg.Go(func() {
			l, err := q.Lease(ctx, fmt.Sprintf("w%d", w+1), 300*time.Millisecond)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
			}
			if l != nil {
				leased++
			}
		})
	}
	wg.Wait()
	if len(errs) != 0 || leased != 1 {
		t.Errorf("after the loss, 8 workers leased %d jobs (want the 1 queued since), errors %v", leased, errs)
	}
	lost := logs.lines("Redis lost the queue's data")
	if len(lost) != 1 || !strings.Contains(lost[0], "level=ERROR") || !strings.Contains(lost[0], "appendonly yes") ||
		!strings.Contains(lost[0], "redis_started=") {
		t.Errorf("want one ERROR line saying Redis lost the queue's data, when Redis started and advising appendonly yes; got %q", lost)
	}
}

// While Redis does not answer, enqueueing and pinging fail as unavailable
// (the HTTP API answers 503, a desk retries), in words that name no host;
// an error of Redis itself stays internal.
func TestRedisDownIsUnavailable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()                // nothing listens there now
	redis.SetLogger(quiet{}) // the client logs every failed dial
	down := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
	t.Cleanup(func() { down.Close() })
	q, err := redisqueue.New(down, redisqueue.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	job := pipeline.Job{Kind: pipeline.KindEvent, Payload: []byte("{}")}
	_, enqErr := q.EnqueueOnce(ctx, "k", time.Hour, job)
	pingErr := q.Ping(ctx)
	_, _, listErr := q.ListDead(ctx, core.Page{})
	reviveErr := q.Revive(ctx, "job_1")
	for name, err := range map[string]error{"EnqueueOnce": enqErr, "Ping": pingErr, "ListDead": listErr, "Revive": reviveErr} {
		if core.ErrorCode(err) != core.ErrUnavailable {
			t.Errorf("%s with Redis down: code %q (%v), want unavailable", name, core.ErrorCode(err), err)
		}
		if msg := core.ErrorMessage(err); msg != "Redis does not answer" {
			t.Errorf("%s with Redis down: message %q", name, msg)
		}
		if !strings.Contains(err.Error(), addr) {
			t.Errorf("%s: the logged error %q lost the client's error", name, err)
		}
	}

	// A stream key holding a string: Redis answers WRONGTYPE, a bug to
	// look into rather than a reason to retry.
	prefix := freshPrefix(t)
	c := newClient(t)
	if err := c.Set(ctx, prefix+"{jobs}:stream", "not a stream", time.Minute).Err(); err != nil {
		t.Fatal(err)
	}
	q, err = redisqueue.New(c, redisqueue.Options{Prefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	_, err = q.EnqueueOnce(ctx, "k", time.Hour, job)
	if err == nil || core.ErrorCode(err) != core.ErrInternal {
		t.Errorf("EnqueueOnce onto a string key: %v (code %q), want an internal error", err, core.ErrorCode(err))
	}
}
