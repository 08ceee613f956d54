package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"time"
)

// Backoff bounds for failures that may pass.
const (
	minBackoff = time.Second
	maxBackoff = 5 * time.Minute
	// pluginRestartWait covers a desk plugin's restart (1 s backoff first).
	pluginRestartWait = 2 * time.Second
)

// settle decides the job's fate from its error and tells the queue. It
// returns the outcome for metrics: done, retry, dropped or dead.
func (w *Workers) settle(ctx context.Context, l *Lease, err error) string {
	job := l.Job
	log := w.log.With("job_id", job.ID, "kind", job.Kind, "attempt", job.Attempt)
	ack := func(outcome string) string {
		if e := w.queue.Ack(ctx, l); e != nil {
			log.Warn("could not acknowledge job; it will run again", "error", e)
		}
		return outcome
	}
	retry := func(after time.Duration, reason string) string {
		if e := w.queue.Retry(ctx, l, w.now().Add(after), reason); e != nil {
			log.Warn("could not reschedule job; its lease will expire and it will run again", "error", e)
		}
		return "retry"
	}
	bury := func(reason string) string {
		log.Error("job dead-lettered; fix the cause and revive it from the API", "reason", reason)
		if e := w.queue.Bury(ctx, l, reason); e != nil {
			log.Warn("could not dead-letter job", "error", e)
		}
		return "dead"
	}
	if err == nil {
		return ack("done")
	}
	if errors.Is(err, ErrDeskUnavailable) {
		log.Info("desk plugin unavailable; job will be retried", "error", err)
		return retry(pluginRestartWait, err.Error())
	}
	f, ok := AsDeskFailure(err)
	if !ok {
		log.Warn("job failed; will retry", "error", err)
		return retry(backoff(job.Attempt), err.Error())
	}
	switch f.Kind {
	case FailRateLimited:
		wait := f.RetryAfter
		if wait <= 0 {
			wait = backoff(job.Attempt)
		}
		log.Info("desk rate limit; waiting as asked", "retry_after", wait)
		return retry(wait, err.Error())
	case FailRetryable:
		log.Warn("desk failed; will retry", "error", err)
		return retry(backoff(job.Attempt), err.Error())
	case FailNotFound:
		log.Info("conversation no longer exists in the desk; job dropped", "error", err)
		return ack("dropped")
	case FailUnauthorized:
		if id := w.bindingOf(job); id != "" && w.reinstall != nil {
			if e := w.reinstall.MarkNeedsReinstall(ctx, id,
				"the desk refused SigSentry's token: "+f.Message); e != nil {
				log.Warn("could not mark binding needs_reinstall", "binding_id", id, "error", e)
			}
		}
		return bury(err.Error())
	}
	return bury(err.Error())
}

// backoff doubles from a second up to five minutes, with jitter so that
// jobs failing together do not return together.
func backoff(attempt int) time.Duration {
	d := minBackoff
	for i := 1; i < attempt && d < maxBackoff; i++ {
		d *= 2
	}
	d = min(d, maxBackoff)
	return d*4/5 + rand.N(d*2/5+1)
}

// bindingOfJob reads the binding a job is about, for needs_reinstall.
func bindingOfJob(job Job) string {
	var ej struct {
		BindingID string `json:"binding_id"`
	}
	if json.Unmarshal(job.Payload, &ej) == nil {
		return ej.BindingID
	}
	return ""
}
