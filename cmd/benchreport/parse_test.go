package main

import (
	"strings"
	"testing"
)

const sample = `goos: linux
goarch: amd64
pkg: github.com/sigsentry/hub/cmd/sigsentry
cpu: AMD EPYC 7B13
BenchmarkWebhookAccept/baseline-2         	   40000	     18000 ns/op	     55012 accepted/s	         0 refused
BenchmarkWebhookAccept/redis
BenchmarkWebhookAccept/redis/hub-2        	   40000	    290000 ns/op	      3456 accepted/s	       271.5 hub-cpu-µs/op	     112.0 plugin-cpu-µs/op	     0 refused
    bench_test.go:321: some log line 12 with numbers
BenchmarkAckLatency/embedded/hub-2        	    5000	         0 ns/op	         3.1 p50-ms	        22.5 p99-ms	        84.0 max-ms
BenchmarkMiner                            	 3600000	       555.2 ns/op	   1801234 lines/s	       0 B/op	       0 allocs/op
BenchmarkAnalyzeLines/window=1000k-2      	       1	2100000000 ns/op	         2.1 s/analysis	    952000 lines/s	        33.2 peak-RSS-MB
--- SKIP: BenchmarkWebhookAccept/redis-postgres
PASS
ok  	github.com/sigsentry/hub/cmd/sigsentry	42.1s
`

func TestParseOutput(t *testing.T) {
	out := parseOutput(strings.NewReader(sample))
	if out.CPU != "AMD EPYC 7B13" {
		t.Errorf("CPU = %q", out.CPU)
	}
	if out.Failed {
		t.Error("Failed = true for a passing run")
	}
	if len(out.Skips) != 1 || out.Skips[0] != "BenchmarkWebhookAccept/redis-postgres" {
		t.Errorf("Skips = %q", out.Skips)
	}
	want := []struct {
		name  string
		procs int
		iters int64
		unit  string
		value float64
		n     int
	}{
		{"BenchmarkWebhookAccept/baseline", 2, 40000, "accepted/s", 55012, 3},
		{"BenchmarkWebhookAccept/redis/hub", 2, 40000, "plugin-cpu-µs/op", 112, 5},
		{"BenchmarkAckLatency/embedded/hub", 2, 5000, "p99-ms", 22.5, 4},
		{"BenchmarkMiner", 1, 3600000, "lines/s", 1801234, 4},
		{"BenchmarkAnalyzeLines/window=1000k", 2, 1, "peak-RSS-MB", 33.2, 4},
	}
	if len(out.Results) != len(want) {
		t.Fatalf("%d results, want %d: %+v", len(out.Results), len(want), out.Results)
	}
	for i, w := range want {
		r := out.Results[i]
		if r.Name != w.name || r.Procs != w.procs || r.Iterations != w.iters || len(r.Metrics) != w.n {
			t.Errorf("result %d = %s procs %d iters %d, %d metrics; want %s %d %d %d", i, r.Name, r.Procs, r.Iterations, len(r.Metrics), w.name, w.procs, w.iters, w.n)
		}
		if v, ok := r.value(w.unit); !ok || v != w.value {
			t.Errorf("%s %s = %v, %v; want %v", r.Name, w.unit, v, ok, w.value)
		}
	}
}

// A benchmark that logs to stdout while it runs splits its line: go test
// prints the name first and the figures after the log.
func TestParseOutputInterleavedLog(t *testing.T) {
	text := "BenchmarkWebhookGRPCInProcess-2   \t    3000\t     65320 ns/op\t        51.85 p50-µs\n" +
		"BenchmarkWebhookGRPCInProcess-2   \t2026-11-26T21:09:29.033Z [DEBUG] stdio EOF, exiting copy loop\n" +
		"2026-11-26T21:09:29.227Z [DEBUG] stdio: received EOF, stopping recv loop: err=\"EOF\"\n" +
		"    3000\t     64155 ns/op\t        51.77 p50-µs\n" +
		"PASS\n"
	out := parseOutput(strings.NewReader(text))
	if len(out.Results) != 2 {
		t.Fatalf("%d results, want 2: %+v", len(out.Results), out.Results)
	}
	r := out.Results[1]
	if v, _ := r.value("p50-µs"); r.Name != "BenchmarkWebhookGRPCInProcess" || r.Procs != 2 || r.Iterations != 3000 || v != 51.77 {
		t.Errorf("second result %+v", r)
	}
}

func TestParseLineRejects(t *testing.T) {
	for _, l := range []string{
		"BenchmarkWebhookAccept/redis",
		"Benchmark results follow 12 ns/op",
		"BenchmarkX-2 10 12",
		"    bench_test.go:12: BenchmarkX 10 12 ns/op",
		"ok  	github.com/sigsentry/hub	1.2s",
	} {
		if r, ok := parseLine(l); ok {
			t.Errorf("parseLine(%q) = %+v, want no result", l, r)
		}
	}
}

func TestParseOutputFailed(t *testing.T) {
	out := parseOutput(strings.NewReader("--- FAIL: BenchmarkX\nFAIL\n"))
	if !out.Failed {
		t.Error("Failed = false")
	}
}

func TestVerdict(t *testing.T) {
	out := parseOutput(strings.NewReader(sample + "BenchmarkWebhookAccept/redis/hub-2 40000 1 ns/op 2000 accepted/s\nBenchmarkWebhookAccept/redis/hub-2 40000 1 ns/op 3100 accepted/s\n"))
	checks := []check{{Row: "/hub$", Unit: "accepted/s", Op: ">=", Limit: 3000}}
	for _, r := range rows(out.Results) {
		v, missed := verdict(checks, r)
		switch r.Name {
		case "BenchmarkWebhookAccept/redis/hub":
			// median of 3456, 2000, 3100 is 3100
			if len(r.Lines) != 3 || v != "**pass**" || missed != nil {
				t.Errorf("%s: %d lines, %q %q", r.Name, len(r.Lines), v, missed)
			}
		case "BenchmarkWebhookAccept/baseline":
			if v != "" {
				t.Errorf("baseline verdict %q, want none", v)
			}
		}
	}
	r := rows(out.Results)[2] // AckLatency
	if v, missed := verdict([]check{{Unit: "p99-ms", Op: "<", Limit: 20}}, r); v != "**miss**" || len(missed) != 1 {
		t.Errorf("AckLatency verdict %q %q, want a miss", v, missed)
	}
}

func TestLoghubTable(t *testing.T) {
	text := `=== RUN   TestLoghubAccuracy
    accuracy_test.go:47: 
        system        lines templates      GA      PA    lines/s alloc-KiB
        BGL            2000       119   0.985   0.988    1341679       382
        average                         0.988   0.788
        
--- PASS: TestLoghubAccuracy (0.08s)
PASS
`
	table, ga, ok := loghubTable(text)
	if !ok || ga != 0.988 {
		t.Fatalf("average GA %v, %v; want 0.988", ga, ok)
	}
	if !strings.HasPrefix(table, "system ") || !strings.Contains(table, "BGL            2000") || strings.Contains(table, "PASS") {
		t.Errorf("table:\n%s", table)
	}
}

func TestNum(t *testing.T) {
	for v, want := range map[float64]string{55012: "55,012", 1801234.7: "1,801,235", 271.5: "271.5", 3.14159: "3.14", 0.0123: "0.0123", 0: "0", -1234: "-1,234"} {
		if got := num(v); got != want {
			t.Errorf("num(%v) = %q, want %q", v, got, want)
		}
	}
}
