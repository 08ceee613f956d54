package sqlqueue_test

import (
	"fmt"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sigsentry/hub/adapters/sqlqueue"
	"github.com/sigsentry/hub/adapters/sqlstore"
	"github.com/sigsentry/hub/core/pipeline"
)

func benchQueue(b *testing.B) *sqlqueue.Queue {
	b.Helper()
	return newQueue(b, openSQLite(b, filepath.Join(b.TempDir(), "hub.db")), sqlstore.SQLite, sqlqueue.Options{})
}

var benchJob = pipeline.Job{Kind: pipeline.KindEvent, Payload: make([]byte, 512)}

// EnqueueOnce (marker + job in one transaction, WAL, synchronous=NORMAL)
// from one goroutine.
func BenchmarkSQLiteEnqueueOnce(b *testing.B) {
	q := benchQueue(b)
	ctx := b.Context()
	for i := 0; b.Loop(); i++ {
		if _, err := q.EnqueueOnce(ctx, fmt.Sprint("k", i), time.Hour, benchJob); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "jobs/s")
}

// EnqueueOnce from 50 goroutines; SQLite serialises the writers.
func BenchmarkSQLiteEnqueueOnceParallel50(b *testing.B) {
	q := benchQueue(b)
	ctx := b.Context()
	var n atomic.Int64
	procs := runtime.GOMAXPROCS(0)
	b.SetParallelism((50 + procs - 1) / procs)
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
func BenchmarkSQLiteLeaseAck(b *testing.B) {
	q := benchQueue(b)
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
