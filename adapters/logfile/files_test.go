package logfile

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
)

// Rotated files (plain, numbered, gzipped, dated) are read with the live one,
// oldest first; gzip is recognised by content, not by name.
func TestGlobReadsRotatedFilesInOrder(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	writeLog(t, dir, "app.log.2.gz", []string{jsonLine(base, "info", "oldest")}, true, now.Add(-3*time.Hour))
	writeLog(t, dir, "app.log-20240305", []string{jsonLine(base.Add(time.Second), "info", "dated, gzip without .gz")}, true, now.Add(-2*time.Hour))
	writeLog(t, dir, "app.log.1", []string{jsonLine(base.Add(2*time.Second), "info", "rotated")}, false, now.Add(-time.Hour))
	writeLog(t, dir, "app.log", []string{jsonLine(base.Add(3*time.Second), "info", "live")}, false, now)
	writeLog(t, dir, "other.log", []string{jsonLine(base, "info", "not matched")}, false, now)
	if err := os.Mkdir(filepath.Join(dir, "app.log.9"), 0o755); err != nil { // directories are ignored
		t.Fatal(err)
	}
	got := messages(collect(t, source(t, map[string]any{"path": dir + "/app.log"}), base, base.Add(time.Hour)))
	want := []string{"oldest", "dated, gzip without .gz", "rotated", "live"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestGlobAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	for i, svc := range []string{"api", "worker", "web"} {
		writeLog(t, dir, svc+".jsonl", []string{jsonLine(base.Add(time.Duration(i)*time.Second), "info", svc)}, false,
			time.Now().Add(time.Duration(i)*time.Second))
	}
	got := messages(collect(t, source(t, map[string]any{"path": dir + "/*.jsonl"}), base, base.Add(time.Hour)))
	if !slices.Equal(got, []string{"api", "worker", "web"}) {
		t.Fatalf("got %q", got)
	}
}

// A file last written before the window is not opened: its lines are
// older than its modification time.
func TestFilesEndingBeforeTheWindowArePruned(t *testing.T) {
	dir := t.TempDir()
	from := time.Now().Add(-time.Hour)
	// The stale file claims in-window lines; pruning trusts the mtime, which
	// is how the test sees that the file was not read.
	writeLog(t, dir, "app.log.1", []string{jsonLine(from.Add(time.Minute), "info", "stale")}, false, from.Add(-mtimeSlack-time.Minute))
	writeLog(t, dir, "app.log.2", []string{jsonLine(from.Add(time.Minute), "info", "within slack")}, false, from.Add(-mtimeSlack+time.Minute))
	writeLog(t, dir, "app.log", []string{jsonLine(from.Add(time.Minute), "info", "live")}, false, time.Time{})
	s := source(t, map[string]any{"path": dir + "/app.log"})
	got := messages(collect(t, s, from, time.Now()))
	if !slices.Equal(got, []string{"within slack", "live"}) {
		t.Fatalf("got %q", got)
	}
	if st := s.Stats(); st.FilesPruned != 1 || st.Files != 2 {
		t.Errorf("stats = %+v", st)
	}
}

func TestLongLinesSkippedAndCounted(t *testing.T) {
	dir := t.TempDir()
	huge := strings.Repeat("x", 3<<20)           // past the default 1 MiB limit and many read buffers
	big := strings.Repeat("y", readBufferSize*3) // longer than the read buffer, under the limit
	writeLog(t, dir, "app.log", []string{
		jsonLine(base, "info", "before"),
		jsonLine(base, "info", huge),
		jsonLine(base, "info", big),
		jsonLine(base, "info", "after"),
		`{"time":"2024-03-05T12:00:00Z","msg":"` + huge, // unterminated last line, too long
	}, false, time.Time{})
	s := source(t, map[string]any{"path": dir + "/app.log"})
	got := messages(collect(t, s, base, base.Add(time.Hour)))
	if !slices.Equal(got, []string{"before", big, "after"}) {
		t.Fatalf("got %d records", len(got))
	}
	if st := s.Stats(); st.TooLong != 2 {
		t.Errorf("stats = %+v", st)
	}
}

func TestLastLineWithoutNewline(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "app.log")
	if err := os.WriteFile(path, []byte(jsonLine(base, "info", "a")+"\r\n"+jsonLine(base, "info", "b")), 0o644); err != nil {
		t.Fatal(err)
	}
	got := collect(t, source(t, map[string]any{"path": path}), base, base.Add(time.Hour))
	if len(got) != 2 || got[1].Message != "b" || strings.HasSuffix(got[0].Line, "\r") {
		t.Fatalf("got %+v", got)
	}
}

