package queuetest

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/pipeline"
)

var _ = register(map[string]func(t *testing.T, open Open){
	"EnqueueLeaseAck": func(t *testing.T, open Open) {
		q := open(t)
		job := newJob("one")
		if !enqueue(t, q, "delivery-1", job) {
			t.Fatal("a new dedupe key was refused")
		}
		l := mustLease(t, q, "w1", 5*time.Second)
		sameJob(t, l.Job, job, 1)
		if l.Token == "" {
			t.Error("lease without a token")
		}
		must(t, q.Ack(t.Context(), l), "ack")
		noLease(t, q, "w1", 200*time.Millisecond)
		wantCode(t, q.Ack(t.Context(), l), core.ErrConflict, "ack twice")
	},

	"DuplicateIsRefused": func(t *testing.T, open Open) {
		q := open(t)
		first := newJob("first")
		enqueue(t, q, "delivery-1", first)
		if enqueue(t, q, "delivery-1", newJob("second")) {
			t.Fatal("a duplicate delivery was queued")
		}
		if !enqueue(t, q, "delivery-2", newJob("other")) {
			t.Fatal("another key was refused")
		}
		seen := map[string]bool{}
		for range 2 {
			l := mustLease(t, q, "w1", 5*time.Second)
			seen[l.Job.ID] = true
			must(t, q.Ack(t.Context(), l), "ack")
		}
		if !seen[first.ID] {
			t.Errorf("the first job under the key was not the one kept: leased %v", seen)
		}
		noLease(t, q, "w1", 200*time.Millisecond)
	},

	"ConcurrentDuplicatesQueueOnce": func(t *testing.T, open Open) {
		q := open(t)
		const callers = 50
		var accepted atomic.Int32
		var wg sync.WaitGroup
		for range callers {
			wg.Go(func() {
				ok, err := q.EnqueueOnce(t.Context(), "same-delivery", ttl, newJob("dup"))
				if err != nil {
					t.Errorf("enqueue: %v", err)
				}
				if ok {
					accepted.Add(1)
				}
			})
		}
		wg.Wait()
		if n := accepted.Load(); n != 1 {
			t.Fatalf("%d of %d concurrent deliveries of one key were accepted, want 1", n, callers)
		}
		must(t, q.Ack(t.Context(), mustLease(t, q, "w1", 5*time.Second)), "ack")
		noLease(t, q, "w1", 200*time.Millisecond)
	},

	"DedupeMarkerExpires": func(t *testing.T, open Open) {
		q := open(t)
		const short = 300 * time.Millisecond
		start := time.Now()
		if ok, err := q.EnqueueOnce(t.Context(), "k", short, newJob("a")); !ok || err != nil {
			t.Fatalf("first enqueue: %v, %v", ok, err)
		}
		if ok, err := q.EnqueueOnce(t.Context(), "k", short, newJob("b")); ok || err != nil {
			t.Fatalf("enqueue within the ttl: %v, %v; want a duplicate", ok, err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			ok, err := q.EnqueueOnce(t.Context(), "k", short, newJob("c"))
			must(t, err, "enqueue after the ttl")
			if ok {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the marker still refuses the key %v after it was set for %v", time.Since(start), short)
			}
			time.Sleep(20 * time.Millisecond) // polling for the expiry, not waiting blindly
		}
		if since := time.Since(start); since < short-20*time.Millisecond {
			t.Fatalf("the key was accepted again after %v, before its ttl of %v", since, short)
		}
	},

	"EnqueueRefusesBadArguments": func(t *testing.T, open Open) {
		q := open(t)
		ctx := t.Context()
		_, err := q.EnqueueOnce(ctx, "", ttl, newJob("x"))
		wantCode(t, err, core.ErrInvalid, "empty dedupe key")
		_, err = q.EnqueueOnce(ctx, "k", 0, newJob("x"))
		wantCode(t, err, core.ErrInvalid, "zero ttl")
		_, err = q.EnqueueOnce(ctx, "k", ttl, pipeline.Job{Payload: []byte("{}")})
		wantCode(t, err, core.ErrInvalid, "job without a kind")
		// None of them left a marker behind.
		if !enqueue(t, q, "k", newJob("x")) {
			t.Fatal("a refused call kept the key")
		}
	},

	"JobWithoutIDGetsOne": func(t *testing.T, open Open) {
		q := open(t)
		enqueue(t, q, "k", pipeline.Job{Kind: pipeline.KindAnalysis, Payload: []byte(`{}`)})
		l := mustLease(t, q, "w1", 5*time.Second)
		if l.Job.ID == "" || l.Job.EnqueuedAt.IsZero() || l.Job.Kind != pipeline.KindAnalysis {
			t.Fatalf("job %s", showJob(l.Job))
		}
		must(t, q.Ack(t.Context(), l), "ack")
	},

	"Ping": func(t *testing.T, open Open) {
		must(t, open(t).Ping(t.Context()), "ping")
	},
})
