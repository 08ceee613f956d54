package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
)

// recordingQueue records what settle tells the queue; only the calls
// settle makes are implemented.
type recordingQueue struct {
	Queue
	acked, buried bool
	retryAt       time.Time
	reason        string
}

func (q *recordingQueue) Ack(context.Context, *Lease) error { q.acked = true; return nil }
func (q *recordingQueue) Retry(_ context.Context, _ *Lease, at time.Time, reason string) error {
	q.retryAt, q.reason = at, reason
	return nil
}
func (q *recordingQueue) Bury(_ context.Context, _ *Lease, reason string) error {
	q.buried, q.reason = true, reason
	return nil
}

type recordingReinstaller struct{ ids []string }

func (r *recordingReinstaller) MarkNeedsReinstall(_ context.Context, id, _ string) error {
	r.ids = append(r.ids, id)
	return nil
}

func TestSettleDecidesByFailure(t *testing.T) {
	now := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	cases := []struct {
		name               string
		err                error
		attempt            int
		wantAck, wantBury  bool
		minWait, maxWait   time.Duration
		wantReinstallMarks int
	}{
		{name: "success", err: nil, wantAck: true},
		{name: "plugin restarting", err: fmt.Errorf("post: %w", ErrDeskUnavailable), minWait: pluginRestartWait, maxWait: pluginRestartWait},
		{name: "rate limited", err: &DeskFailure{Kind: FailRateLimited, RetryAfter: 7 * time.Second}, minWait: 7 * time.Second, maxWait: 7 * time.Second},
		{name: "5xx first try", err: &DeskFailure{Kind: FailRetryable}, attempt: 1, minWait: 800 * time.Millisecond, maxWait: 1200 * time.Millisecond},
		{name: "5xx fourth try", err: &DeskFailure{Kind: FailRetryable}, attempt: 4, minWait: 6400 * time.Millisecond, maxWait: 9600 * time.Millisecond},
		{name: "conversation deleted", err: &DeskFailure{Kind: FailNotFound}, wantAck: true},
		{name: "token refused", err: &DeskFailure{Kind: FailUnauthorized}, wantBury: true, wantReinstallMarks: 1},
		{name: "bad request", err: &DeskFailure{Kind: FailInvalid}, wantBury: true},
		{name: "unknown error", err: errors.New("database is locked"), attempt: 2, minWait: 1600 * time.Millisecond, maxWait: 2400 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q := &recordingQueue{}
			r := &recordingReinstaller{}
			w := NewWorkers(q, nil, r, WorkerOptions{}, nil, slog.New(slog.DiscardHandler))
			w.now = func() time.Time { return now }
			job := Job{ID: core.NewID("job"), Kind: KindEvent, Attempt: max(tc.attempt, 1),
				Payload: []byte(`{"binding_id":"bnd_1"}`)}
			w.settle(t.Context(), &Lease{Job: job}, tc.err)
			if q.acked != tc.wantAck || q.buried != tc.wantBury {
				t.Fatalf("acked %v buried %v, want %v %v", q.acked, q.buried, tc.wantAck, tc.wantBury)
			}
			if !tc.wantAck && !tc.wantBury {
				wait := q.retryAt.Sub(now)
				if wait < tc.minWait || wait > tc.maxWait {
					t.Errorf("retry after %v, want %v..%v", wait, tc.minWait, tc.maxWait)
				}
			}
			if len(r.ids) != tc.wantReinstallMarks || (tc.wantReinstallMarks > 0 && r.ids[0] != "bnd_1") {
				t.Errorf("needs_reinstall marks %v, want %d for bnd_1", r.ids, tc.wantReinstallMarks)
			}
		})
	}
}

// liveContextQueue records whether settle's calls came with a context
// that could still reach the queue.
type liveContextQueue struct {
	recordingQueue
	liveRetry bool
}

func (q *liveContextQueue) Retry(ctx context.Context, l *Lease, at time.Time, reason string) error {
	q.liveRetry = ctx.Err() == nil
	return q.recordingQueue.Retry(ctx, l, at, reason)
}

type handlerFunc func(context.Context, Job) error

func (f handlerFunc) Handle(ctx context.Context, j Job) error { return f(ctx, j) }

// TestJobOutOfTimeIsRescheduled: a job that runs until its timeout (a log
// source that never answers) is rescheduled at once; with the job's own,
// expired context the queue would refuse and the job would wait for its
// lease to run out, then run again.
func TestJobOutOfTimeIsRescheduled(t *testing.T) {
	q := &liveContextQueue{}
	h := handlerFunc(func(ctx context.Context, _ Job) error {
		<-ctx.Done()
		return fmt.Errorf("save analysis: %w", ctx.Err())
	})
	w := NewWorkers(q, h, nil, WorkerOptions{JobTimeout: 50 * time.Millisecond}, nil, slog.New(slog.DiscardHandler))
	w.run(&Lease{Job: Job{ID: core.NewID("job"), Kind: KindAnalysis, Attempt: 1}})
	if q.retryAt.IsZero() || !q.liveRetry {
		t.Fatalf("retry at %v with a live context %v; want the job rescheduled", q.retryAt, q.liveRetry)
	}
}

func TestBackoffIsCapped(t *testing.T) {
	for attempt := 1; attempt < 40; attempt++ {
		if d := backoff(attempt); d > maxBackoff*6/5 || d < minBackoff*4/5 {
			t.Fatalf("attempt %d: backoff %v out of bounds", attempt, d)
		}
	}
}
