package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"github.com/sigsentry/hub/core"
)

// Error codes for failures of the HTTP exchange itself, which the core has no
// word for. They join the core codes (invalid, not_found, …) in the same
// "code" member, so clients switch on one field.
const (
	codeMethodNotAllowed     = "method_not_allowed"
	codeUnsupportedMediaType = "unsupported_media_type"
	codePayloadTooLarge      = "payload_too_large"
)

// statusOf maps core error codes onto HTTP statuses.
var statusOf = map[string]int{
	core.ErrInvalid:      http.StatusBadRequest,
	core.ErrNotFound:     http.StatusNotFound,
	core.ErrConflict:     http.StatusConflict,
	core.ErrUnauthorized: http.StatusUnauthorized,
	core.ErrUnavailable:  http.StatusServiceUnavailable,
	core.ErrInternal:     http.StatusInternalServerError,
}

// httpError is a failure the HTTP layer detects before any use case runs: a
// wrong media type, an oversized body, an unknown route.
type httpError struct {
	status  int
	code    string
	message string
}

func (e *httpError) Error() string { return e.message }

func newHTTPError(status int, code, format string, args ...any) *httpError {
	return &httpError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

// errorBody is the contract's error envelope.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// describe turns err into the status and envelope a client sees. Only
// *core.Error and *httpError carry text meant for people; anything else may
// hold SQL, paths or secrets and is reduced to a generic message. internal
// reports whether the error must be logged because the client learns nothing.
func describe(err error) (status int, body errorBody, internal bool) {
	var he *httpError
	if errors.As(err, &he) {
		return he.status, errorBody{errorDetail{Code: he.code, Message: he.message}}, false
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return http.StatusServiceUnavailable, errorBody{errorDetail{
			Code: core.ErrUnavailable, Message: "the request took too long; try again"}}, true
	}
	code := core.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok || code == core.ErrInternal {
		return http.StatusInternalServerError, errorBody{errorDetail{
			Code: core.ErrInternal, Message: "internal error; the server log has the details"}}, true
	}
	return status, errorBody{errorDetail{
		Code: code, Message: core.ErrorMessage(err), Field: core.ErrorField(err)}}, false
}

// fail writes err as the contract's error envelope. Internal errors are
// logged with the request id, which the client also receives in the
// X-Request-Id header, so that a report can be matched to the log line.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, body, internal := describe(err)
	if internal {
		level := slog.LevelError
		if errors.Is(r.Context().Err(), context.Canceled) {
			// The client went away; nothing is broken on our side.
			level = slog.LevelInfo
		}
		h.log.Log(r.Context(), level, "request failed",
			"request_id", RequestID(r.Context()), "method", r.Method,
			"route", routeOf(r), "error", err)
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="sigsentry"`)
	}
	h.writeJSON(w, r, status, body)
}

// notFound answers requests that match no route. gorilla/mux v1.8.1 loses
// "method not allowed" for routes inside subrouters (their copied prefix
// matcher clears the mismatch), so a path that exists with other methods is
// recognised here and answered 405 as it should be.
func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	if allowed := h.allowedMethods(r); len(allowed) > 0 {
		h.methodNotAllowed(w, r)
		return
	}
	setRoute(r, routeUnmatched)
	h.fail(w, r, newHTTPError(http.StatusNotFound, core.ErrNotFound,
		"no route matches %s %s", r.Method, clip(r.URL.Path, 200)))
}

// methodNotAllowed answers requests whose path exists with other methods. It
// lists those in Allow, as RFC 9110 asks.
func (h *Handler) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	allowed := h.allowedMethods(r)
	w.Header().Set("Allow", strings.Join(allowed, ", "))
	h.fail(w, r, newHTTPError(http.StatusMethodNotAllowed, codeMethodNotAllowed,
		"method %s is not allowed here; use %s", r.Method, strings.Join(allowed, ", ")))
}

// allowedMethods lists the methods the router serves on r's path. It labels
// the request with the route template found on the way, so that metrics of
// 405s keep a bounded set of routes.
func (h *Handler) allowedMethods(r *http.Request) []string {
	var allowed []string
	for _, m := range knownMethods {
		if m == r.Method {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		var match mux.RouteMatch
		if h.router.Match(probe, &match) && match.MatchErr == nil && match.Route != nil {
			allowed = append(allowed, m)
			if tpl, err := match.Route.GetPathTemplate(); err == nil {
				setRoute(r, tpl)
			}
		}
	}
	return allowed
}
