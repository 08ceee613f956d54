package loki

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/project"
)

var base = time.Date(2024, 3, 5, 12, 0, 0, 0, time.UTC)

type rec struct {
	Time    time.Time
	Level   string
	Service string
	Message string
	Line    string
}

func open(t *testing.T, config map[string]any, creds map[string]string) *Source {
	t.Helper()
	s, err := Open(&project.LogSource{Type: project.SourceLoki, Config: config, Credentials: creds}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func collect(ctx context.Context, s *Source, from, to time.Time) ([]rec, error) {
	var out []rec
	err := s.Stream(ctx, from, to, func(r *analysis.Record) error {
		out = append(out, rec{r.Time, r.Level, r.Service, string(r.Message), string(r.Line)})
		return nil
	})
	return out, err
}

// Many entries share a nanosecond, across streams, and page cuts fall in
// the middle of them: every entry must come out exactly once.
func TestStreamPagesPastTheLimitWithTiesAtTheBoundary(t *testing.T) {
	var streams []fakeStream
	want := map[string]int{}
	for _, app := range []string{"api", "worker", "web"} {
		fs := fakeStream{labels: map[string]string{"app": app, "env": "prod"}}
		for i := range 300 {
			ts := base.Add(time.Duration(i/7) * time.Millisecond).UnixNano() // runs of 7 per stream, 21 per nanosecond
			line := fmt.Sprintf("%s line %d", app, i)
			fs.entries = append(fs.entries, fakeEntry{ts, line})
			want[line]++
		}
		streams = append(streams, fs)
	}
	for _, tc := range []struct {
		limit   int
		shuffle bool
	}{{6, false}, {6, true}, {10, false}, {10, true}, {21, false}, {64, true}, {5000, false}} {
		limit := tc.limit
		f, srv := newFakeLoki(t, streams...)
		f.shuffle = tc.shuffle
		s := open(t, map[string]any{"url": srv.URL, "query": `{env="prod"}`, "limit": float64(limit)}, nil)
		got, err := collect(context.Background(), s, base, base.Add(time.Hour))
		if err != nil {
			t.Fatalf("limit %d: %v", limit, err)
		}
		seen := map[string]int{}
		for i, r := range got {
			seen[r.Message]++
			if i > 0 && r.Time.Before(got[i-1].Time) {
				t.Fatalf("limit %d: records out of time order at %d", limit, i)
			}
			if r.Service == "" || !strings.HasPrefix(r.Message, r.Service+" ") {
				t.Fatalf("limit %d: service %q for %q", limit, r.Service, r.Message)
			}
		}
		if len(got) != 900 || len(seen) != len(want) {
			t.Fatalf("limit %d: %d records, %d distinct; want 900", limit, len(got), len(seen))
		}
		if st := s.Stats(); st.Unreachable != 0 || st.Requests != int64(len(f.requestLog())) {
			t.Errorf("limit %d: stats %+v", limit, st)
		}
	}
}

// A run of entries at one nanosecond longer than a page: the limit is
// raised until the run fits (here 25 entries, limit 10 → 40).
func TestRunLongerThanAPageRaisesTheLimit(t *testing.T) {
	fs := fakeStream{labels: map[string]string{"app": "api"}}
	for i := range 25 {
		fs.entries = append(fs.entries, fakeEntry{base.UnixNano(), fmt.Sprint("same ns ", i)})
	}
	fs.entries = append(fs.entries, fakeEntry{base.Add(time.Second).UnixNano(), "later"})
	f, srv := newFakeLoki(t, fs)
	s := open(t, map[string]any{"url": srv.URL, "query": `{app="api"}`, "limit": float64(10)}, nil)
	got, err := collect(context.Background(), s, base, base.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 26 || got[25].Message != "later" || s.Stats().Unreachable != 0 {
		t.Fatalf("got %d records, stats %+v", len(got), s.Stats())
	}
	limits := []string{}
	for _, q := range f.requestLog() {
		limits = append(limits, q.Get("limit"))
	}
	if !slices.Contains(limits, "20") && !slices.Contains(limits, "40") {
		t.Errorf("limit never raised: %v", limits)
	}
}

// Past what the server allows, the run is skipped and counted, and the
// stream goes on after it.
func TestRunPastTheServerLimitIsSkippedAndCounted(t *testing.T) {
	fs := fakeStream{labels: map[string]string{"app": "api"}}
	for i := range 30 {
		fs.entries = append(fs.entries, fakeEntry{base.UnixNano(), fmt.Sprint("same ns ", i)})
	}
	fs.entries = append(fs.entries, fakeEntry{base.Add(time.Second).UnixNano(), "later"})
	f, srv := newFakeLoki(t, fs)
	f.maxLimit = 15
	s := open(t, map[string]any{"url": srv.URL, "query": `{app="api"}`, "limit": float64(10)}, nil)
	got, err := collect(context.Background(), s, base, base.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 11 || got[len(got)-1].Message != "later" || s.Stats().Unreachable != 1 {
		t.Fatalf("got %d records, stats %+v", len(got), s.Stats())
	}
}

func TestRequestShape(t *testing.T) {
	f, srv := newFakeLoki(t, fakeStream{labels: map[string]string{"app": "api"}, entries: []fakeEntry{{base.UnixNano(), "x"}}})
	f.orgID = "tenant-1"
	s := open(t, map[string]any{"url": srv.URL, "query": `{app="api"} |= "x"`, "org_id": "tenant-1"}, nil)
	if _, err := collect(context.Background(), s, base, base.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	q := f.requestLog()[0]
	if q.Get("query") != `{app="api"} |= "x"` || q.Get("start") != fmt.Sprint(base.UnixNano()) ||
		q.Get("end") != fmt.Sprint(base.Add(time.Minute).UnixNano()) || q.Get("direction") != "forward" || q.Get("limit") != "5000" {
		t.Fatalf("request %v", q)
	}
}

func TestCredentials(t *testing.T) {
	entries := []fakeEntry{{base.UnixNano(), "x"}}
	f, srv := newFakeLoki(t, fakeStream{labels: map[string]string{"app": "a"}, entries: entries})
	f.user, f.password = "reader", "s3cret"
	cfg := map[string]any{"url": srv.URL, "query": `{app="a"}`, "username": "reader"}
	if got, err := collect(context.Background(), open(t, cfg, map[string]string{"password": "s3cret"}), base, base.Add(time.Hour)); err != nil || len(got) != 1 {
		t.Fatalf("basic auth: %v, %d records", err, len(got))
	}
	_, err := collect(context.Background(), open(t, cfg, map[string]string{"password": "wrong-pw"}), base, base.Add(time.Hour))
	if core.ErrorCode(err) != core.ErrUnauthorized || !strings.HasPrefix(err.Error(), "loki answered 401 Unauthorized: check config.username and credentials.password") ||
		strings.Contains(err.Error(), "wrong-pw") {
		t.Fatalf("wrong password: %v", err)
	}

	f, srv = newFakeLoki(t, fakeStream{labels: map[string]string{"app": "a"}, entries: entries})
	f.bearer = "tok-123"
	cfg = map[string]any{"url": srv.URL, "query": `{app="a"}`}
	if got, err := collect(context.Background(), open(t, cfg, map[string]string{"bearer_token": "tok-123"}), base, base.Add(time.Hour)); err != nil || len(got) != 1 {
		t.Fatalf("bearer: %v, %d records", err, len(got))
	}
	_, err = collect(context.Background(), open(t, cfg, nil), base, base.Add(time.Hour))
	if core.ErrorCode(err) != core.ErrUnauthorized || !strings.Contains(err.Error(), "the server wants credentials") {
		t.Fatalf("no credentials: %v", err)
	}
}

func TestServerErrors(t *testing.T) {
	cases := []struct {
		status int
		body   string
		code   string
		want   string
	}{
		{500, "boom", core.ErrUnavailable, "loki answered 500 Internal Server Error: retry later: boom"},
		{400, "parse error : syntax error: unexpected IDENTIFIER", core.ErrInvalid, "loki answered 400 Bad Request: check config.query and config.limit: parse error : syntax error: unexpected IDENTIFIER"},
		{200, `{"status":"success","data":{"resultType":"streams","result":[{"stream":{},"values":[["123",`, core.ErrUnavailable, "loki answered something that is not a query result: unexpected end of JSON input"},
		{200, `<html>login</html>`, core.ErrUnavailable, "loki answered something that is not a query result: invalid character '<' looking for beginning of value"},
		{200, `{"status":"success","data":{"resultType":"matrix","result":[]}}`, core.ErrInvalid, `config.query: must be a log query; loki answered a "matrix" result (a metric query?)`},
		{200, `{"status":"error","error":"too many outstanding requests"}`, core.ErrUnavailable, `loki answered status "error": too many outstanding requests`},
		{200, `{"status":"success","data":{"resultType":"streams","result":[{"stream":{},"values":[["soon","x"]]}]}}`, core.ErrUnavailable, `loki answered a timestamp that is not nanoseconds: "soon"`},
		{200, `{}`, core.ErrUnavailable, "loki answered JSON that is not a query result (no status): check config.url (it should be Loki's base URL, such as http://loki:3100)"},
		{200, `null`, core.ErrUnavailable, "loki answered JSON that is not a query result (no status): check config.url (it should be Loki's base URL, such as http://loki:3100)"},
	}
	for _, c := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(c.status)
			w.Write([]byte(c.body))
		}))
		s := open(t, map[string]any{"url": srv.URL, "query": `{a="b"}`}, nil)
		_, err := collect(context.Background(), s, base, base.Add(time.Hour))
		srv.Close()
		if core.ErrorCode(err) != c.code || err.Error() != c.want {
			t.Errorf("%d %s:\n got %v (%s)\nwant %s (%s)", c.status, c.body, err, core.ErrorCode(err), c.want, c.code)
		}
	}
}

// TestErrorOfA200AnswerKeepsNoSecret: a server (or proxy) that answers 200
// with an error echoing the credentials it was sent must not put them in
// the analysis's source errors.
func TestErrorOfA200AnswerKeepsNoSecret(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pw, _ := r.BasicAuth()
		fmt.Fprintf(w, `{"status":"error","error":"credentials %s (%s:%s) rejected"}`, r.Header.Get("Authorization"), user, pw)
	}))
	defer srv.Close()
	s := open(t, map[string]any{"url": srv.URL, "query": `{a="b"}`, "username": "hub"}, map[string]string{"password": "s3cret-pw-42"})
	_, err := collect(context.Background(), s, base, base.Add(time.Hour))
	if err == nil || strings.Contains(err.Error(), "s3cret-pw-42") || strings.Contains(err.Error(), "aHViOnMzY3JldC1wdy00Mg==") ||
		!strings.Contains(err.Error(), `loki answered status "error": credentials Basic [redacted] (hub:[redacted]) rejected`) {
		t.Fatalf("err = %v", err)
	}
}

