package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/project"
)

// SampleLine is one line a connection test read.
type SampleLine struct {
	Time      time.Time `json:"time"`
	Level     string    `json:"level,omitempty"`
	Service   string    `json:"service,omitempty"`
	Message   string    `json:"message"`
	Truncated bool      `json:"truncated,omitempty"`
	// Problem says why an analysis would skip the line, naming the setting to change.
	Problem string `json:"problem,omitempty"`
}

// LogSampler reads a few recent lines of a log source ("test connection").
type LogSampler interface {
	SampleLines(ctx context.Context, s *project.LogSource, n int) ([]SampleLine, error)
}

// sampleSize is how many lines a connection test shows.
const sampleSize = 20

type sampleAnswer struct {
	OK    bool         `json:"ok"`
	Lines []SampleLine `json:"lines"`
	Error string       `json:"error,omitempty"`
}

// POST /api/v1/projects/{project_id}/log-sources/{source_id}/test reads
// sample lines. A source that cannot be read is not an API error: the
// answer says what went wrong, in words that point at the setting.
func (h *Handler) testLogSource(w http.ResponseWriter, r *http.Request) error {
	v := mux.Vars(r)
	s, err := h.projects.GetLogSource(r.Context(), v["project_id"], v["source_id"])
	if err != nil {
		return err
	}
	lines, err := h.sampler.SampleLines(r.Context(), s, sampleSize)
	ans := sampleAnswer{OK: err == nil, Lines: nonNil(lines)}
	if err != nil {
		// The readers word their errors for people and keep secrets out.
		ans.Error = core.ErrorMessage(err)
		if core.ErrorCode(err) == core.ErrInternal {
			ans.Error = err.Error()
		}
	}
	h.writeJSON(w, r, http.StatusOK, ans)
	return nil
}
