package logfile

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/sigsentry/hub/core/analysis"
)

// writeGenerated writes n realistic JSON lines (about 260 bytes: time, level,
// service, message, request id, user email, duration, path) to dir/app.jsonl.
func writeGenerated(tb testing.TB, dir string, n int) (string, time.Time, time.Time) {
	tb.Helper()
	path := filepath.Join(dir, "app.jsonl")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	levels := []string{"info", "info", "info", "debug", "warn", "error"}
	services := []string{"checkout", "payments", "inventory", "gateway"}
	msgs := []string{"order placed", "payment authorized for order %d", "stock reserved", "upstream timeout after %dms", "cache miss for key user:%d"}
	start := time.Date(2024, 3, 5, 12, 0, 0, 0, time.UTC)
	for i := range n {
		at := start.Add(time.Duration(i) * time.Millisecond)
		fmt.Fprintf(w, `{"time":"%s","level":"%s","service":"%s","msg":"%s","request_id":"%08x-4e2b-4c1d-9f3a-%012x","user":{"email":"user%d@example.com","id":%d},"duration_ms":%d.%d,"path":"/api/v1/orders/%d"}`+"\n",
			at.Format("2006-01-02T15:04:05.000Z07:00"), levels[i%len(levels)], services[i%len(services)],
			fmt.Sprintf(msgs[i%len(msgs)], i%9973), i, i*7919, i%5000, i%5000, i%300, i%10, i)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return path, start, start.Add(time.Duration(n) * time.Millisecond)
}

// BenchmarkFileJSON streams 1,000,000 generated JSON lines, the volume the
// analysis engine must handle in under 5 s; the reader's share should stay
// well under one second on one core.
//
//	go test -run '^$' -bench FileJSON -benchmem -cpu 1 ./adapters/logfile
func BenchmarkFileJSON(b *testing.B) {
	const n = 1_000_000
	path, from, to := writeGenerated(b, b.TempDir(), n)
	info, _ := os.Stat(path)
	s := source(b, map[string]any{"path": path})
	ctx := context.Background()
	var records int
	cpu := processCPU()
	for b.Loop() {
		records = 0
		err := s.Stream(ctx, from, to, func(r *analysis.Record) error {
			if len(r.Message) > 0 && r.Level != "" {
				records++
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if records != n {
		b.Fatalf("streamed %d records, want %d", records, n)
	}
	b.SetBytes(info.Size())
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	// Wall time depends on what else the shared machine runs; CPU time
	// (all threads, the garbage collector included) much less.
	b.ReportMetric(float64(n)*float64(b.N)/(processCPU()-cpu).Seconds(), "lines/cpu-s")
}

// BenchmarkFileJSONGzip is BenchmarkFileJSON over a gzipped file: the
// decompression is most of the cost.
//
//	go test -run '^$' -bench FileJSONGzip -benchmem -cpu 1 ./adapters/logfile
func BenchmarkFileJSONGzip(b *testing.B) {
	const n = 1_000_000
	dir := b.TempDir()
	plain, from, to := writeGenerated(b, dir, n)
	path := plain + ".1.gz"
	gzipFile(b, plain, path)
	os.Remove(plain)
	s := source(b, map[string]any{"path": plain})
	var records int
	cpu := processCPU()
	for b.Loop() {
		records = 0
		if err := s.Stream(context.Background(), from, to, func(*analysis.Record) error { records++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
	if records != n {
		b.Fatalf("streamed %d records, want %d", records, n)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	b.ReportMetric(float64(n)*float64(b.N)/(processCPU()-cpu).Seconds(), "lines/cpu-s")
}

func gzipFile(tb testing.TB, from, to string) {
	tb.Helper()
	in, err := os.Open(from)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		tb.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(out, gzip.BestSpeed)
	if _, err := io.Copy(zw, in); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
}

// Memory must stay flat as the volume grows: streaming must not allocate
// per line. The test fails if 100,000 lines allocate more than 512 KiB in
// total: the buffers take about 150 KiB, and even one 8-byte allocation
// per line would add 800 KiB.
func TestStreamMemoryIsFlat(t *testing.T) {
	path, from, to := writeGenerated(t, t.TempDir(), 100_000)
	s := source(t, map[string]any{"path": path})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	n := 0
	if err := s.Stream(context.Background(), from, to, func(*analysis.Record) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if n != 100_000 {
		t.Fatalf("streamed %d", n)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 512<<10 {
		t.Fatalf("streaming 100,000 lines allocated %d bytes", alloc)
	}
}
