package logfile

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/project"
)

func TestStreamJSON(t *testing.T) {
	dir := t.TempDir()
	writeLog(t, dir, "app.jsonl", []string{
		jsonLine(base, "INFO", "started"),
		`{"ts":` + "1709640001" + `,"lvl":"ERR","app":"billing","message":"card \"declined\" for a@b.c","request_id":"r-9"}`,
		`{"@timestamp":"2024-03-05T12:00:02.5Z","severity":"warning","msg":"slow","nested":{"msg":"not this"}}`,
	}, false, time.Time{})
	got := collect(t, source(t, map[string]any{"path": dir + "/*.jsonl", "service": "fallback"}), base, base.Add(time.Hour))
	want := []rec{
		{base, "info", "shop", "started", ""},
		{base.Add(time.Second), "error", "billing", `card "declined" for a@b.c`, ""},
		{base.Add(2500 * time.Millisecond), "warn", "fallback", "slow", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d records: %+v", len(got), got)
	}
	for i := range want {
		got[i].Line = ""
		if got[i] != want[i] {
			t.Errorf("record %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func TestStreamConfiguredFields(t *testing.T) {
	dir := t.TempDir()
	writeLog(t, dir, "app.log", []string{`{"when":"2024-03-05T12:00:00Z","sev":"E","kubernetes":{"container":"api"},"text":"boom"}`}, false, time.Time{})
	got := collect(t, source(t, map[string]any{"path": dir + "/app.log", "time_field": "when", "level_field": "sev",
		"service_field": "kubernetes.container", "message_field": "text"}), base, base.Add(time.Hour))
	if len(got) != 1 || got[0].Level != "error" || got[0].Service != "api" || got[0].Message != "boom" {
		t.Fatalf("got %+v", got)
	}
}

func TestStreamLogfmt(t *testing.T) {
	dir := t.TempDir()
	writeLog(t, dir, "app.log", []string{
		`ts=2024-03-05T12:00:00Z level=warn service=cart msg="stock low" sku=42`,
		`ts=2024-03-05T12:00:01Z level=error msg=boom`,
	}, false, time.Time{})
	got := collect(t, source(t, map[string]any{"path": dir + "/app.log", "format": "logfmt"}), base, base.Add(time.Hour))
	if len(got) != 2 || got[0].Service != "cart" || got[0].Message != "stock low" || got[1].Level != "error" {
		t.Fatalf("got %+v", got)
	}
}

func TestStreamTextWithContinuation(t *testing.T) {
	dir := t.TempDir()
	writeLog(t, dir, "app.log", []string{
		"orphan line before any record",
		"2024-03-05 12:00:00,000 ERROR payment failed",
		"java.lang.IllegalStateException: declined",
		"\tat com.shop.Pay.charge(Pay.java:42)",
		"2024-03-05 12:00:01,000 [INFO] retry ok",
	}, false, time.Time{})
	s := source(t, map[string]any{"path": dir + "/app.log", "format": "text", "service": "pay"})
	got := collect(t, s, base, base.Add(time.Hour))
	want := []rec{
		{base, "error", "pay", "payment failed\njava.lang.IllegalStateException: declined\n\tat com.shop.Pay.charge(Pay.java:42)",
			"2024-03-05 12:00:00,000 ERROR payment failed\njava.lang.IllegalStateException: declined\n\tat com.shop.Pay.charge(Pay.java:42)"},
		{base.Add(time.Second), "info", "pay", "retry ok", "2024-03-05 12:00:01,000 [INFO] retry ok"},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
	if st := s.Stats(); st.NoTime != 1 || st.Records != 2 {
		t.Errorf("stats = %+v", st)
	}
}

func TestStreamSyslogYearFromWindow(t *testing.T) {
	dir := t.TempDir()
	writeLog(t, dir, "syslog", []string{"Dec 31 23:59:59 host app: last of the year", "Jan  1 00:00:01 host app: first"}, false, time.Time{})
	from := time.Date(2024, 12, 31, 23, 0, 0, 0, time.UTC)
	got := collect(t, source(t, map[string]any{"path": dir + "/syslog", "format": "text"}), from, from.Add(2*time.Hour))
	if len(got) != 2 || got[0].Time.Year() != 2024 || got[1].Time.Year() != 2025 {
		t.Fatalf("got %+v", got)
	}
}

func TestWindowIsHalfOpen(t *testing.T) {
	dir := t.TempDir()
	writeLog(t, dir, "app.log", []string{
		jsonLine(base.Add(-time.Nanosecond), "info", "before"),
		jsonLine(base, "info", "first"),
		jsonLine(base.Add(time.Minute-time.Nanosecond), "info", "last"),
		jsonLine(base.Add(time.Minute), "info", "after"),
	}, false, time.Time{})
	s := source(t, map[string]any{"path": dir + "/app.log"})
	got := messages(collect(t, s, base, base.Add(time.Minute)))
	if !slices.Equal(got, []string{"first", "last"}) {
		t.Fatalf("got %q", got)
	}
	if st := s.Stats(); st.OutOfWindow != 2 || st.Lines != 4 {
		t.Errorf("stats = %+v", st)
	}
}

func TestBadLinesCountedAndSkipped(t *testing.T) {
	dir := t.TempDir()
	writeLog(t, dir, "app.log", []string{
		jsonLine(base, "info", "good"),
		`{"level":"info","msg":"no time"}`,
		`{"time":"five past twelve","msg":"bad time"}`,
		`panic: runtime error (not json)`,
		"",
		"{\"time\":\"2024-03-05T12:00:01Z\",\"msg\":\"bad \xff\xfe utf8\"}",
	}, false, time.Time{})
	s := source(t, map[string]any{"path": dir + "/app.log"})
	got := messages(collect(t, s, base, base.Add(time.Hour)))
	if !slices.Equal(got, []string{"good", "bad \uFFFD\uFFFD utf8"}) {
		t.Fatalf("got %q", got)
	}
	st := s.Stats()
	if st.NoTime != 1 || st.BadTime != 1 || st.Malformed != 1 || st.Repaired != 1 || st.Lines != 5 || st.Records != 2 {
		t.Errorf("stats = %+v", st)
	}
	if w := st.Warnings(); len(w) != 4 {
		t.Errorf("warnings = %q", w)
	}
}

func TestNoFileMatches(t *testing.T) {
	s := source(t, map[string]any{"path": "/nonexistent/dir/*.jsonl"})
	err := s.Stream(context.Background(), base, base.Add(time.Hour), func(*analysis.Record) error { return nil })
	if core.ErrorCode(err) != core.ErrUnavailable || !strings.Contains(err.Error(), "no file matches /nonexistent/dir/*.jsonl") {
		t.Fatalf("err = %v", err)
	}
}

func TestCallbackErrorStopsTheStream(t *testing.T) {
	dir := t.TempDir()
	writeLog(t, dir, "app.log", []string{jsonLine(base, "info", "a"), jsonLine(base, "info", "b")}, false, time.Time{})
	stop := errors.New("enough")
	n := 0
	err := source(t, map[string]any{"path": dir + "/app.log"}).Stream(context.Background(), base, base.Add(time.Hour),
		func(*analysis.Record) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("err = %v after %d records", err, n)
	}
}

func TestContextCancelled(t *testing.T) {
	dir := t.TempDir()
	lines := make([]string, 20000)
	for i := range lines {
		lines[i] = jsonLine(base, "info", "x")
	}
	writeLog(t, dir, "app.log", lines, false, time.Time{})
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err := source(t, map[string]any{"path": dir + "/app.log"}).Stream(ctx, base, base.Add(time.Hour), func(*analysis.Record) error {
		if n++; n == 10 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || n >= len(lines) {
		t.Fatalf("err = %v after %d records", err, n)
	}
}

func TestConfigErrors(t *testing.T) {
	cases := []struct {
		config map[string]any
		field  string
	}{
		{map[string]any{}, "config.path"},
		{map[string]any{"path": "logs/*.log"}, "config.path"},
		{map[string]any{"path": "/var/log/[*.log"}, "config.path"},
		{map[string]any{"path": "/var/log/*.log", "format": "xml"}, "config.format"},
		{map[string]any{"path": "/var/log/*.log", "format": "auto"}, "config.format"},
		{map[string]any{"path": "/var/log/*.log", "time_feild": "ts"}, "config.time_feild"},
		{map[string]any{"path": "/var/log/*.log", "max_line_bytes": float64(10)}, "config.max_line_bytes"},
	}
	for _, c := range cases {
		_, err := Open(&project.LogSource{Type: project.SourceFile, Config: c.config})
		if core.ErrorCode(err) != core.ErrInvalid || core.ErrorField(err) != c.field {
			t.Errorf("%v: err = %v, want one naming %s", c.config, err, c.field)
		}
	}
}
