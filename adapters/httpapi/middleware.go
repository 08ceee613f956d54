package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/gorilla/mux"

	"github.com/sigsentry/hub/core"
)

// Route labels for requests that match no route template. They keep the
// metrics' route label to a fixed set whatever paths clients invent.
const (
	routeUnmatched = "unmatched"
)

// probeRoutes are hit by machines on a schedule; their successes are logged
// at Debug.
var probeRoutes = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// exchange is what the middleware learns about one request. It travels by
// pointer in the request context, so that the outer access log sees the
// route template the router found deep inside.
type exchange struct {
	id    string
	route string
}

type exchangeKey struct{}

func exchangeOf(ctx context.Context) *exchange {
	x, _ := ctx.Value(exchangeKey{}).(*exchange)
	return x
}

// RequestID returns the id of the request ctx belongs to, or "" outside a
// request served by the Handler. Route groups added through Router log it so
// that every line of one request can be found together.
func RequestID(ctx context.Context) string {
	if x := exchangeOf(ctx); x != nil {
		return x.id
	}
	return ""
}

func setRoute(r *http.Request, route string) {
	if x := exchangeOf(r.Context()); x != nil {
		x.route = route
	}
}

func routeOf(r *http.Request) string {
	if x := exchangeOf(r.Context()); x != nil && x.route != "" {
		return x.route
	}
	return routeUnmatched
}

// recordRoute runs inside the router, after a match, and notes the route's
// path template ("/api/v1/projects/{project_id}"), never the raw path.
func recordRoute(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if route := mux.CurrentRoute(r); route != nil {
			if tpl, err := route.GetPathTemplate(); err == nil {
				setRoute(r, tpl)
			}
		}
		next.ServeHTTP(w, r)
	})
}

// withRequestID gives each request an id: the caller's X-Request-Id when it
// is a sane token (so a proxy's id carries through), a new one otherwise. The
// id is echoed in the response header.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !saneRequestID(id) {
			id = core.NewID("req")
		}
		w.Header().Set("X-Request-Id", id)
		ctx := context.WithValue(r.Context(), exchangeKey{}, &exchange{id: id})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// saneRequestID accepts ids that are safe to echo and to put in a log line:
// 1–128 characters of letters, digits and . _ : -.
func saneRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, c := range []byte(id) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '.' || c == '_' || c == ':' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}

// observe writes one access log line and the request metrics per request.
// It logs the method, route template, path, status, size, duration and
// request id; never headers, query strings or bodies, which may hold tokens.
func (h *Handler) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		// Deferred, so that an aborted answer is still logged and counted.
		defer func() {
			elapsed := time.Since(start)
			status := rec.statusCode()
			route := routeOf(r)
			h.metrics.observe(route, r.Method, status, elapsed)
			level := slog.LevelInfo
			switch {
			case status >= 500:
				level = slog.LevelWarn
			case probeRoutes[route] && status < 400:
				// Probes and scrapes arrive every few seconds; at Info they
				// would drown the requests people make.
				level = slog.LevelDebug
			}
			h.log.LogAttrs(r.Context(), level, "http request",
				slog.String("method", r.Method), slog.String("route", route),
				slog.String("path", clip(r.URL.Path, 200)), slog.Int("status", status),
				slog.Int64("bytes", rec.bytes), slog.Duration("duration", elapsed),
				slog.String("request_id", RequestID(r.Context())))
		}()
		next.ServeHTTP(rec, r)
	})
}

// secure sets headers that cost nothing and stop browsers from guessing
// content types or framing our answers.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

// recoverPanics turns a panicking handler into a logged 500, so that one bug
// costs one request rather than a connection with no answer.
func (h *Handler) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler { //nolint:errorlint // sentinel value, compared as net/http does
				panic(v) // net/http's own way to abort a response; not a bug
			}
			h.log.ErrorContext(r.Context(), "handler panicked",
				"request_id", RequestID(r.Context()), "route", routeOf(r),
				"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if rec, ok := w.(*recorder); ok && rec.status != 0 {
				// The answer has begun: abort the connection so that the
				// client sees a broken answer rather than a short one.
				panic(http.ErrAbortHandler)
			}
			// Logged above with its stack; the client learns only that it failed.
			status, body, _ := describe(errors.New("panic"))
			h.writeJSON(w, r, status, body)
		}()
		next.ServeHTTP(w, r)
	})
}

// recorder remembers the status and size of an answer.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach Flush, deadlines and hijacking.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *recorder) statusCode() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}

// clip shortens s for messages and logs.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
