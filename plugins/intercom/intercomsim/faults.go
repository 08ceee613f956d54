package intercomsim

import (
	"fmt"
	"net/http"
	"path"
	"strconv"
	"time"
)

// fault is a scripted failure waiting for matching requests.
type fault struct {
	match   string
	status  int
	left    int
	resetIn int64 // seconds until X-RateLimit-Reset, for scripted 429s
}

// FailNext makes the next n requests matching match fail with status, in Intercom's error
// shape. match is an operationId of the 2.16 description ("replyConversation"), one of the
// OAuth pseudo-operations "oauthAuthorize", "oauthToken", "uninstallApp", a path pattern in
// path.Match syntax ("/conversations/*/reply"), or "*" for every request. Faults are used in
// the order they were scripted.
//
// The bodies are the ones Intercom documents: 401 unauthorized "Access Token Invalid", 403
// api_plan_restricted "Active subscription needed.", 404 not_found "Resource Not Found", 429
// rate_limit_exceeded with X-RateLimit-Limit, X-RateLimit-Remaining: 0 and X-RateLimit-Reset
// (FACTS §6), 5xx server_error / service_unavailable. A scripted 429 resets one second ahead so
// that clients honouring X-RateLimit-Reset keep tests fast; the automatic limit (see
// Options.RateLimit) resets at the end of its real 10-second window.
//
// n = 0 cancels every fault still waiting.
func (s *Sim) FailNext(match string, status, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n <= 0 {
		s.faults = nil
		return
	}
	s.faults = append(s.faults, &fault{match: match, status: status, left: n, resetIn: 1})
	s.logf("fault: next %d request(s) matching %q fail with %d", n, match, status)
}

// FailNextRateLimited makes the next n requests matching match answer 429 with
// X-RateLimit-Reset resetIn ahead (whole seconds), for tests that check a client
// waits as long as Intercom asks.
func (s *Sim) FailNextRateLimited(match string, n int, resetIn time.Duration) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	secs := int64((resetIn + time.Second - 1) / time.Second)
	s.faults = append(s.faults, &fault{match: match, status: http.StatusTooManyRequests, left: n, resetIn: secs})
	s.logf("fault: next %d request(s) matching %q are rate limited for %ds", n, match, secs)
}

// takeFault consumes the first scripted fault matching an operation or path.
func (s *Sim) takeFault(op, urlPath string) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if !f.matches(op, urlPath) {
			continue
		}
		f.left--
		if f.left == 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		e := errorForStatus(f.status)
		if f.status == http.StatusTooManyRequests {
			e = s.rateLimitError(s.now() + f.resetIn)
		}
		s.logf("fault: %s %s answered %d", op, urlPath, f.status)
		return e
	}
	return nil
}

func (f *fault) matches(op, urlPath string) bool {
	if f.match == "*" || f.match == op {
		return true
	}
	ok, err := path.Match(f.match, urlPath)
	return err == nil && ok
}

// rateWindow counts one workspace's calls in the current 10-second window.
type rateWindow struct {
	start int64
	used  int
}

// rateLimit counts a call of a workspace and returns the X-RateLimit-* headers to send, or
// a 429 once the window's budget is spent. The budget is per 10-second window, as the 2.17
// rate-limit page describes it (FACTS §6).
func (s *Sim) rateLimit(workspaceID string) (http.Header, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	start := now - now%10
	win := s.windows[workspaceID]
	if win == nil || win.start != start {
		win = &rateWindow{start: start}
		s.windows[workspaceID] = win
	}
	win.used++
	if win.used > s.opts.RateLimit {
		s.logf("rate limit: workspace %s spent %d calls in this window", workspaceID, s.opts.RateLimit)
		return nil, s.rateLimitError(start + 10)
	}
	return rateHeaders(s.opts.RateLimit, s.opts.RateLimit-win.used, start+10), nil
}

// rateLimitError is Intercom's 429 with its headers. Callers hold s.mu.
func (s *Sim) rateLimitError(reset int64) *apiError {
	return &apiError{
		status:  http.StatusTooManyRequests,
		code:    codeRateLimited,
		message: fmt.Sprintf("Exceeded rate limit of %d in 10_seconds", s.opts.RateLimit),
		header:  rateHeaders(s.opts.RateLimit, 0, reset),
	}
}

func rateHeaders(limit, remaining int, reset int64) http.Header {
	h := http.Header{}
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset, 10))
	return h
}

// count notes one request of an operation for Requests.
func (s *Sim) count(op string) {
	s.mu.Lock()
	s.requests[op]++
	s.mu.Unlock()
}
