package redisqueue_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/sigsentry/hub/adapters/redisqueue"
	"github.com/sigsentry/hub/core/pipeline"
)

// TestBatchedEnqueuesAfterScriptFlush: concurrent enqueues share a
// pipeline of EVALSHA; after Redis forgot its scripts (a restart, SCRIPT
// FLUSH) every one of them still lands once, and a delivery given twice in
// the burst is queued once.
func TestBatchedEnqueuesAfterScriptFlush(t *testing.T) {
	c := newClient(t)
	q, err := redisqueue.New(c, redisqueue.Options{Prefix: freshPrefix(t)})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	job := pipeline.Job{Kind: pipeline.KindEvent, Payload: []byte("{}")}
	if _, err := q.EnqueueOnce(ctx, "warm", time.Hour, job); err != nil {
		t.Fatal(err)
	}
	if err := c.ScriptFlush(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	const n = 60
	results := make([]bool, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			key := fmt.Sprintf("delivery-%d", i/2*2) // pairs share a delivery
			queued, err := q.EnqueueOnce(ctx, key, time.Hour, job)
			if err != nil {
				t.Errorf("enqueue %d after SCRIPT FLUSH: %v", i, err)
			}
			results[i] = queued
		})
	}
	wg.Wait()
	queued := 0
	for i := 0; i < n; i += 2 {
		if results[i] == results[i+1] {
			t.Errorf("delivery-%d: queued %v and %v, want exactly one of the pair", i, results[i], results[i+1])
		}
		if results[i] || results[i+1] {
			queued++
		}
	}
	if queued != n/2 {
		t.Errorf("%d deliveries queued, want %d", queued, n/2)
	}
}
