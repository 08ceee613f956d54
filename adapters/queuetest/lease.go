package queuetest

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/pipeline"
)

var _ = register(map[string]func(t *testing.T, open Open){
	"LeaseWithoutJobsReturnsNilAfterWait": func(t *testing.T, open Open) {
		q := open(t)
		start := time.Now()
		noLease(t, q, "w1", 400*time.Millisecond)
		if d := time.Since(start); d < 350*time.Millisecond || d > 5*time.Second {
			t.Errorf("Lease with no job returned after %v, want about 400ms", d)
		}
		start = time.Now()
		noLease(t, q, "w1", 0)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Lease with no wait took %v", d)
		}
	},

	"LeaseWakesWhenAJobArrives": func(t *testing.T, open Open) {
		q := open(t)
		got := make(chan *pipeline.Lease, 1)
		go func() {
			l, err := q.Lease(t.Context(), "w1", 20*time.Second)
			if err != nil {
				t.Errorf("lease: %v", err)
			}
			got <- l
		}()
		time.Sleep(100 * time.Millisecond) // let the worker start waiting; the test holds either way
		job := newJob("late")
		enqueued := time.Now()
		enqueue(t, q, "k", job)
		select {
		case l := <-got:
			if l == nil {
				t.Fatal("the waiting worker got no job")
			}
			sameJob(t, l.Job, job, 1)
			if d := time.Since(enqueued); d > 3*time.Second {
				t.Errorf("the waiting worker got the job %v after it was queued", d)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("the waiting worker never got the job")
		}
	},

	"ConsumersNeverShareAJob": func(t *testing.T, open Open) {
		// Two queue instances (two hubs), eight workers, every job once.
		queues := []pipeline.Queue{open(t), open(t)}
		const jobs, workers = 120, 8
		for i := range jobs {
			enqueue(t, queues[i%2], fmt.Sprintf("delivery-%d", i), newJob(fmt.Sprint(i)))
		}
		var (
			mu    sync.Mutex
			seen  = map[string]int{}
			acked atomic.Int32
			wg    sync.WaitGroup
		)
		deadline := time.Now().Add(30 * time.Second)
		for w := range workers {
			q := queues[w%2]
			wg.Go(func() {
				for acked.Load() < jobs && time.Now().Before(deadline) {
					l, err := q.Lease(t.Context(), fmt.Sprintf("worker-%d", w), 200*time.Millisecond)
					if err != nil {
						t.Errorf("worker %d: lease: %v", w, err)
						return
					}
					if l == nil {
						continue
					}
					mu.Lock()
					seen[l.Job.ID]++
					mu.Unlock()
					if err := q.Ack(t.Context(), l); err != nil {
						t.Errorf("worker %d: ack %s: %v", w, l.Job.ID, err)
						return
					}
					acked.Add(1)
				}
			})
		}
		wg.Wait()
		if len(seen) != jobs {
			t.Errorf("%d distinct jobs delivered, want %d", len(seen), jobs)
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("job %s delivered %d times", id, n)
			}
		}
	},

	"ExpiredLeaseIsDeliveredAgain": func(t *testing.T, open Open) {
		a, b := open(t), open(t)
		job := newJob("slow")
		enqueue(t, a, "k", job)
		start := time.Now()
		first := mustLease(t, a, "worker-a", 5*time.Second)
		sameJob(t, first.Job, job, 1)
		// worker-a stalls; worker-b gets the job once the lease has run out.
		second := mustLease(t, b, "worker-b", LeaseTime+10*time.Second)
		if d := time.Since(start); d < LeaseTime-20*time.Millisecond {
			t.Fatalf("the job was delivered again after %v, before its lease of %v ran out", d, LeaseTime)
		}
		sameJob(t, second.Job, job, 2)
		if first.Token == second.Token {
			t.Fatal("two deliveries share a token")
		}
		ctx := t.Context()
		wantCode(t, a.Ack(ctx, first), core.ErrConflict, "ack with the expired lease")
		wantCode(t, a.Retry(ctx, first, time.Now(), "late"), core.ErrConflict, "retry with the expired lease")
		wantCode(t, a.Bury(ctx, first, "late"), core.ErrConflict, "bury with the expired lease")
		must(t, b.Ack(ctx, second), "ack with the current lease")
		noLease(t, a, "worker-a", 200*time.Millisecond)
	},

	"StaleOrForeignTokensAreRefused": func(t *testing.T, open Open) {
		q := open(t)
		ctx := t.Context()
		enqueue(t, q, "k", newJob("x"))
		l := mustLease(t, q, "w1", 5*time.Second)
		must(t, q.Ack(ctx, l), "ack")
		wantCode(t, q.Retry(ctx, l, time.Now(), "again"), core.ErrConflict, "retry after ack")
		wantCode(t, q.Bury(ctx, l, "again"), core.ErrConflict, "bury after ack")
		forged := &pipeline.Lease{Job: l.Job, Token: "not-a-token"}
		if err := q.Ack(ctx, forged); err == nil {
			t.Fatal("a forged token acked")
		}
		if err := q.Ack(ctx, nil); err == nil {
			t.Fatal("a nil lease acked")
		}
		noLease(t, q, "w1", 100*time.Millisecond)
	},
})
