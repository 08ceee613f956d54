package elastic

import (
	"context"
	"errors"
	"fmt"
	"io"
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
}

func open(t *testing.T, config map[string]any, creds map[string]string) *Source {
	t.Helper()
	s, err := Open(&project.LogSource{Type: project.SourceElastic, Config: config, Credentials: creds}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func collect(ctx context.Context, s *Source, from, to time.Time) ([]rec, error) {
	var out []rec
	err := s.Stream(ctx, from, to, func(r *analysis.Record) error {
		out = append(out, rec{r.Time, r.Level, r.Service, string(r.Message)})
		return nil
	})
	return out, err
}

func ecsDoc(index, id string, at time.Time, msg string) fakeDoc {
	return fakeDoc{index: index, id: id, ms: at.UnixMilli(), tb: index + "/" + id, source: fmt.Sprintf(
		`{"@timestamp":%q,"log":{"level":"info"},"service":{"name":%q},"message":%q}`, at.Format(time.RFC3339Nano), index, msg)}
}

// tiedDocs spreads 900 documents over 3 indices, 21 per millisecond, with
// the same ids in every index (an _id is only unique within its index).
func tiedDocs() []fakeDoc {
	var docs []fakeDoc
	for _, index := range []string{"logs-a", "logs-b", "logs-c"} {
		for i := range 300 {
			docs = append(docs, ecsDoc(index, fmt.Sprint(i), base.Add(time.Duration(i/7)*time.Millisecond), fmt.Sprintf("%s %d", index, i)))
		}
	}
	return docs
}

func checkAllOnce(t *testing.T, label string, got []rec, n int) {
	t.Helper()
	seen := map[string]bool{}
	for i, r := range got {
		if seen[r.Message] {
			t.Fatalf("%s: %q streamed twice", label, r.Message)
		}
		seen[r.Message] = true
		if i > 0 && r.Time.Before(got[i-1].Time) {
			t.Fatalf("%s: out of time order at %d", label, i)
		}
	}
	if len(got) != n {
		t.Fatalf("%s: %d records, want %d", label, len(got), n)
	}
}

// Page cuts fall inside runs of equal times; documents at the cut are asked
// for again and the streamed ones skipped, so none is lost or repeated.
func TestSearchAfterPagingWithTies(t *testing.T) {
	for _, size := range []int{5, 10, 21, 1000} {
		f, srv := newFakeES(t, tiedDocs()...)
		s := open(t, map[string]any{"url": srv.URL, "index": "logs-*", "page_size": float64(size)}, nil)
		got, err := collect(context.Background(), s, base, base.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		checkAllOnce(t, fmt.Sprint("page size ", size), got, 900)
		if st := s.Stats(); st.Unreachable != 0 || st.Requests != int64(len(f.requestBodies())) {
			t.Errorf("page size %d: stats %+v", size, st)
		}
	}
}

func TestSearchAfterWithTiebreaker(t *testing.T) {
	f, srv := newFakeES(t, tiedDocs()...)
	s := open(t, map[string]any{"url": srv.URL, "index": "logs-*", "page_size": float64(10), "tiebreaker": "event.id"}, nil)
	got, err := collect(context.Background(), s, base, base.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	checkAllOnce(t, "tiebreaker", got, 900)
	bodies := f.requestBodies()
	if len(bodies) != 91 { // 90 full pages and an empty one: no page asked twice
		t.Errorf("%d requests", len(bodies))
	}
	if after := bodies[1]["search_after"].([]any); len(after) != 2 {
		t.Errorf("search_after %v", after)
	}
}

func TestRunLongerThanTheResultWindowIsSkippedAndCounted(t *testing.T) {
	defer func(old int) { maxResultWindow = old }(maxResultWindow)
	maxResultWindow = 40
	var docs []fakeDoc
	for i := range 50 {
		docs = append(docs, ecsDoc("logs", fmt.Sprint(i), base, fmt.Sprint("same ms ", i)))
	}
	docs = append(docs, ecsDoc("logs", "later", base.Add(time.Second), "later"))
	_, srv := newFakeES(t, docs...)
	s := open(t, map[string]any{"url": srv.URL, "index": "logs", "page_size": float64(10)}, nil)
	got, err := collect(context.Background(), s, base, base.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got[len(got)-1].Message != "later" || len(got) < 41 || s.Stats().Unreachable != 1 {
		t.Fatalf("%d records, last %q, stats %+v", len(got), got[len(got)-1].Message, s.Stats())
	}
}

// An index whose max_result_window is lower than the raised page size
// answers 400; the run is skipped, not the stream.
func TestRaisedPageRefusedByTheServer(t *testing.T) {
	var docs []fakeDoc
	for i := range 30 {
		docs = append(docs, ecsDoc("logs", fmt.Sprint(i), base, fmt.Sprint("same ms ", i)))
	}
	docs = append(docs, ecsDoc("logs", "later", base.Add(time.Second), "later"))
	f, srv := newFakeES(t, docs...)
	f.maxWindow = 15 // the source believes in 10000
	s := open(t, map[string]any{"url": srv.URL, "index": "logs", "page_size": float64(10)}, nil)
	got, err := collect(context.Background(), s, base, base.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got[len(got)-1].Message != "later" || s.Stats().Unreachable != 1 {
		t.Fatalf("%d records, stats %+v", len(got), s.Stats())
	}
}

func TestRequestShape(t *testing.T) {
	f, srv := newFakeES(t, ecsDoc("logs-1", "a", base, "card declined"), ecsDoc("logs-1", "b", base, "ok"))
	s := open(t, map[string]any{"url": srv.URL + "/", "index": "logs-*,audit", "query": "declined"}, nil)
	to := base.Add(time.Minute + 500*time.Microsecond)
	got, err := collect(context.Background(), s, base, to)
	if err != nil || len(got) != 1 || got[0].Message != "card declined" {
		t.Fatalf("%+v, %v", got, err)
	}
	if f.paths[0] != "/logs-*,audit/_search" {
		t.Errorf("path %s", f.paths[0])
	}
	b := f.requestBodies()[0]
	rng := b["query"].(map[string]any)["bool"].(map[string]any)["filter"].([]any)[0].(map[string]any)["range"].(map[string]any)["@timestamp"].(map[string]any)
	if num(rng["gte"]) != base.UnixMilli() || num(rng["lt"]) != to.UnixMilli()+1 || rng["format"] != "epoch_millis" {
		t.Errorf("range %v", rng)
	}
	if b["track_total_hits"] != false || num(b["size"]) != 1000 || b["search_after"] != nil {
		t.Errorf("body %v", b)
	}
	if sort := b["sort"].([]any)[0].(map[string]any)["@timestamp"].(map[string]any); sort["order"] != "asc" || sort["unmapped_type"] != "date" {
		t.Errorf("sort %v", sort)
	}
}

func TestFieldsAndTimes(t *testing.T) {
	docs := []fakeDoc{
		{index: "logs", id: "1", ms: base.UnixMilli(), source: `{"@timestamp":"2024-03-05T12:00:00Z","log.level":"ERROR","service.name":"flat","message":"flat keys"}`},
		{index: "logs", id: "2", ms: base.UnixMilli() + 1, source: `{"log":{"level":"warn"},"service":{"name":"nested"},"message":"no time in source"}`},
		{index: "logs", id: "3", ms: base.UnixMilli() + 2, source: `{"@timestamp":"2024-03-05T12:00:00.002Z","lvl":"debug","app":"custom","text":"custom fields"}`},
	}
	_, srv := newFakeES(t, docs...)
	got, err := collect(context.Background(), open(t, map[string]any{"url": srv.URL, "index": "logs"}, nil), base, base.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := []rec{
		{base, "error", "flat", "flat keys"},
		{base.Add(time.Millisecond), "warn", "nested", "no time in source"},
		{base.Add(2 * time.Millisecond), "", "custom", docs[2].source}, // app is a default service field
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
	got, _ = collect(context.Background(), open(t, map[string]any{"url": srv.URL, "index": "logs",
		"level_field": "lvl", "service_field": "app", "message_field": "text"}, nil), base.Add(2*time.Millisecond), base.Add(time.Hour))
	if want := (rec{base.Add(2 * time.Millisecond), "debug", "custom", "custom fields"}); len(got) != 1 || got[0] != want {
		t.Fatalf("configured fields: %+v", got)
	}
}

func TestDateNanosSortValues(t *testing.T) {
	f, srv := newFakeES(t, tiedDocs()...)
	f.nanos = true
	got, err := collect(context.Background(), open(t, map[string]any{"url": srv.URL, "index": "logs-*", "page_size": float64(10)}, nil), base, base.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	checkAllOnce(t, "date_nanos", got, 900)
}

func TestCredentialsAndErrors(t *testing.T) {
	f, srv := newFakeES(t, ecsDoc("logs", "1", base, "x"))
	f.apiKey = "aWQ6c2VjcmV0" // id:secret
	if got, err := collect(context.Background(), open(t, map[string]any{"url": srv.URL, "index": "logs"}, map[string]string{"api_key": "id:secret"}), base, base.Add(time.Hour)); err != nil || len(got) != 1 {
		t.Fatalf("api key: %v", err)
	}
	_, err := collect(context.Background(), open(t, map[string]any{"url": srv.URL, "index": "logs"}, map[string]string{"api_key": "id:wrong"}), base, base.Add(time.Hour))
	if want := "elasticsearch answered 401 Unauthorized: check credentials.api_key: security_exception: unable to authenticate with provided credentials"; err == nil || err.Error() != want || core.ErrorCode(err) != core.ErrUnauthorized {
		t.Fatalf("wrong key: %v", err)
	}

	f, srv = newFakeES(t, ecsDoc("logs", "1", base, "x"))
	f.user, f.password = "elastic", "changeme"
	if got, err := collect(context.Background(), open(t, map[string]any{"url": srv.URL, "index": "logs", "username": "elastic"}, map[string]string{"password": "changeme"}), base, base.Add(time.Hour)); err != nil || len(got) != 1 {
		t.Fatalf("basic: %v", err)
	}
	_, err = collect(context.Background(), open(t, map[string]any{"url": srv.URL, "index": "nope", "username": "elastic"}, map[string]string{"password": "changeme"}), base, base.Add(time.Hour))
	if want := "elasticsearch answered 404 Not Found: no index matches config.index: index_not_found_exception: no such index [nope]"; err == nil || err.Error() != want {
		t.Fatalf("missing index: %v", err)
	}
}

func TestServerErrors(t *testing.T) {
	cases := []struct {
		status int
		body   string
		code   string
		want   string
	}{
		{400, `{"error":{"root_cause":[{"type":"query_shard_exception","reason":"Failed to parse query [status:(]"}],"type":"search_phase_execution_exception"},"status":400}`,
			core.ErrInvalid, "elasticsearch answered 400 Bad Request: check config.query, config.time_field and config.tiebreaker: query_shard_exception: Failed to parse query [status:(]"},
		{503, `{"error":"proxy: upstream down"}`, core.ErrUnavailable, "elasticsearch answered 503 Service Unavailable: retry later: proxy: upstream down"},
		{200, `{"hits":{"hits":[{"_id":`, core.ErrUnavailable, "elasticsearch answered something that is not a search result: unexpected end of JSON input"},
		{200, `{"_shards":{"total":3,"failed":1,"failures":[{"reason":{"type":"illegal_argument_exception","reason":"No mapping found for [ts] in order to sort on"}}]},"hits":{"hits":[]}}`,
			core.ErrInvalid, "elasticsearch: 1 of 3 shards failed: illegal_argument_exception: No mapping found for [ts] in order to sort on (check config.time_field and config.tiebreaker)"},
		{200, `{"timed_out":true,"hits":{"hits":[]}}`, core.ErrUnavailable, "elasticsearch timed out searching; narrow config.index or config.query"},
		// Not a search result: it must not pass for an index without logs.
		{200, `{}`, core.ErrUnavailable, "elasticsearch answered JSON that is not a search result (no hits.hits): check config.url (it should be the Elasticsearch or OpenSearch server, such as https://es:9200)"},
		{200, `{"status":"green","cluster_name":"logs"}`, core.ErrUnavailable, "elasticsearch answered JSON that is not a search result (no hits.hits): check config.url (it should be the Elasticsearch or OpenSearch server, such as https://es:9200)"},
	}
	for _, c := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(c.status)
			w.Write([]byte(c.body))
		}))
		_, err := collect(context.Background(), open(t, map[string]any{"url": srv.URL, "index": "logs"}, nil), base, base.Add(time.Hour))
		srv.Close()
		if core.ErrorCode(err) != c.code || err == nil || err.Error() != c.want {
			t.Errorf("%d:\n got %v (%s)\nwant %s (%s)", c.status, err, core.ErrorCode(err), c.want, c.code)
		}
	}
}

// TestErrorOfA200AnswerKeepsNoSecret: shard failures are the server's
// words; a proxy that echoes the API key there must not put it in the
// analysis's source errors.
func TestErrorOfA200AnswerKeepsNoSecret(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"_shards":{"total":2,"failed":1,"failures":[{"reason":{"type":"security_exception","reason":"unable to authenticate with %s"}}]},"hits":{"hits":[]}}`,
			r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	_, err := collect(context.Background(), open(t, map[string]any{"url": srv.URL, "index": "logs"}, map[string]string{"api_key": "c2VjcmV0LWtleS00Mg=="}), base, base.Add(time.Hour))
	if err == nil || strings.Contains(err.Error(), "c2VjcmV0LWtleS00Mg==") ||
		err.Error() != "elasticsearch: 1 of 2 shards failed: security_exception: unable to authenticate with ApiKey [redacted]" {
		t.Fatalf("err = %v", err)
	}
}

func TestHangingServerStopsAtTheDeadline(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // the server notices a client gone only once the body is read
		<-r.Context().Done()
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	_, err := collect(ctx, open(t, map[string]any{"url": srv.URL, "index": "logs"}, nil), base, base.Add(time.Hour))
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(core.ErrorMessage(err), "did not answer in time") {
		t.Fatalf("err = %v", err)
	}
}

func TestConfigErrors(t *testing.T) {
	cases := []struct {
		config map[string]any
		creds  map[string]string
		field  string
	}{
		{map[string]any{"index": "logs"}, nil, "config.url"},
		{map[string]any{"url": "http://es:9200"}, nil, "config.index"},
		{map[string]any{"url": "http://es:9200", "index": "logs/_doc"}, nil, "config.index"},
		{map[string]any{"url": "http://es:9200", "index": "logs", "page_size": float64(20000)}, nil, "config.page_size"},
		{map[string]any{"url": "http://es:9200", "index": "logs", "time_field": "a,b"}, nil, "config.time_field"},
		{map[string]any{"url": "http://es:9200", "index": "logs", "org_id": "x"}, nil, "config.org_id"},
		{map[string]any{"url": "http://es:9200", "index": "logs"}, map[string]string{"bearer_token": "t"}, "credentials.bearer_token"},
		{map[string]any{"url": "http://es:9200", "index": "logs", "username": "u"}, map[string]string{"password": "p", "api_key": "k"}, "credentials"},
	}
	for _, c := range cases {
		_, err := Open(&project.LogSource{Type: project.SourceElastic, Config: c.config, Credentials: c.creds}, nil)
		if core.ErrorCode(err) != core.ErrInvalid || core.ErrorField(err) != c.field {
			t.Errorf("%v %v: err = %v, want one naming %s", c.config, c.creds, err, c.field)
		}
	}
}

// TestServerThatIgnoresSearchAfterIsAnError: a server that sends the same
// full page whatever search_after it is given would be streamed again and
// again until the deadline; it must be a clear error instead.
func TestServerThatIgnoresSearchAfterIsAnError(t *testing.T) {
	for _, tiebreaker := range []string{"", "event.id"} {
		var requests atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			requests.Add(1)
			a, b := base.Add(time.Minute).UnixMilli(), base.Add(2*time.Minute).UnixMilli()
			fmt.Fprintf(w, `{"hits":{"hits":[{"_index":"logs","_id":"1","_source":{"message":"one"},"sort":[%d,"1"]},`+
				`{"_index":"logs","_id":"2","_source":{"message":"two"},"sort":[%d,"2"]}]}}`, a, b)
		}))
		config := map[string]any{"url": srv.URL, "index": "logs", "page_size": 2}
		if tiebreaker != "" {
			config["tiebreaker"] = tiebreaker
		}
		s := open(t, config, nil)
		got, err := collect(t.Context(), s, base, base.Add(time.Hour))
		srv.Close()
		if core.ErrorCode(err) != core.ErrUnavailable || !strings.Contains(err.Error(), "check config.url") {
			t.Fatalf("tiebreaker %q: err = %v (%s), want an unavailable error naming config.url", tiebreaker, err, core.ErrorCode(err))
		}
		if len(got) != 2 || requests.Load() != 2 {
			t.Errorf("tiebreaker %q: streamed %d documents in %d requests, want the page's 2 once, in 2 requests", tiebreaker, len(got), requests.Load())
		}
	}
}
