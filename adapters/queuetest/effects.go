package queuetest

import (
	"fmt"
	"sync"
	"testing"

	"github.com/sigsentry/hub/core/pipeline"
)

var effectTests = map[string]func(t *testing.T, e pipeline.Effects){
	"UnrecordedIsNotDone": func(t *testing.T, e pipeline.Effects) {
		wantEffect(t, e, "job_1", "post_note", "", false)
	},

	"RecordedIsDone": func(t *testing.T, e pipeline.Effects) {
		must(t, e.RecordEffect(t.Context(), "job_1", "post_note", "msg_42"), "record")
		wantEffect(t, e, "job_1", "post_note", "msg_42", true)
	},

	"FirstResultWins": func(t *testing.T, e pipeline.Effects) {
		must(t, e.RecordEffect(t.Context(), "job_1", "post_note", "msg_1"), "record")
		must(t, e.RecordEffect(t.Context(), "job_1", "post_note", "msg_2"), "record again")
		wantEffect(t, e, "job_1", "post_note", "msg_1", true)
	},

	"KeysAndStagesAreSeparate": func(t *testing.T, e pipeline.Effects) {
		ctx := t.Context()
		must(t, e.RecordEffect(ctx, "job_1", "post_note", "a"), "record")
		must(t, e.RecordEffect(ctx, "a:b", "c", "colon"), "record")
		wantEffect(t, e, "job_1", "post_reply", "", false)
		wantEffect(t, e, "job_2", "post_note", "", false)
		wantEffect(t, e, "a", "b:c", "", false)
		wantEffect(t, e, "a:b", "c", "colon", true)
	},

	"EmptyResultIsRecorded": func(t *testing.T, e pipeline.Effects) {
		must(t, e.RecordEffect(t.Context(), "job_1", "set_attributes", ""), "record")
		wantEffect(t, e, "job_1", "set_attributes", "", true)
	},

	"ConcurrentRecordsAgree": func(t *testing.T, e pipeline.Effects) {
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() {
				if err := e.RecordEffect(t.Context(), "job_1", "post_note", fmt.Sprint("msg_", i)); err != nil {
					t.Errorf("record %d: %v", i, err)
				}
			})
		}
		wg.Wait()
		first, ok, err := e.EffectDone(t.Context(), "job_1", "post_note")
		must(t, err, "read")
		if !ok {
			t.Fatal("not recorded")
		}
		for range 3 {
			wantEffect(t, e, "job_1", "post_note", first, true)
		}
	},
}

func wantEffect(t *testing.T, e pipeline.Effects, key, stage, result string, done bool) {
	t.Helper()
	got, ok, err := e.EffectDone(t.Context(), key, stage)
	must(t, err, "effect done")
	if ok != done || got != result {
		t.Fatalf("EffectDone(%q, %q) = %q, %v; want %q, %v", key, stage, got, ok, result, done)
	}
}
