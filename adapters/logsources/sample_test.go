package logsources

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/project"
)

var now = time.Date(2024, 3, 5, 12, 0, 0, 0, time.UTC)

func registry() *Registry {
	return New(Options{Now: func() time.Time { return now }, SampleTimeout: 2 * time.Second})
}

func TestSampleFile(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := range 10 {
		fmt.Fprintf(&b, `{"time":"2024-03-05T11:59:%02dZ","level":"info","msg":"line %d"}`+"\n", i, i)
	}
	b.WriteString("not json at all\n")
	if err := os.WriteFile(filepath.Join(dir, "app.jsonl"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := registry().Sample(context.Background(), &project.LogSource{Type: "file", Config: map[string]any{"path": dir + "/*.jsonl"}}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Message != "line 8" || got[1].Level != "info" || got[2].Problem != "not a JSON object; check config.format" {
		t.Fatalf("got %+v", got)
	}
	_, err = registry().Sample(context.Background(), &project.LogSource{Type: "file", Config: map[string]any{"path": dir + "/*.log"}}, 3)
	if want := "no file matches " + dir + "/*.log (config.path)"; core.ErrorMessage(err) != want {
		t.Fatalf("got %q, want %q", core.ErrorMessage(err), want)
	}
}

func TestSampleLoki(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pass, _ := r.BasicAuth(); pass != "right-password" {
			http.Error(w, "invalid credentials for "+pass, http.StatusUnauthorized)
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"status": "success", "data": map[string]any{"resultType": "streams",
			"result": []any{map[string]any{"stream": map[string]string{"app": "shop"}, "values": [][]string{
				{fmt.Sprint(now.Add(-time.Second).UnixNano()), `level=warn msg="low stock"`}}}}}})
	}))
	defer srv.Close()
	ls := &project.LogSource{Type: "loki", Config: map[string]any{"url": srv.URL, "query": `{app="shop"}`, "username": "u"},
		Credentials: map[string]string{"password": "right-password"}}
	got, err := registry().Sample(context.Background(), ls, 5)
	if err != nil || len(got) != 1 || got[0].Message != "low stock" || got[0].Service != "shop" || got[0].Level != "warn" {
		t.Fatalf("got %+v, %v", got, err)
	}
	ls.Credentials["password"] = "wrong-password"
	_, err = registry().Sample(context.Background(), ls, 5)
	msg := core.ErrorMessage(err)
	if !strings.HasPrefix(msg, "loki answered 401 Unauthorized: check config.username and credentials.password") || strings.Contains(err.Error(), "wrong-password") {
		t.Fatalf("got %q", err)
	}
}

func TestSampleElasticConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	_, err = registry().Sample(context.Background(), &project.LogSource{Type: "elastic",
		Config: map[string]any{"url": "http://" + addr, "index": "logs-*"}, Credentials: map[string]string{"api_key": "secret-key"}}, 5)
	want := "connection refused to http://" + addr + ": is elasticsearch running there? check config.url"
	if core.ErrorCode(err) != core.ErrUnavailable || core.ErrorMessage(err) != want || strings.Contains(err.Error(), "secret-key") {
		t.Fatalf("got %q", err)
	}
}

func TestSampleElastic(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"hits":{"hits":[{"_index":"logs","_id":"1","_source":{"@timestamp":"2024-03-05T11:59:59Z","log":{"level":"error"},"service":{"name":"api"},"message":"boom"},"sort":[1709639999000]}]}}`))
	}))
	defer srv.Close()
	got, err := registry().Sample(context.Background(), &project.LogSource{Type: "elastic", Config: map[string]any{"url": srv.URL, "index": "logs"}}, 5)
	if err != nil || len(got) != 1 || got[0].Message != "boom" || got[0].Level != "error" || !got[0].Time.Equal(now.Add(-time.Second)) {
		t.Fatalf("got %+v, %v", got, err)
	}
}

func TestSampleTimeLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer srv.Close()
	r := New(Options{SampleTimeout: 100 * time.Millisecond})
	start := time.Now()
	_, err := r.Sample(context.Background(), &project.LogSource{Type: "loki", Config: map[string]any{"url": srv.URL, "query": `{a="b"}`}}, 5)
	if core.ErrorCode(err) != core.ErrUnavailable || !strings.Contains(core.ErrorMessage(err), "did not answer in time") || time.Since(start) > 5*time.Second {
		t.Fatalf("got %v", err)
	}
}

func TestSampleBounds(t *testing.T) {
	for _, n := range []int{0, MaxSample + 1} {
		_, err := registry().Sample(context.Background(), &project.LogSource{Type: "file", Config: map[string]any{"path": "/x/*"}}, n)
		if core.ErrorField(err) != "n" {
			t.Errorf("n=%d: %v", n, err)
		}
	}
}
