package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/sigsentry/hub/core"
)

// readyTimeout bounds each readiness check: a load balancer probing /readyz
// needs an answer in a second or two, and a dependency slower than that is
// as good as down.
const readyTimeout = 2 * time.Second

// Check results as GET /readyz shows them. The checks' error texts go to the
// log only: /readyz needs no token, and an error may name hosts or users.
// The one exception is the message of a core "unavailable" error (a full or
// read-only disk), which is written for people and names nothing private.
const (
	checkOK      = "ok"
	checkFailed  = "failed"
	checkTimeout = "timeout"
)

type healthJSON struct {
	Status string `json:"status"`
}

type readyJSON struct {
	Status string            `json:"status"`
	Checks map[string]string `json:"checks"`
	// Error says, in the contract's error shape, which checks failed.
	Error *errorDetail `json:"error,omitempty"`
}

// GET /healthz: the process is up and serving. It checks nothing else, so
// that a slow database never gets a healthy process restarted.
func (h *Handler) healthz(w http.ResponseWriter, r *http.Request) {
	h.writeJSON(w, r, http.StatusOK, healthJSON{Status: "ok"})
}

// GET /readyz runs every ReadyCheck at once and answers 200 when all pass,
// 503 naming the failing ones otherwise.
func (h *Handler) readyz(w http.ResponseWriter, r *http.Request) {
	results, reasons := h.runChecks(r.Context())
	var failing []string
	for name, result := range results {
		if result != checkOK {
			if reason := reasons[name]; reason != "" {
				name += " (" + reason + ")"
			}
			failing = append(failing, name)
		}
	}
	if len(failing) == 0 {
		h.writeJSON(w, r, http.StatusOK, readyJSON{Status: "ready", Checks: results})
		return
	}
	slices.Sort(failing)
	h.writeJSON(w, r, http.StatusServiceUnavailable, readyJSON{
		Status: "not_ready",
		Checks: results,
		Error: &errorDetail{Code: core.ErrUnavailable, Message: fmt.Sprintf(
			"not ready: %s did not pass its check; the server log says why", strings.Join(failing, ", "))},
	})
}

// runChecks runs the checks concurrently, each under readyTimeout, and logs
// each failure with its error. A check that ignores its context is reported
// as timed out and left to finish on its own: the probe still gets its
// answer in time. reasons holds the messages that may be shown.
func (h *Handler) runChecks(ctx context.Context) (results, reasons map[string]string) {
	type outcome struct {
		name string
		err  error
	}
	done := make(chan outcome, len(h.ready)) // buffered: a late check never blocks
	for _, c := range h.ready {
		go func() {
			cctx, cancel := context.WithTimeout(ctx, readyTimeout)
			defer cancel()
			done <- outcome{c.Name, runCheck(cctx, c.Check)}
		}()
	}
	results, reasons = make(map[string]string, len(h.ready)), map[string]string{}
	for _, c := range h.ready {
		results[c.Name] = checkTimeout
	}
	deadline := time.NewTimer(readyTimeout + 250*time.Millisecond)
	defer deadline.Stop()
	for range h.ready {
		select {
		case o := <-done:
			results[o.name] = checkOK
			if o.err != nil {
				results[o.name] = checkFailed
				if errors.Is(o.err, context.DeadlineExceeded) {
					results[o.name] = checkTimeout
				} else if core.ErrorCode(o.err) == core.ErrUnavailable {
					reasons[o.name] = core.ErrorMessage(o.err)
				}
				h.log.WarnContext(ctx, "readiness check failed",
					"check", o.name, "request_id", RequestID(ctx), "error", o.err)
			}
		case <-deadline.C:
			h.log.WarnContext(ctx, "readiness checks did not return in time",
				"request_id", RequestID(ctx), "timeout", readyTimeout)
			return results, reasons
		}
	}
	return results, reasons
}

// runCheck calls check and turns a panic into an error: a buggy check must
// fail readiness, not the probe.
func runCheck(ctx context.Context, check func(context.Context) error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("check panicked: %v", v)
		}
	}()
	return check(ctx)
}
