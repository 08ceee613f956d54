package queuetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
)

func pageOf(limit int, after string) core.Page { return core.Page{Limit: limit, After: after} }

var _ = register(map[string]func(t *testing.T, open Open){
	"BuryDeadLettersAtOnce": func(t *testing.T, open Open) {
		q := open(t)
		ctx := t.Context()
		job := newJob("malformed")
		enqueue(t, q, "k", job)
		l := mustLease(t, q, "w1", 5*time.Second)
		must(t, q.Bury(ctx, l, "payload is not an event"), "bury")
		noLease(t, q, "w1", 200*time.Millisecond)
		dead, _, err := q.ListDead(ctx, pageOf(10, ""))
		must(t, err, "list dead")
		if len(dead) != 1 {
			t.Fatalf("%d dead jobs, want 1", len(dead))
		}
		sameJob(t, dead[0].Job, job, 1)
		if dead[0].Reason != "payload is not an event" {
			t.Errorf("reason %q", dead[0].Reason)
		}
		wantCode(t, q.Bury(ctx, l, "again"), core.ErrConflict, "bury twice")
	},

	"ListDeadPagesNewestFirst": func(t *testing.T, open Open) {
		q := open(t)
		ctx := t.Context()
		if dead, next, err := q.ListDead(ctx, pageOf(2, "")); err != nil || len(dead) != 0 || next != "" {
			t.Fatalf("empty listing: %v, %q, %v", dead, next, err)
		}
		var buried []string
		for i := range 5 {
			enqueue(t, q, fmt.Sprint("k", i), newJob(fmt.Sprint(i)))
			l := mustLease(t, q, "w1", 5*time.Second)
			must(t, q.Bury(ctx, l, fmt.Sprint("reason ", i)), "bury")
			buried = append(buried, l.Job.ID)
		}
		slices.Reverse(buried)
		var got []string
		after := ""
		for page := 0; ; page++ {
			dead, next, err := q.ListDead(ctx, pageOf(2, after))
			must(t, err, "list dead")
			if page < 2 && (len(dead) != 2 || next == "") || page == 2 && (len(dead) != 1 || next != "") {
				t.Fatalf("page %d: %d jobs, cursor %q", page, len(dead), next)
			}
			for _, d := range dead {
				got = append(got, d.Job.ID)
			}
			if next == "" {
				break
			}
			after = next
		}
		if !slices.Equal(got, buried) {
			t.Fatalf("dead jobs listed %v, want newest first %v", got, buried)
		}
	},

	"ReviveUnknownJobIsNotFound": func(t *testing.T, open Open) {
		q := open(t)
		wantCode(t, q.Revive(t.Context(), "job_nope"), core.ErrNotFound, "revive an unknown job")
		enqueue(t, q, "k", newJob("x"))
		l := mustLease(t, q, "w1", 5*time.Second)
		wantCode(t, q.Revive(t.Context(), l.Job.ID), core.ErrNotFound, "revive a job that is not dead")
		must(t, q.Bury(t.Context(), l, "bad"), "bury")
		must(t, q.Revive(t.Context(), l.Job.ID), "revive")
		wantCode(t, q.Revive(t.Context(), l.Job.ID), core.ErrNotFound, "revive twice")
	},
})
