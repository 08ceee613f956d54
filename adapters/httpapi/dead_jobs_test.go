package httpapi_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/core/pipeline"
)

func TestDeadJobsListAndRetry(t *testing.T) {
	h := newHub(t)
	ctx := t.Context()
	job := pipeline.Job{ID: "job_dead1", Kind: pipeline.KindEvent, Payload: []byte(`{"secret_customer_text":"my card 4242"}`),
		EnqueuedAt: time.Now().UTC()}
	if ok, err := h.queue.EnqueueOnce(ctx, "k1", time.Hour, job); err != nil || !ok {
		t.Fatalf("enqueue: %v %v", ok, err)
	}
	l, err := h.queue.Lease(ctx, "w1", time.Second)
	if err != nil || l == nil {
		t.Fatalf("lease: %v %v", l, err)
	}
	if err := h.queue.Bury(ctx, l, "desk refused the token (401)"); err != nil {
		t.Fatal(err)
	}

	r := h.do("GET", "/api/v1/dead-jobs", nil)
	if r.status != 200 || !strings.Contains(r.raw, "job_dead1") || !strings.Contains(r.raw, "desk refused the token") {
		t.Fatalf("list: %d %s", r.status, r.raw)
	}
	if strings.Contains(r.raw, "4242") {
		t.Error("dead job listing leaks the payload (customer text)")
	}
	if r := h.do("POST", "/api/v1/dead-jobs/job_missing/retry", nil); r.status != 404 {
		t.Errorf("retry of an unknown job: %d %s", r.status, r.raw)
	}
	if r := h.do("POST", "/api/v1/dead-jobs/job_dead1/retry", nil); r.status != 202 {
		t.Fatalf("retry: %d %s", r.status, r.raw)
	}
	l, err = h.queue.Lease(ctx, "w1", 2*time.Second)
	if err != nil || l == nil || l.Job.ID != "job_dead1" {
		t.Fatalf("revived job not delivered: %+v %v", l, err)
	}
	if r := h.do("GET", "/api/v1/dead-jobs", nil); strings.Contains(r.raw, "job_dead1") {
		t.Errorf("revived job still listed as dead: %s", r.raw)
	}
}