func TestHangingServerStopsAtTheDeadline(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := collect(ctx, open(t, map[string]any{"url": srv.URL, "query": `{a="b"}`}, nil), base, base.Add(time.Hour))
	if !errors.Is(err, context.DeadlineExceeded) || core.ErrorCode(err) != core.ErrUnavailable || time.Since(start) > 5*time.Second {
		t.Fatalf("err = %v after %v", err, time.Since(start))
	}
}

func TestLabelsAndLines(t *testing.T) {
	_, srv := newFakeLoki(t,
		fakeStream{labels: map[string]string{"service_name": "checkout", "app": "shop", "level": "warn"}, entries: []fakeEntry{
			{base.UnixNano(), `{"level":"error","msg":"label wins for level and service","service":"other"}`}}},
		fakeStream{labels: map[string]string{"job": "varlogs", "detected_level": "unknown"}, entries: []fakeEntry{
			{base.Add(1).UnixNano(), `level=error msg="from logfmt"`},
			{base.Add(2).UnixNano(), `2024-03-05T12:00:00Z [WARN] plain text`},
			{base.Add(3).UnixNano(), "bad \xff byte"}}},
	)
	got, err := collect(context.Background(), open(t, map[string]any{"url": srv.URL, "query": `{a="b"}`}, nil), base, base.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := []rec{
		{base, "warn", "checkout", "label wins for level and service", `{"level":"error","msg":"label wins for level and service","service":"other"}`},
		{base.Add(1), "error", "varlogs", "from logfmt", `level=error msg="from logfmt"`},
		{base.Add(2), "warn", "varlogs", "plain text", `2024-03-05T12:00:00Z [WARN] plain text`},
		{base.Add(3), "", "varlogs", "bad \uFFFD byte", "bad \uFFFD byte"},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
}

func TestConfigErrors(t *testing.T) {
	cases := []struct {
		config map[string]any
		creds  map[string]string
		field  string
	}{
		{map[string]any{"query": `{a="b"}`}, nil, "config.url"},
		{map[string]any{"url": "loki:3100", "query": `{a="b"}`}, nil, "config.url"},
		{map[string]any{"url": "http://u:p@loki:3100", "query": `{a="b"}`}, nil, "config.url"},
		{map[string]any{"url": "http://loki:3100"}, nil, "config.query"},
		{map[string]any{"url": "http://loki:3100", "query": `rate({a="b"}[5m])`}, nil, "config.query"},
		{map[string]any{"url": "http://loki:3100", "query": `{a="b"}`, "limit": float64(0)}, nil, "config.limit"},
		{map[string]any{"url": "http://loki:3100", "query": `{a="b"}`, "format": "xml"}, nil, "config.format"},
		{map[string]any{"url": "http://loki:3100", "query": `{a="b"}`, "orgid": "x"}, nil, "config.orgid"},
		{map[string]any{"url": "http://loki:3100", "query": `{a="b"}`}, map[string]string{"password": "p"}, "config.username"},
		{map[string]any{"url": "http://loki:3100", "query": `{a="b"}`}, map[string]string{"api_key": "k"}, "credentials.api_key"},
	}
	for _, c := range cases {
		_, err := Open(&project.LogSource{Type: project.SourceLoki, Config: c.config, Credentials: c.creds}, nil)
		if core.ErrorCode(err) != core.ErrInvalid || core.ErrorField(err) != c.field {
			t.Errorf("%v: err = %v, want one naming %s", c.config, err, c.field)
		}
	}
}

// TestServerThatIgnoresStartIsAnError: a server (a proxy or mock with one
// canned answer) that sends the same full page whatever start it is asked
// for would be streamed again and again until the deadline. It must be a
// clear error after the second page, with each line streamed once.
func TestServerThatIgnoresStartIsAnError(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		a, b := base.Add(time.Minute).UnixNano(), base.Add(2*time.Minute).UnixNano()
		fmt.Fprintf(w, `{"status":"success","data":{"resultType":"streams","result":[{"stream":{"service":"api"},"values":[["%d","one"],["%d","two"]]}]}}`, a, b)
	}))
	defer srv.Close()
	s := open(t, map[string]any{"url": srv.URL, "query": `{a="b"}`, "limit": 2}, nil)
	got, err := collect(t.Context(), s, base, base.Add(time.Hour))
	if core.ErrorCode(err) != core.ErrUnavailable || !strings.Contains(err.Error(), "check config.url") {
		t.Fatalf("err = %v (%s), want an unavailable error naming config.url", err, core.ErrorCode(err))
	}
	if len(got) != 2 || requests.Load() != 2 {
		t.Errorf("streamed %d lines in %d requests, want the page's 2 lines once, in 2 requests", len(got), requests.Load())
	}
}
