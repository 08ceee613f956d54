package logfile

import (
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/adapters/logline"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/project"
)

var base = time.Date(2024, 3, 5, 12, 0, 0, 0, time.UTC)

// writeLog writes lines to dir/name, gzipped when gz, with the given
// modification time (zero: now).
func writeLog(t testing.TB, dir, name string, lines []string, gz bool, mtime time.Time) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Join(lines, "\n") + "\n"
	if gz {
		zw := gzip.NewWriter(f)
		if _, err := zw.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	} else if _, err := f.WriteString(body); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if !mtime.IsZero() {
		if err := os.Chtimes(path, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// rec is a record copied out of the callback, as a correct caller must.
type rec struct {
	Time    time.Time
	Level   string
	Service string
	Message string
	Line    string
}

func source(t testing.TB, config map[string]any) *Source {
	t.Helper()
	s, err := Open(&project.LogSource{Type: project.SourceFile, Config: config})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func collect(t testing.TB, s *Source, from, to time.Time) []rec {
	t.Helper()
	var out []rec
	err := s.Stream(context.Background(), from, to, func(r *analysis.Record) error {
		out = append(out, rec{r.Time, r.Level, r.Service, string(r.Message), string(r.Line)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func jsonLine(at time.Time, level, msg string) string {
	return `{"time":"` + at.Format(time.RFC3339Nano) + `","level":"` + level + `","service":"shop","msg":"` + msg + `"}`
}

func messages(recs []rec) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.Message
	}
	return out
}

func statsOf(s *Source) logline.Stats { return s.Stats() }
