package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/pipeline"
)

// DeadJobs are the jobs that failed too often (pipeline.Queue).
type DeadJobs interface {
	ListDead(ctx context.Context, page core.Page) ([]pipeline.DeadJob, string, error)
	Revive(ctx context.Context, jobID string) error
}

// deadJobJSON shows what a person needs to decide on a dead job. The
// payload stays out: it holds customer text.
type deadJobJSON struct {
	ID         string    `json:"id"`
	Kind       string    `json:"kind"`
	Attempts   int       `json:"attempts"`
	EnqueuedAt time.Time `json:"enqueued_at"`
	LastError  string    `json:"last_error"`
	DiedAt     time.Time `json:"died_at"`
}

// GET /api/v1/dead-jobs?limit=&after=
func (h *Handler) listDeadJobs(w http.ResponseWriter, r *http.Request) error {
	q, err := query(r, "limit", "after")
	if err != nil {
		return err
	}
	pg, err := pageOf(q)
	if err != nil {
		return err
	}
	jobs, next, err := h.dead.ListDead(r.Context(), pg.Normalize())
	if err != nil {
		return err
	}
	items := make([]deadJobJSON, 0, len(jobs))
	for _, d := range jobs {
		items = append(items, deadJobJSON{ID: d.Job.ID, Kind: d.Job.Kind, Attempts: d.Job.Attempt,
			EnqueuedAt: d.Job.EnqueuedAt, LastError: d.Reason, DiedAt: d.DiedAt})
	}
	h.writeJSON(w, r, http.StatusOK, page[deadJobJSON]{Items: items, NextCursor: next})
	return nil
}

// POST /api/v1/dead-jobs/{job_id}/retry queues the job again with fresh
// attempts, e.g. after a binding was reinstalled.
func (h *Handler) retryDeadJob(w http.ResponseWriter, r *http.Request) error {
	id := mux.Vars(r)["job_id"]
	if err := h.dead.Revive(r.Context(), id); err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusAccepted, map[string]string{"id": id, "status": "queued"})
	return nil
}
