package redisqueue_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigsentry/hub/adapters/queuetest"
	"github.com/sigsentry/hub/adapters/redisqueue"
	"github.com/sigsentry/hub/core/pipeline"
)

const defaultURL = "redis://127.0.0.1:6379/0"

// redisURL is the test Redis: SIGSENTRY_TEST_REDIS_URL or a local server.
func redisURL() string {
	if u := os.Getenv("SIGSENTRY_TEST_REDIS_URL"); u != "" {
		return u
	}
	return defaultURL
}

// TestMain fails the package at once, with the command that starts a
// local Redis, when the test server is unreachable.
func TestMain(m *testing.M) {
	if err := ping(redisURL()); err != nil {
		fmt.Fprintf(os.Stderr, "Redis is not reachable at %s (%v).\n"+
			"Start one with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save \"\" --appendonly no\n"+
			"or point SIGSENTRY_TEST_REDIS_URL at a server.\n", redisURL(), err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func ping(url string) error {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return err
	}
	c := redis.NewClient(opts)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return c.Ping(ctx).Err()
}

// newClient connects to the test Redis; the client closes with the test.
func newClient(t testing.TB) *redis.Client {
	t.Helper()
	opts, err := redis.ParseURL(redisURL())
	if err != nil {
		t.Fatalf("SIGSENTRY_TEST_REDIS_URL: %v", err)
	}
	c := redis.NewClient(opts)
	t.Cleanup(func() { c.Close() })
	return c
}

// freshPrefix returns a key prefix no other test uses, and deletes every
// key under it when the test ends.
func freshPrefix(t testing.TB) string {
	t.Helper()
	var b [6]byte
	rand.Read(b[:])
	prefix := "sigsentry-test:" + hex.EncodeToString(b[:]) + ":"
	t.Cleanup(func() {
		c := newClient(t)
		ctx := context.Background()
		iter := c.Scan(ctx, 0, prefix+"*", 500).Iterator()
		for iter.Next(ctx) {
			c.Del(ctx, iter.Val())
		}
		if err := iter.Err(); err != nil {
			t.Errorf("clean up %s*: %v", prefix, err)
		}
	})
	return prefix
}

// suiteOptions are the settings queuetest expects.
func suiteOptions(prefix string) redisqueue.Options {
	return redisqueue.Options{
		Prefix:       prefix,
		LeaseTime:    queuetest.LeaseTime,
		MaxAttempts:  queuetest.MaxAttempts,
		PromoteEvery: 50 * time.Millisecond,
	}
}

// openQueue starts a queue with its own client and loop over prefix.
func openQueue(t testing.TB, opts redisqueue.Options) *redisqueue.Queue {
	t.Helper()
	q, err := redisqueue.New(newClient(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	q.Start()
	t.Cleanup(func() { q.Close() })
	return q
}

func TestQueueSuite(t *testing.T) {
	queuetest.Run(t, func(t *testing.T) queuetest.Open {
		prefix := freshPrefix(t)
		return func(t *testing.T) pipeline.Queue { return openQueue(t, suiteOptions(prefix)) }
	})
}

func TestEffectsSuite(t *testing.T) {
	queuetest.RunEffects(t, func(t *testing.T) pipeline.Effects {
		return openQueue(t, suiteOptions(freshPrefix(t)))
	})
}

// A Redis that restarted without its data has lost the consumer group;
// the next Lease recreates it and delivers what was queued since.
func TestLostGroupIsRecreated(t *testing.T) {
	ctx := t.Context()
	prefix := freshPrefix(t)
	q := openQueue(t, suiteOptions(prefix))
	job := pipeline.Job{Kind: pipeline.KindEvent, Payload: []byte("{}")}
	if _, err := q.EnqueueOnce(ctx, "k1", time.Hour, job); err != nil {
		t.Fatal(err)
	}
	if l, err := q.Lease(ctx, "w1", 5*time.Second); err != nil || l == nil {
		t.Fatalf("lease before the loss: %v, %v", l, err)
	}
	// What a restart without persistence leaves: no stream, no group.
	if err := newClient(t).Del(ctx, prefix+"{jobs}:stream").Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := q.EnqueueOnce(ctx, "k2", time.Hour, job); err != nil {
		t.Fatal(err)
	}
	l, err := q.Lease(ctx, "w1", 5*time.Second)
	if err != nil || l == nil {
		t.Fatalf("lease after the group was lost: %v, %v", l, err)
	}
	if err := q.Ack(ctx, l); err != nil {
		t.Fatal(err)
	}
}

// Consumers that hold nothing and stopped reading are deleted; one that
// holds a job is kept, whatever its idle time.
func TestIdleConsumersAreForgotten(t *testing.T) {
	ctx := t.Context()
	opts := suiteOptions(freshPrefix(t))
	opts.ForgetConsumersAfter = 50 * time.Millisecond
	q := openQueue(t, opts)
	job := pipeline.Job{Kind: pipeline.KindEvent, Payload: []byte("{}")}
	for _, k := range []string{"k1", "k2"} {
		if _, err := q.EnqueueOnce(ctx, k, time.Hour, job); err != nil {
			t.Fatal(err)
		}
	}
	done, err := q.Lease(ctx, "gone-after-ack", time.Second)
	if err != nil || done == nil {
		t.Fatalf("lease: %v %v", done, err)
	}
	if err := q.Ack(ctx, done); err != nil {
		t.Fatal(err)
	}
	if l, err := q.Lease(ctx, "holds-a-job", time.Second); err != nil || l == nil {
		t.Fatalf("lease: %v %v", l, err)
	}
	// Run's loop forgets every ForgetConsumersAfter here; call it too, so
	// that the test does not depend on the loop's timing.
	stream, admin := opts.Prefix+"{jobs}:stream", newClient(t)
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, err := q.ForgetIdleConsumers(ctx); err != nil {
			t.Fatal(err)
		}
		consumers, err := admin.XInfoConsumers(ctx, stream, redisqueue.DefaultGroup).Result()
		if err != nil {
			t.Fatal(err)
		}
		names := make([]string, len(consumers))
		for i, c := range consumers {
			names[i] = c.Name
		}
		if len(names) == 1 && names[0] == "holds-a-job" {
			return
		}
		if len(names) == 0 || time.Now().After(deadline) {
			t.Fatalf("consumers left: %v, want only holds-a-job", names)
		}
		time.Sleep(20 * time.Millisecond) // until the idle time passes
	}
}
