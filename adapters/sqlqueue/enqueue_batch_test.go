package sqlqueue_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/sigsentry/hub/adapters/sqlstore"
	"github.com/sigsentry/hub/core/pipeline"
)

// TestBatchedEnqueuesFailAlone: enqueues that share a transaction must not
// share a failure. Among 60 concurrent enqueues, those reusing one job id
// (a primary-key violation) fail, every other one is queued, and a
// delivery given twice in the same burst is queued once.
func TestBatchedEnqueuesFailAlone(t *testing.T) {
	db := openSQLite(t, filepath.Join(t.TempDir(), "hub.db"))
	q := newQueue(t, db, sqlstore.SQLite, suiteOptions)
	ctx := t.Context()

	const n = 60
	type result struct {
		queued bool
		err    error
	}
	results := make([]result, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			job := pipeline.Job{Kind: pipeline.KindEvent, Payload: []byte("{}"), ID: fmt.Sprintf("job-%d", i)}
			key := fmt.Sprintf("delivery-%d", i)
			switch {
			case i%10 == 1: // the same job id as i-1: refused by the primary key
				job.ID = fmt.Sprintf("job-%d", i-1)
			case i%10 == 3: // the same delivery as i-1
				key = fmt.Sprintf("delivery-%d", i-1)
			}
			queued, err := q.EnqueueOnce(ctx, key, time.Hour, job)
			results[i] = result{queued, err}
		})
	}
	wg.Wait()

	var queued, failed, dups int
	for i, r := range results {
		switch {
		case r.err != nil:
			failed++
			if i%10 != 1 && i%10 != 0 {
				t.Errorf("enqueue %d failed though nothing was wrong with it: %v", i, r.err)
			}
		case r.queued:
			queued++
		default:
			dups++
		}
	}
	// In each ten, the pair (0,1) has one winner and one loser of the
	// primary key, and the pair (2,3) one winner of the dedupe marker.
	if failed != n/10 || dups != n/10 || queued != n-2*n/10 {
		t.Errorf("queued %d, duplicates %d, failed %d; want %d, %d, %d", queued, dups, failed, n-2*n/10, n/10, n/10)
	}
	var rows int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM queue_jobs`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != queued {
		t.Errorf("%d jobs in the table, %d reported queued", rows, queued)
	}
}

// TestCancelledEnqueueWritesNothing: a caller that gave up before its
// batch ran leaves nothing behind, so its retry is queued. (One that gives
// up later may have been committed; the retry is then a duplicate.)
func TestCancelledEnqueueWritesNothing(t *testing.T) {
	db := openSQLite(t, filepath.Join(t.TempDir(), "hub.db"))
	q := newQueue(t, db, sqlstore.SQLite, suiteOptions)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := q.EnqueueOnce(ctx, "gone", time.Hour, pipeline.Job{Kind: pipeline.KindEvent}); err == nil {
		t.Fatal("enqueue with a cancelled context succeeded")
	}
	queued, err := q.EnqueueOnce(t.Context(), "gone", time.Hour, pipeline.Job{Kind: pipeline.KindEvent})
	if err != nil || !queued {
		t.Fatalf("the retry of a cancelled enqueue = %v, %v; want queued (nothing was written before)", queued, err)
	}
}
