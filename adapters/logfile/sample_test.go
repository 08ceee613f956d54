package logfile

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestSampleNewestFileTail(t *testing.T) {
	dir := t.TempDir()
	writeLog(t, dir, "app.log.1", []string{jsonLine(base, "info", "old file")}, false, time.Now().Add(-time.Hour))
	var lines []string
	for i := range 20000 { // bigger than the tail that is read
		lines = append(lines, jsonLine(base.Add(time.Duration(i)*time.Second), "info", fmt.Sprint("line ", i)))
	}
	lines = append(lines, `{"level":"error","msg":"no time here"}`)
	writeLog(t, dir, "app.log", lines, false, time.Now())
	got, err := source(t, map[string]any{"path": dir + "/app.log"}).Sample(context.Background(), 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Message != "line 19998" || got[1].Message != "line 19999" || got[1].Service != "shop" {
		t.Fatalf("got %+v", got)
	}
	if p := got[2]; p.Problem == "" || !strings.Contains(p.Problem, "config.time_field") || p.Message != `{"level":"error","msg":"no time here"}` {
		t.Fatalf("problem line = %+v", p)
	}
}

func TestSampleGzipAndEmptyNewest(t *testing.T) {
	dir := t.TempDir()
	writeLog(t, dir, "app.log.1.gz", []string{jsonLine(base, "warn", "a"), jsonLine(base, "warn", "b")}, true, time.Now().Add(-time.Hour))
	writeLog(t, dir, "app.log", nil, false, time.Now()) // just rotated: empty
	got, err := source(t, map[string]any{"path": dir + "/app.log"}).Sample(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[1].Message != "b" || got[1].Level != "warn" || !got[1].Time.Equal(base) {
		t.Fatalf("got %+v", got)
	}
}

func TestSampleTruncatesLongMessages(t *testing.T) {
	dir := t.TempDir()
	writeLog(t, dir, "app.log", []string{jsonLine(base, "info", strings.Repeat("é", 400))}, false, time.Time{})
	got, err := source(t, map[string]any{"path": dir + "/app.log"}).Sample(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !got[0].Truncated || len(got[0].Message) > 500 || strings.ContainsRune(got[0].Message, '\uFFFD') {
		t.Fatalf("got %+v", got)
	}
}

func TestSampleNoFile(t *testing.T) {
	_, err := source(t, map[string]any{"path": "/nonexistent/*.jsonl"}).Sample(context.Background(), 5)
	if err == nil || err.Error() != "no file matches /nonexistent/*.jsonl (config.path)" {
		t.Fatalf("err = %v", err)
	}
}
