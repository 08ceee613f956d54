package logsources

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/project"
)

func TestOpenDispatchesByType(t *testing.T) {
	r := New(Options{})
	cases := []struct {
		ls   project.LogSource
		want string
	}{
		{project.LogSource{Type: "file", Config: map[string]any{"path": "/var/log/app/*.jsonl"}}, "*logfile.Source"},
		{project.LogSource{Type: "loki", Config: map[string]any{"url": "http://loki:3100", "query": `{app="shop"}`}}, "*loki.Source"},
		{project.LogSource{Type: "elastic", Config: map[string]any{"url": "http://es:9200", "index": "logs-*"}}, "*elastic.Source"},
	}
	for _, c := range cases {
		src, err := r.Open(context.Background(), &c.ls)
		if err != nil {
			t.Fatalf("%s: %v", c.ls.Type, err)
		}
		if got := fmt.Sprintf("%T", src); got != c.want {
			t.Errorf("%s: opened a %s", c.ls.Type, got)
		}
		if _, ok := Stats(src); !ok {
			t.Errorf("%s: no stats", c.ls.Type)
		}
	}
}

func TestOpenErrorsNameTheSetting(t *testing.T) {
	r := New(Options{FileRoots: []string{"/srv/logs"}})
	cases := []struct {
		ls    project.LogSource
		field string
	}{
		{project.LogSource{Type: "syslog"}, "config.type"},
		{project.LogSource{Type: "file", Config: map[string]any{"path": "/etc/*"}}, "config.path"},
		{project.LogSource{Type: "file", Config: map[string]any{"path": "/srv/logs/../../etc/shadow"}}, "config.path"},
		{project.LogSource{Type: "file", Config: map[string]any{"path": "/srv/logsecrets/*"}}, "config.path"},
		{project.LogSource{Type: "loki", Config: map[string]any{"url": "http://loki:3100"}}, "config.query"},
		{project.LogSource{Type: "elastic", Config: map[string]any{"url": "http://es:9200", "index": "x", "username": "u"}}, "credentials.password"},
	}
	for _, c := range cases {
		_, err := r.Open(context.Background(), &c.ls)
		if core.ErrorCode(err) != core.ErrInvalid || core.ErrorField(err) != c.field {
			t.Errorf("%s %v: err = %v, want one naming %s", c.ls.Type, c.ls.Config, err, c.field)
		}
	}
	if _, err := r.Open(context.Background(), &project.LogSource{Type: "file", Config: map[string]any{"path": "/srv/logs/app/*.log"}}); err != nil {
		t.Errorf("inside the root: %v", err)
	}
}

// The registry's sources stream through the port as the analysis engine
// will use them.
func TestStreamThroughThePort(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2024, 3, 5, 12, 0, 0, 0, time.UTC)
	line := `{"time":"2024-03-05T12:00:00Z","level":"error","service":"pay","msg":"declined"}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "app.jsonl"), []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	var sources analysis.Sources = New(Options{FileRoots: []string{dir}})
	src, err := sources.Open(context.Background(), &project.LogSource{Type: "file", Config: map[string]any{"path": dir + "/*.jsonl"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	err = src.Stream(context.Background(), at, at.Add(time.Minute), func(r *analysis.Record) error {
		got = append(got, r.Level+" "+r.Service+" "+string(r.Message))
		return nil
	})
	if err != nil || len(got) != 1 || got[0] != "error pay declined" {
		t.Fatalf("got %q, %v", got, err)
	}
	if st, _ := Stats(src); st.Records != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestEmptyWindowReadsNothing(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request for an empty window: %s", r.URL)
	}))
	defer srv.Close()
	at := time.Now()
	for _, ls := range []project.LogSource{
		{Type: "file", Config: map[string]any{"path": "/nonexistent/*.log"}},
		{Type: "loki", Config: map[string]any{"url": srv.URL, "query": `{a="b"}`}},
		{Type: "elastic", Config: map[string]any{"url": srv.URL, "index": "logs"}},
	} {
		src, err := New(Options{}).Open(context.Background(), &ls)
		if err != nil {
			t.Fatal(err)
		}
		if err := src.Stream(context.Background(), at, at, func(*analysis.Record) error { return errors.New("a record") }); err != nil {
			t.Errorf("%s: %v", ls.Type, err)
		}
	}
}
