package main

import (
	"bufio"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// metric is one "value unit" pair of a benchmark line.
type metric struct {
	Value float64
	Unit  string
}

// result is one benchmark line of go test output, e.g.
//
//	BenchmarkWebhookAccept/baseline-2   40000   18000 ns/op   55000 accepted/s   0 refused
type result struct {
	Name       string // without the -GOMAXPROCS suffix
	Procs      int    // the suffix; 1 when there is none
	Iterations int64
	Metrics    []metric
}

// value returns the value of unit and whether the line reports it.
func (r result) value(unit string) (float64, bool) {
	for _, m := range r.Metrics {
		if m.Unit == unit {
			return m.Value, true
		}
	}
	return 0, false
}

// output is what parseOutput takes from one go test run.
type output struct {
	Results []result
	CPU     string // the "cpu:" line go test prints
	Failed  bool   // a FAIL line was printed
	Skips   []string
}

var procsSuffix = regexp.MustCompile(`-(\d+)$`)

// parseLine parses one benchmark result line; ok is false for anything
// else (headers, logs, PASS, ok lines, a benchmark name printed alone
// before its logs).
func parseLine(line string) (result, bool) {
	fields := strings.Fields(line)
	if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") || len(fields)%2 != 0 {
		return result{}, false
	}
	iters, err := strconv.ParseInt(fields[1], 10, 64)
	if err != nil {
		return result{}, false
	}
	r := result{Name: fields[0], Procs: 1, Iterations: iters}
	if m := procsSuffix.FindStringSubmatch(r.Name); m != nil {
		r.Procs, _ = strconv.Atoi(m[1])
		r.Name = strings.TrimSuffix(r.Name, m[0])
	}
	for i := 2; i+1 < len(fields); i += 2 {
		v, err := strconv.ParseFloat(fields[i], 64)
		if err != nil {
			return result{}, false
		}
		r.Metrics = append(r.Metrics, metric{Value: v, Unit: fields[i+1]})
	}
	return r, true
}

// parseOutput reads go test -bench output.
func parseOutput(rd io.Reader) output {
	var out output
	sc := bufio.NewScanner(rd)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	// go test prints a benchmark's name before running it and its figures
	// after; whatever the benchmark writes to stdout meanwhile (plugin
	// logs) lands between the two, so a name left alone on a line waits for
	// the figures on a later one.
	pending := ""
	for sc.Scan() {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "cpu: "):
			out.CPU = strings.TrimPrefix(line, "cpu: ")
		case strings.HasPrefix(line, "FAIL") || strings.HasPrefix(trimmed, "--- FAIL"):
			out.Failed = true
		case strings.HasPrefix(trimmed, "--- SKIP"):
			out.Skips = append(out.Skips, strings.TrimPrefix(trimmed, "--- SKIP: "))
		default:
			if r, ok := parseLine(line); ok {
				out.Results = append(out.Results, r)
				pending = ""
			} else if r, ok := parseLine(pending + " " + trimmed); pending != "" && ok {
				out.Results = append(out.Results, r)
				pending = ""
			} else if f := strings.Fields(line); len(f) > 0 && strings.HasPrefix(line, "Benchmark") {
				pending = f[0]
			}
		}
	}
	return out
}

// loghubTable returns the table TestLoghubAccuracy logs (go test -v) and
// its average grouping accuracy (ok false when there is none).
func loghubTable(text string) (table string, avgGA float64, ok bool) {
	lines := strings.Split(text, "\n")
	start := -1
	for i, l := range lines {
		if strings.Contains(l, "accuracy_test.go:") && strings.HasSuffix(strings.TrimSpace(l), ":") {
			start = i + 1
			break
		}
	}
	if start < 0 {
		return "", 0, false
	}
	var b strings.Builder
	for _, l := range lines[start:] {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "--- ") || t == "PASS" || t == "FAIL" {
			break
		}
		if t == "" {
			continue
		}
		b.WriteString(strings.TrimPrefix(l, "        "))
		b.WriteByte('\n')
		if f := strings.Fields(t); len(f) >= 3 && f[0] == "average" {
			if v, err := strconv.ParseFloat(f[1], 64); err == nil {
				avgGA, ok = v, true
			}
		}
	}
	return b.String(), avgGA, ok
}
