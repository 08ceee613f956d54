package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// generateLogs writes n JSON lines spread over the two hours before the
// incident end (half baseline, half window): about 200 bytes each, six
// services, a few hundred templates, an error spike in the window.
func generateLogs(tb testing.TB, path string, n int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	end := time.Date(2026, 3, 10, 15, 20, 0, 0, time.UTC)
	start := end.Add(-4 * time.Hour)
	step := 4 * time.Hour / time.Duration(n)
	services := []string{"checkout", "payment-api", "search", "auth", "catalog", "email"}
	for i := 0; i < n; i++ {
		ts := start.Add(time.Duration(i) * step)
		svc := services[i%len(services)]
		level, msg := "info", fmt.Sprintf("handled request %d for user-%d in %dms route=/api/v%d/items/%d", i, i%9973, i%700, i%3, i%257)
		switch {
		case ts.After(end.Add(-75*time.Minute)) && i%40 == 0:
			level, svc, msg = "error", "payment-api", fmt.Sprintf("Timeout calling provider after %dms (attempt %d)", 5000+i%13, i%3)
		case i%500 == 0:
			level, msg = "warn", fmt.Sprintf("slow query on table t%d took %dms", i%17, 900+i%300)
		}
		fmt.Fprintf(w, `{"time":"%s","level":"%s","service":"%s","msg":"%s","request_id":"req_%08x","user":"user%d@example.com"}`+"\n",
			ts.Format(time.RFC3339Nano), level, svc, msg, i, i%9973)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkAnalyzeLines runs bin/sigsentry analyze as a process with 100k,
// 1M and 5M JSON lines in the incident window (and as many again in the
// baseline window before it, which the analysis also reads) and reports
// wall time, lines read per second and the process's peak resident memory
// (getrusage of the child).
//
//	go test -run '^$' -bench AnalyzeLines -benchtime 1x ./cmd/sigsentry/
func BenchmarkAnalyzeLines(b *testing.B) {
	for _, inWindow := range []int{100_000, 1_000_000, 5_000_000} {
		n := 2 * inWindow
		b.Run(fmt.Sprintf("window=%dk", inWindow/1000), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "app.jsonl")
			generateLogs(b, path, n)
			b.ResetTimer()
			var peak int64
			for i := 0; i < b.N; i++ {
				cmd := exec.Command(binPath, "analyze", "--source", "file:"+path, "--from", "2026-03-10T13:20:00Z",
					"--to", "2026-03-10T15:20:00Z", "--text", "checkout fails for user42@example.com", "--service", "checkout")
				cmd.Stdout = nil
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("analyze: %v\n%s", err, out)
				}
				if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > peak {
					peak = ru.Maxrss
				}
			}
			sec := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(sec, "s/analysis")
			b.ReportMetric(float64(n)/sec, "lines/s")
			b.ReportMetric(float64(peak)/1024, "peak-RSS-MB")
		})
	}
}
