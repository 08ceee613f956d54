package pipeline

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sigsentry/hub/core/binding"
)

// memEffects is Effects in memory: the first record of (key, stage) wins,
// as in both queue adapters.
type memEffects struct {
	mu sync.Mutex
	m  map[string]string
}

func (e *memEffects) EffectDone(_ context.Context, key, stage string) (string, bool, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	v, ok := e.m[key+"\x00"+stage]
	return v, ok, nil
}

func (e *memEffects) RecordEffect(_ context.Context, key, stage, result string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.m[key+"\x00"+stage]; !ok {
		e.m[key+"\x00"+stage] = result
	}
	return nil
}

// countingPoster counts posts; the first fail posts fail first.
type countingPoster struct {
	posts, fail atomic.Int32
}

func (c *countingPoster) Post(context.Context, *binding.Binding, string, Visibility, string, string, int) (string, error) {
	if c.fail.Add(-1) >= 0 {
		return "", &DeskFailure{Kind: FailRetryable, Message: "502"}
	}
	c.posts.Add(1)
	time.Sleep(5 * time.Millisecond) // a desk's round trip: time for the other jobs to get here
	return "msg", nil
}

func (c *countingPoster) SetAttributes(context.Context, *binding.Binding, string, map[string]string, string) error {
	return nil
}

// TestPostOnceAcrossConcurrentJobs: jobs of one conversation that run at
// once (two workers, two hubs) post a stage once.
func TestPostOnceAcrossConcurrentJobs(t *testing.T) {
	poster := &countingPoster{}
	p := NewProcessor(ProcessorDeps{Poster: poster, Effects: &memEffects{m: map[string]string{}}})
	b := &binding.Binding{ID: "bnd_1"}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			job := Job{ID: "job_" + string(rune('a'+i)), Attempt: 1}
			if err := p.postOnce(t.Context(), b, "1", "conversation:bnd_1:1", "triage-note:high", Internal, "note", job); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := poster.posts.Load(); n != 1 {
		t.Fatalf("%d posts from 20 concurrent jobs, want 1", n)
	}
}

// TestPostOnceRetriesItsOwnClaim: the claimant that failed to post posts on
// its retry, once; other jobs still do not.
func TestPostOnceRetriesItsOwnClaim(t *testing.T) {
	poster := &countingPoster{}
	poster.fail.Store(1)
	p := NewProcessor(ProcessorDeps{Poster: poster, Effects: &memEffects{m: map[string]string{}}})
	b := &binding.Binding{ID: "bnd_1"}
	post := func(id string, attempt int) error {
		return p.postOnce(t.Context(), b, "1", "k", "triage-note:high", Internal, "note", Job{ID: id, Attempt: attempt})
	}
	if err := post("job_a", 1); !errors.As(err, new(*DeskFailure)) {
		t.Fatalf("first attempt: %v, want the desk's failure", err)
	}
	if err := post("job_b", 1); err != nil || poster.posts.Load() != 0 {
		t.Fatalf("another job posted a stage job_a holds: %v, %d posts", err, poster.posts.Load())
	}
	for attempt := 2; attempt <= 3; attempt++ {
		if err := post("job_a", attempt); err != nil {
			t.Fatal(err)
		}
	}
	if n := poster.posts.Load(); n != 1 {
		t.Fatalf("%d posts after the claimant's retries, want 1", n)
	}
}
