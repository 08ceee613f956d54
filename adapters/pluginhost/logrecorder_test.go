package pluginhost

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// record is one captured log line with its attributes flattened to text.
type record struct {
	Level slog.Level
	Msg   string
	Attrs map[string]string
}

func (r record) String() string {
	return fmt.Sprintf("%s %q %v", r.Level, r.Msg, r.Attrs)
}

// logRecorder is a slog.Handler that keeps every record for assertions and
// echoes it to the test log, which shows the hub's log when a test fails.
type logRecorder struct {
	t     testing.TB
	mu    *sync.Mutex
	recs  *[]record
	attrs []slog.Attr
}

func newLogRecorder(t testing.TB) (*logRecorder, *slog.Logger) {
	r := &logRecorder{t: t, mu: &sync.Mutex{}, recs: &[]record{}}
	return r, slog.New(r)
}

func (r *logRecorder) Enabled(context.Context, slog.Level) bool { return true }

func (r *logRecorder) Handle(_ context.Context, rec slog.Record) error {
	attrs := map[string]string{}
	for _, a := range r.attrs {
		attrs[a.Key] = a.Value.String()
	}
	rec.Attrs(func(a slog.Attr) bool {
		attrs[a.Key] = a.Value.String()
		return true
	})
	got := record{Level: rec.Level, Msg: rec.Message, Attrs: attrs}
	r.mu.Lock()
	*r.recs = append(*r.recs, got)
	r.mu.Unlock()
	r.t.Log(got.String())
	return nil
}

func (r *logRecorder) WithAttrs(as []slog.Attr) slog.Handler {
	c := *r
	c.attrs = append(append([]slog.Attr{}, r.attrs...), as...)
	return &c
}

func (r *logRecorder) WithGroup(string) slog.Handler { return r }

// find returns the records match accepts.
func (r *logRecorder) find(match func(record) bool) []record {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []record
	for _, rec := range *r.recs {
		if match(rec) {
			out = append(out, rec)
		}
	}
	return out
}

// waitFor polls until a record matches or the deadline passes.
func (r *logRecorder) waitFor(t testing.TB, within time.Duration, what string, match func(record) bool) record {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		if got := r.find(match); len(got) > 0 {
			return got[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("no log line %s within %s", what, within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// hasAttr matches records whose attribute key contains want.
func hasAttr(key, want string) func(record) bool {
	return func(r record) bool { return strings.Contains(r.Attrs[key], want) }
}
