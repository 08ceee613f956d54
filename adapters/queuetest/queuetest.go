package queuetest

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/pipeline"
)

// The queues under test must be configured with these settings, so that
// the suite can wait for leases to run out and count attempts.
const (
	LeaseTime   = time.Second
	MaxAttempts = 3
	// PromoteWithin is how late a retry may be delivered after its time;
	// a queue with a promote loop must run it well within this.
	PromoteWithin = time.Second
)

// Open returns a new Queue instance over one backend's stored jobs: the
// first call on an empty store, later calls like a second hub or the same
// hub restarted. Open arranges (t.Cleanup) for what it opened to be closed
// at the end of the test; the suite itself closes a queue that it
// "restarts" when the queue implements io.Closer.
type Open func(t *testing.T) pipeline.Queue

// Run runs the queue suite. newBackend must return an Open over fresh,
// empty storage each time it is called; tests run in parallel, each with
// its own backend.
func Run(t *testing.T, newBackend func(t *testing.T) Open) {
	runAll(t, queueTests, func(t *testing.T, test func(*testing.T, Open)) { test(t, newBackend(t)) })
}

// RunEffects runs the effects suite over fresh, empty effect logs.
func RunEffects(t *testing.T, newEffects func(t *testing.T) pipeline.Effects) {
	runAll(t, effectTests, func(t *testing.T, test func(*testing.T, pipeline.Effects)) { test(t, newEffects(t)) })
}

func runAll[F any](t *testing.T, tests map[string]F, run func(*testing.T, F)) {
	names := make([]string, 0, len(tests))
	for name := range tests {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			run(t, tests[name])
		})
	}
}

var queueTests = map[string]func(t *testing.T, open Open){}

// register adds tests to the suite; each file of the suite registers its own.
func register(tests map[string]func(t *testing.T, open Open)) bool {
	for name, test := range tests {
		if _, dup := queueTests[name]; dup {
			panic("queuetest: two tests named " + name)
		}
		queueTests[name] = test
	}
	return true
}

// newJob is an event job whose payload holds bytes that are not text, so
// that a queue that mangles bytes fails.
func newJob(label string) pipeline.Job {
	return pipeline.Job{
		ID:         core.NewID("job"),
		Kind:       pipeline.KindEvent,
		Payload:    append([]byte(`{"label":"`+label+`"}`), 0, 0xff, 0xfe, '\n'),
		EnqueuedAt: time.Now().UTC().Truncate(time.Microsecond),
	}
}

const ttl = time.Hour

func enqueue(t *testing.T, q pipeline.Queue, key string, job pipeline.Job) bool {
	t.Helper()
	ok, err := q.EnqueueOnce(t.Context(), key, ttl, job)
	if err != nil {
		t.Fatalf("enqueue %s: %v", key, err)
	}
	return ok
}

// mustLease leases a job, waiting up to wait, and fails when none comes.
func mustLease(t *testing.T, q pipeline.Queue, consumer string, wait time.Duration) *pipeline.Lease {
	t.Helper()
	l, err := q.Lease(t.Context(), consumer, wait)
	if err != nil {
		t.Fatalf("lease for %s: %v", consumer, err)
	}
	if l == nil {
		t.Fatalf("lease for %s: no job within %v", consumer, wait)
	}
	return l
}

// noLease fails when a job is delivered within wait.
func noLease(t *testing.T, q pipeline.Queue, consumer string, wait time.Duration) {
	t.Helper()
	l, err := q.Lease(t.Context(), consumer, wait)
	if err != nil {
		t.Fatalf("lease for %s: %v", consumer, err)
	}
	if l != nil {
		t.Fatalf("lease for %s: got job %s (attempt %d), want none", consumer, l.Job.ID, l.Job.Attempt)
	}
}

func must(t *testing.T, err error, doing string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", doing, err)
	}
}

// wantCode fails unless err carries the domain error code.
func wantCode(t *testing.T, err error, code, doing string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error, want %s", doing, code)
	}
	if got := core.ErrorCode(err); got != code {
		t.Fatalf("%s: error code %s (%v), want %s", doing, got, err, code)
	}
}

// sameJob compares what a queue must hand back unchanged.
func sameJob(t *testing.T, got, want pipeline.Job, attempt int) {
	t.Helper()
	if got.ID != want.ID || got.Kind != want.Kind || !bytes.Equal(got.Payload, want.Payload) ||
		!got.EnqueuedAt.Equal(want.EnqueuedAt) || got.Attempt != attempt {
		t.Fatalf("job differs\n got: %s\nwant: %s", showJob(got), showJob(withAttempt(want, attempt)))
	}
}

func withAttempt(j pipeline.Job, n int) pipeline.Job { j.Attempt = n; return j }

func showJob(j pipeline.Job) string {
	return fmt.Sprintf("{id %s kind %s payload %q attempt %d enqueued %s error %q}",
		j.ID, j.Kind, j.Payload, j.Attempt, j.EnqueuedAt.Format(time.RFC3339Nano), j.LastError)
}

// closeQueue closes q if it can be closed, as a hub does on shutdown.
func closeQueue(t *testing.T, q pipeline.Queue) {
	t.Helper()
	if c, ok := q.(io.Closer); ok {
		must(t, c.Close(), "close queue")
	}
}
