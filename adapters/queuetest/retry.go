package queuetest

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

var _ = register(map[string]func(t *testing.T, open Open){
	"RetryWaitsForItsTime": func(t *testing.T, open Open) {
		q := open(t)
		job := newJob("throttled")
		enqueue(t, q, "k", job)
		l := mustLease(t, q, "w1", 5*time.Second)
		at := time.Now().Add(1500 * time.Millisecond)
		must(t, q.Retry(t.Context(), l, at, "desk answered 429"), "retry")
		noLease(t, q, "w1", 500*time.Millisecond)
		again := mustLease(t, q, "w1", 10*time.Second)
		if now := time.Now(); now.Before(at) {
			t.Fatalf("delivered %v before its retry time", at.Sub(now))
		} else if late := now.Sub(at); late > PromoteWithin+time.Second {
			t.Errorf("delivered %v after its retry time", late)
		}
		sameJob(t, again.Job, job, 2)
		if again.Job.LastError != "desk answered 429" {
			t.Errorf("last error %q", again.Job.LastError)
		}
		must(t, q.Ack(t.Context(), again), "ack")
	},

	"RetryInThePastIsDeliveredAtOnce": func(t *testing.T, open Open) {
		q := open(t)
		job := newJob("x")
		enqueue(t, q, "k", job)
		l := mustLease(t, q, "w1", 5*time.Second)
		must(t, q.Retry(t.Context(), l, time.Now().Add(-time.Minute), "5xx"), "retry")
		start := time.Now()
		again := mustLease(t, q, "w2", 10*time.Second)
		if d := time.Since(start); d > PromoteWithin+time.Second {
			t.Errorf("a retry due now took %v to come back", d)
		}
		sameJob(t, again.Job, job, 2)
	},

	"DeadLetterAfterMaxAttempts": func(t *testing.T, open Open) {
		q := open(t)
		ctx := t.Context()
		job := newJob("doomed")
		enqueue(t, q, "k", job)
		start := time.Now()
		for i := 1; i <= MaxAttempts; i++ {
			l := mustLease(t, q, "w1", 10*time.Second)
			sameJob(t, l.Job, job, i)
			must(t, q.Retry(ctx, l, time.Now(), fmt.Sprintf("boom %d", i)), "retry")
		}
		noLease(t, q, "w1", 300*time.Millisecond)
		dead, next, err := q.ListDead(ctx, pageOf(10, ""))
		must(t, err, "list dead")
		if len(dead) != 1 || next != "" {
			t.Fatalf("%d dead jobs, cursor %q; want 1 and none", len(dead), next)
		}
		d := dead[0]
		sameJob(t, d.Job, job, MaxAttempts)
		want := fmt.Sprintf("boom %d", MaxAttempts)
		if !strings.Contains(d.Reason, want) {
			t.Errorf("reason %q does not mention the last error %q", d.Reason, want)
		}
		if d.DiedAt.Before(start.Add(-time.Second)) || d.DiedAt.After(time.Now().Add(time.Second)) {
			t.Errorf("died at %v, the test ran from %v", d.DiedAt, start)
		}

		must(t, q.Revive(ctx, job.ID), "revive")
		if dead, _, _ := q.ListDead(ctx, pageOf(10, "")); len(dead) != 0 {
			t.Fatalf("%d dead jobs after revive", len(dead))
		}
		l := mustLease(t, q, "w1", 10*time.Second)
		sameJob(t, l.Job, job, 1)
		must(t, q.Ack(ctx, l), "ack the revived job")
	},

	"ExpiredLeasesCountAsAttempts": func(t *testing.T, open Open) {
		// A job that kills its worker every time ends in the dead letters
		// instead of circling forever.
		q := open(t)
		job := newJob("poison")
		enqueue(t, q, "k", job)
		for i := 1; i <= MaxAttempts; i++ {
			l := mustLease(t, q, fmt.Sprintf("w%d", i), LeaseTime+10*time.Second)
			sameJob(t, l.Job, job, i)
		}
		noLease(t, q, "survivor", 2*LeaseTime+500*time.Millisecond)
		dead, _, err := q.ListDead(t.Context(), pageOf(10, ""))
		must(t, err, "list dead")
		if len(dead) != 1 || dead[0].Job.ID != job.ID || dead[0].Reason == "" {
			t.Fatalf("dead jobs %+v, want %s with a reason", dead, job.ID)
		}
		if dead[0].Job.Attempt != MaxAttempts {
			t.Errorf("dead after %d attempts, want %d", dead[0].Job.Attempt, MaxAttempts)
		}
	},
})
