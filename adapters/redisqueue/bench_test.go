package redisqueue_test

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/sigsentry/hub/adapters/redisqueue"
	"github.com/sigsentry/hub/core/pipeline"
)

func benchQueue(b *testing.B, poolSize int) *redisqueue.Queue {
	b.Helper()
	opts, err := redis.ParseURL(redisURL())
	if err != nil {
		b.Fatal(err)
	}
	opts.PoolSize = poolSize
	c := redis.NewClient(opts)
	b.Cleanup(func() { c.Close() })
	q, err := redisqueue.New(c, redisqueue.Options{Prefix: freshPrefix(b)})
	if err != nil {
		b.Fatal(err)
	}
	return q
}

var benchJob = pipeline.Job{Kind: pipeline.KindEvent, Payload: make([]byte, 512)}

// EnqueueOnce (SET NX + XADD in one script) from one goroutine.
func BenchmarkEnqueueOnce(b *testing.B) {
	q := benchQueue(b, 10)
	ctx := b.Context()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := q.EnqueueOnce(ctx, fmt.Sprint("k", i), time.Hour, benchJob); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "jobs/s")
}

// EnqueueOnce from 50 goroutines (RunParallel starts parallelism ×
// GOMAXPROCS), over a pool of 50 connections.
func BenchmarkEnqueueOnceParallel50(b *testing.B) {
	q := benchQueue(b, 50)
	ctx := b.Context()
	var n atomic.Int64
	procs := runtime.GOMAXPROCS(0)
	b.SetParallelism((50 + procs - 1) / procs)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := q.EnqueueOnce(ctx, fmt.Sprint("k", n.Add(1)), time.Hour, benchJob); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "jobs/s")
}

// Lease + Ack of jobs queued beforehand, from one worker.
func BenchmarkLeaseAck(b *testing.B) {
	q := benchQueue(b, 10)
	ctx := b.Context()
	for i := range b.N {
		if _, err := q.EnqueueOnce(ctx, fmt.Sprint("k", i), time.Hour, benchJob); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for range b.N {
		l, err := q.Lease(ctx, "bench", time.Second)
		if err != nil || l == nil {
			b.Fatalf("lease: %v, %v", l, err)
		}
		if err := q.Ack(ctx, l); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "jobs/s")
}