// Message and Line point into reused buffers: a callback that keeps them
// (instead of copying) is wrong, and this test shows why. What it must be
// able to rely on is that the values are right during the callback, for
// short lines, lines past the read buffer, escaped messages and text
// records with continuation lines, across files.
func TestBufferReuse(t *testing.T) {
	dir := t.TempDir()
	var want []string
	var lines []string
	for i := range 600 {
		pad := i % 7 * 10
		if i%50 == 0 {
			pad = readBufferSize + i // past the read buffer: gathered in the long-line buffer
		}
		msg := fmt.Sprintf("message %d %s", i, strings.Repeat("z", pad))
		if i%3 == 0 {
			msg += ` with \"escapes\"`
		}
		lines = append(lines, jsonLine(base.Add(time.Duration(i)*time.Millisecond), "info", msg))
		want = append(want, strings.ReplaceAll(msg, `\"`, `"`))
	}
	writeLog(t, dir, "a.log", lines[:300], false, time.Now().Add(-time.Minute))
	writeLog(t, dir, "b.log", lines[300:], true, time.Now())
	var kept [][]byte
	i := 0
	err := source(t, map[string]any{"path": dir + "/*.log"}).Stream(context.Background(), base, base.Add(time.Hour), func(r *analysis.Record) error {
		if string(r.Message) != want[i] || !strings.Contains(string(r.Line), fmt.Sprintf("message %d ", i)) {
			t.Fatalf("record %d: message %.40q", i, r.Message)
		}
		kept = append(kept, r.Message) // the mistake the doc warns about
		i++
		return nil
	})
	if err != nil || i != len(want) {
		t.Fatalf("err %v after %d records", err, i)
	}
	overwritten := 0
	for j, m := range kept {
		if string(m) != want[j] {
			overwritten++
		}
	}
	if overwritten == 0 {
		t.Error("no retained message was overwritten: buffers are not reused, memory will grow with the volume")
	}
}

// Two analyses may stream the same source at once (the window and its
// baseline); run with -race.
func TestConcurrentStreams(t *testing.T) {
	dir := t.TempDir()
	var lines []string
	for i := range 500 {
		lines = append(lines, jsonLine(base.Add(time.Duration(i)*time.Second), "info", fmt.Sprint(i)))
	}
	writeLog(t, dir, "app.log", lines, false, time.Time{})
	s := source(t, map[string]any{"path": dir + "/app.log"})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if got := collect(t, s, base, base.Add(time.Hour)); len(got) != 500 {
				t.Errorf("got %d records", len(got))
			}
		})
	}
	wg.Wait()
	if st := s.Stats(); st.Records != 2000 {
		t.Errorf("stats = %+v", st)
	}
}

func TestCorruptGzipIsAClearError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "app.log.1.gz")
	if err := os.WriteFile(path, []byte("\x1f\x8bnot really gzip"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := source(t, map[string]any{"path": dir + "/app.log"}).Stream(context.Background(), base, base.Add(time.Hour),
		func(*analysis.Record) error { return nil })
	if core.ErrorCode(err) != core.ErrUnavailable || !strings.HasPrefix(core.ErrorMessage(err), "cannot read "+path+": gzip: ") {
		t.Fatalf("err = %v", err)
	}
	_, err = source(t, map[string]any{"path": dir + "/app.log"}).Sample(context.Background(), 5)
	if core.ErrorCode(err) != core.ErrUnavailable {
		t.Fatalf("sample err = %v", err)
	}
}

func TestByteOrderMarkIsSkipped(t *testing.T) {
	dir := t.TempDir()
	writeLog(t, dir, "app.log", []string{"\xef\xbb\xbf" + jsonLine(base, "info", "first")}, false, time.Time{})
	if got := messages(collect(t, source(t, map[string]any{"path": dir + "/app.log"}), base, base.Add(time.Hour))); !slices.Equal(got, []string{"first"}) {
		t.Fatalf("got %q", got)
	}
}
