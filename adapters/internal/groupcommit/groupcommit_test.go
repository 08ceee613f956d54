package groupcommit

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestConcurrentRequestsShareBatches: 200 concurrent requests are written
// in far fewer batches than requests, none larger than Max, each request
// once, and each caller gets its own result.
func TestConcurrentRequestsShareBatches(t *testing.T) {
	var batches, written atomic.Int32
	var mu sync.Mutex
	seen := map[int]int{}
	b := &Batcher[int, int]{Max: 16, Write: func(items []*Item[int, int]) {
		batches.Add(1)
		if len(items) > 16 {
			t.Errorf("batch of %d, Max is 16", len(items))
		}
		time.Sleep(2 * time.Millisecond) // a commit's time: others pile up
		mu.Lock()
		defer mu.Unlock()
		for _, it := range items {
			seen[it.Req]++
			it.Result = it.Req * 2
			written.Add(1)
		}
	}}
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Go(func() {
			got, err := b.Do(t.Context(), i)
			if err != nil || got != i*2 {
				t.Errorf("Do(%d) = %d, %v", i, got, err)
			}
		})
	}
	wg.Wait()
	if written.Load() != 200 || len(seen) != 200 {
		t.Errorf("%d written, %d distinct; want 200", written.Load(), len(seen))
	}
	if n := batches.Load(); n >= 100 {
		t.Errorf("%d batches for 200 concurrent requests: they were not grouped", n)
	}
	t.Logf("200 requests in %d batches", batches.Load())
}

// TestGoneCallerIsNotWritten: a request whose context ended before its
// batch ran is left out of the batch and answered with the context's error.
func TestGoneCallerIsNotWritten(t *testing.T) {
	var written atomic.Int32
	b := &Batcher[string, bool]{Write: func(items []*Item[string, bool]) {
		written.Add(int32(len(items)))
		for _, it := range items {
			it.Result = true
		}
	}}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := b.Do(ctx, "gone"); err == nil {
		t.Fatal("Do with an ended context succeeded")
	}
	if ok, err := b.Do(t.Context(), "here"); !ok || err != nil {
		t.Fatalf("Do = %v, %v", ok, err)
	}
	if written.Load() != 1 {
		t.Errorf("%d requests written, want only the live one", written.Load())
	}
}
