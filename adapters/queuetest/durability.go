package queuetest

import (
	"testing"
	"time"
)

var _ = register(map[string]func(t *testing.T, open Open){
	"JobsSurviveARestart": func(t *testing.T, open Open) {
		ctx := t.Context()
		before := open(t)
		for _, key := range []string{"k1", "k2", "k3"} {
			enqueue(t, before, key, newJob(key))
		}
		held := mustLease(t, before, "w1", 5*time.Second)   // in flight when the hub stops
		buried := mustLease(t, before, "w1", 5*time.Second) // dead before it stops
		must(t, before.Bury(ctx, buried, "bad"), "bury")
		closeQueue(t, before)

		after := open(t)
		if enqueue(t, after, "k1", newJob("again")) {
			t.Error("the dedupe marker did not survive the restart")
		}
		rest := mustLease(t, after, "w2", 5*time.Second)
		if rest.Job.ID == held.Job.ID || rest.Job.ID == buried.Job.ID || rest.Job.Attempt != 1 {
			t.Fatalf("first job after the restart: %s", showJob(rest.Job))
		}
		must(t, after.Ack(ctx, rest), "ack")
		again := mustLease(t, after, "w2", LeaseTime+10*time.Second)
		sameJob(t, again.Job, held.Job, 2)
		must(t, after.Ack(ctx, again), "ack the job that was in flight")
		dead, _, err := after.ListDead(ctx, pageOf(10, ""))
		must(t, err, "list dead")
		if len(dead) != 1 || dead[0].Job.ID != buried.Job.ID {
			t.Fatalf("dead jobs after the restart: %+v", dead)
		}
		noLease(t, after, "w2", 200*time.Millisecond)
	},
})
