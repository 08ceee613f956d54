// Command benchreport runs the project's benchmarks (the figures README.md's
// "Measured performance" table reports), in one run on one machine, and
// writes them with the commands that produced them, the machine they ran
// on, their targets and the baselines measured alongside to a Markdown
// file. make bench runs it:
//
//	go run ./cmd/benchreport -o BENCHMARKS.md           # the full set, about 5 minutes on 2 cores
//	go run ./cmd/benchreport -quick -o /tmp/BENCH.md    # shorter benchtimes, a smoke run
//	go run ./cmd/benchreport -only 'webhook|plugin'     # the benchmarks whose name matches
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"time"
)

// check is a numeric target: rows whose name matches Row (all rows when
// empty) must report Unit Op Limit.
type check struct {
	Row   string
	Unit  string
	Op    string // "<" or ">="
	Limit float64
}

// benchmark is one go test -bench command of the report.
type benchmark struct {
	Name       string   // short id, matched by -only
	Title      string   // what it measures
	Pkg        string   // ./path/
	Bench      string   // -bench regexp
	Benchtime  string   // -benchtime
	Args       []string // more go test flags (-count, -cpu, -benchmem)
	QuickBench string   // -bench under -quick; Bench when empty
	QuickTime  string   // -benchtime under -quick
	QuickArgs  []string // Args under -quick; Args when nil
	Show       []string // the units shown as columns, in order
	Target     string   // the target as the issues state it; empty: none
	Checks     []check  // the numeric part of Target
	Baseline   string   // regexp of the rows that are baselines measured in the same run
	Note       string
}

// benchmarks is every figure of README.md's "Measured performance" table
// that a go test command produces.
var benchmarks = []benchmark{
	{
		Name:  "plugin-webhook",
		Title: "Webhook verification through the real plugin process (go-plugin, gRPC, mutual TLS, unix socket); baselines: the same call over in-process gRPC and as a plain Go method call",
		Pkg:   "./plugins/sdk/sdktest/testdesk/", Bench: "Webhook(PluginProcess|GRPCInProcess|InProcess)$",
		Benchtime: "3000x", Args: []string{"-count", "3"},
		QuickTime: "300x", QuickArgs: []string{"-count", "1"},
		Show:     []string{"p50-µs", "p99-µs", "ns/op", "allocs/op"},
		Target:   "p50 < 200 µs through the plugin process",
		Checks:   []check{{Row: "PluginProcess", Unit: "p50-µs", Op: "<", Limit: 200}},
		Baseline: "InProcess$",
	},
	{
		Name:  "webhook-accept",
		Title: "Signed webhooks accepted end to end: POST /webhooks/intercom of the real hub and Intercom plugin process, 4 simulator workspaces, 48 keep-alive clients, workers triaging the backlog meanwhile; baseline: the same clients against a bare net/http handler that reads the body",
		Pkg:   "./cmd/sigsentry/", Bench: "WebhookAccept", Benchtime: "40000x",
		QuickTime: "2000x",
		Show:      []string{"accepted/s", "refused", "hub-cpu-µs/op", "plugin-cpu-µs/op", "others-cpu-%"},
		Target:    "≥ 3,000 webhooks/s",
		Checks:    []check{{Row: "/hub$", Unit: "accepted/s", Op: ">=", Limit: 3000}},
		Baseline:  "/baseline$",
	},
	{
		Name:  "ack-latency",
		Title: "Webhook acknowledgement latency at 500 webhooks/s, open loop (measured from the scheduled send time)",
		Pkg:   "./cmd/sigsentry/", Bench: "AckLatency", Benchtime: "5000x",
		QuickTime: "500x",
		Show:      []string{"p50-ms", "p99-ms", "max-ms", "refused", "others-cpu-%"},
		Target:    "p99 < 50 ms",
		Checks:    []check{{Unit: "p99-ms", Op: "<", Limit: 50}},
	},
	{
		Name:  "note-latency",
		Title: "Webhook to triage note: conversations opened in the simulator at 100/s until the note is stored",
		Pkg:   "./cmd/sigsentry/", Bench: "NoteLatency", Benchtime: "1000x",
		QuickTime: "100x",
		Show:      []string{"p50-ms", "p99-ms", "max-ms", "lost", "duplicate-notes"},
		Target:    "p99 < 1 s, no note lost or posted twice",
		Checks: []check{
			{Unit: "p99-ms", Op: "<", Limit: 1000},
			{Unit: "lost", Op: "<", Limit: 1},
			{Unit: "duplicate-notes", Op: "<", Limit: 1},
		},
	},
	{
		Name:  "analyze",
		Title: "Analysis over JSON logs as a process (bin/sigsentry analyze), reading the window and the equal baseline window before it",
		Pkg:   "./cmd/sigsentry/", Bench: "AnalyzeLines", Benchtime: "1x",
		QuickBench: "AnalyzeLines/window=(100|1000)k$", QuickTime: "1x",
		Show:   []string{"s/analysis", "lines/s", "peak-RSS-MB"},
		Target: "< 5 s and < 300 MB for 1M lines in the window",
		Checks: []check{
			{Row: "window=1000k$", Unit: "s/analysis", Op: "<", Limit: 5},
			{Row: "window=1000k$", Unit: "peak-RSS-MB", Op: "<", Limit: 300},
		},
	},
	{
		Name:  "logfile",
		Title: "File log source alone (adapters/logfile), 1,000,000 generated JSON lines of about 260 bytes, one core",
		Pkg:   "./adapters/logfile", Bench: "FileJSON", Benchtime: "3x",
		Args:      []string{"-count", "3", "-cpu", "1", "-benchmem"},
		QuickTime: "1x", QuickArgs: []string{"-count", "1", "-cpu", "1", "-benchmem"},
		Show:   []string{"lines/s", "lines/cpu-s", "B/op", "allocs/op"},
		Target: "≥ 1 M lines/s (plain JSON)",
		Checks: []check{{Row: "FileJSON$", Unit: "lines/s", Op: ">=", Limit: 1e6}},
		Note:   "lines/s is wall time and drops when other processes load the machine; lines/cpu-s is the process's CPU time.",
	},
	{
		Name:  "pattern-miner",
		Title: "Pattern miner, one core, Loghub samples cycled (Miner), cold clusters (MinerCold) and 1M adversarial lines (Scale)",
		Pkg:   "./core/pattern", Bench: ".", Benchtime: "2s", Args: []string{"-cpu", "1", "-benchmem"},
		QuickTime: "200ms",
		Show:      []string{"lines/s", "allocs/op", "heap-MiB", "heap-MiB@1M", "clusters"},
		Target:    "≥ 1 M lines/s",
		Checks:    []check{{Row: "^BenchmarkMiner$", Unit: "lines/s", Op: ">=", Limit: 1e6}},
	},
	{
		Name:  "triage-engine",
		Title: "Triage engine, one core, one compiled catalog",
		Pkg:   "./core/triage", Bench: "BenchmarkTriage$", Benchtime: "2s", Args: []string{"-cpu", "1", "-benchmem"},
		QuickTime: "200ms",
		Show:      []string{"ns/op", "B/op", "allocs/op"},
	},
	{
		Name:  "triage-command",
		Title: "sigsentry triage in-process, 50,000 generated lines, all cores",
		Pkg:   "./cmd/sigsentry/", Bench: "TriageCommand", Benchtime: "3x",
		QuickTime: "1x",
		Show:      []string{"conversations/s", "ns/op"},
		Target:    "≥ 5,000 conversations/s",
		Checks:    []check{{Unit: "conversations/s", Op: ">=", Limit: 5000}},
	},
	{
		Name:  "redis-queue",
		Title: "Redis queue: de-duplicated enqueue (one Lua script: SET NX + XADD) from 1 and 50 goroutines; lease + ack",
		Pkg:   "./adapters/redisqueue", Bench: ".", Benchtime: "3s",
		QuickTime: "300ms",
		Show:      []string{"jobs/s", "ns/op"},
	},
	{
		Name:  "sqlite-queue",
		Title: "Embedded queue (SQLite): de-duplicated enqueue from 1 and 50 goroutines; lease + ack",
		Pkg:   "./adapters/sqlqueue", Bench: ".", Benchtime: "3s",
		QuickTime: "300ms",
		Show:      []string{"jobs/s", "ns/op"},
	},
}

// loghubName is the -only name of the Loghub accuracy test.
const loghubName = "loghub-accuracy"

var loghubArgs = []string{"test", "-count=1", "-run", "TestLoghubAccuracy", "-v", "./core/pattern"}

func main() {
	outPath := flag.String("o", "BENCHMARKS.md", "write the report to this file")
	quick := flag.Bool("quick", false, "shorter benchtimes: a smoke run, not figures to quote")
	only := flag.String("only", "", "run only the benchmarks whose name matches this regexp (names: "+names()+")")
	goCmd := flag.String("go", "go", "the go command")
	flag.Parse()
	var sel *regexp.Regexp
	if *only != "" {
		var err error
		if sel, err = regexp.Compile(*only); err != nil {
			fmt.Fprintln(os.Stderr, "benchreport: -only:", err)
			os.Exit(2)
		}
	}
	start := time.Now()
	rep := report{Machine: describeMachine(*goCmd), Quick: *quick, Start: start.UTC()}
	failed := false
	for _, bm := range benchmarks {
		if sel != nil && !sel.MatchString(bm.Name) {
			continue
		}
		args := bm.args(*quick)
		fmt.Fprintf(os.Stderr, "== %s: %s\n", bm.Name, shellJoin(append([]string{"go"}, args...)))
		t0 := time.Now()
		text, err := run(*goCmd, args)
		out := parseOutput(strings.NewReader(text))
		for _, r := range out.Results {
			fmt.Fprintf(os.Stderr, "   %s\n", formatRaw(r))
		}
		sec := section{Bench: bm, Command: shellJoin(append([]string{"go"}, args...)), Output: out, Took: time.Since(t0)}
		if err != nil || out.Failed {
			sec.Err = fmt.Sprintf("go test failed (%v); its output ends:\n%s", err, tail(text, 40))
			failed = true
			fmt.Fprintln(os.Stderr, sec.Err)
		}
		if rep.Machine.BenchCPU == "" {
			rep.Machine.BenchCPU = out.CPU
		}
		rep.Sections = append(rep.Sections, sec)
	}
	if sel == nil || sel.MatchString(loghubName) {
		fmt.Fprintf(os.Stderr, "== %s: %s\n", loghubName, shellJoin(append([]string{"go"}, loghubArgs...)))
		text, err := run(*goCmd, loghubArgs)
		lh := &loghub{Command: shellJoin(append([]string{"go"}, loghubArgs...))}
		lh.Table, lh.AvgGA, lh.OK = loghubTable(text)
		if err != nil || !lh.OK {
			lh.Err = fmt.Sprintf("go test failed (%v); its output ends:\n%s", err, tail(text, 40))
			failed = true
			fmt.Fprintln(os.Stderr, lh.Err)
		} else {
			fmt.Fprint(os.Stderr, lh.Table)
		}
		rep.Loghub = lh
	}
	rep.Took = time.Since(start)
	rep.LoadEnd = loadavg()
	var buf bytes.Buffer
	rep.write(&buf)
	if err := os.WriteFile(*outPath, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "wrote %s in %s\n", *outPath, rep.Took.Round(time.Second))
	if failed {
		os.Exit(1)
	}
}

func names() string {
	var n []string
	for _, b := range benchmarks {
		n = append(n, b.Name)
	}
	return strings.Join(append(n, loghubName), ", ")
}

// args returns the go test arguments of bm.
func (bm benchmark) args(quick bool) []string {
	bench, bt, extra := bm.Bench, bm.Benchtime, bm.Args
	if quick {
		if bm.QuickBench != "" {
			bench = bm.QuickBench
		}
		if bm.QuickTime != "" {
			bt = bm.QuickTime
		}
		if bm.QuickArgs != nil {
			extra = bm.QuickArgs
		}
	}
	a := []string{"test", "-run", "^$", "-bench", bench, "-benchtime", bt}
	a = append(a, extra...)
	return append(a, "-timeout", "30m", bm.Pkg)
}

// run runs the go command and returns its combined output.
func run(goCmd string, args []string) (string, error) {
	cmd := exec.Command(goCmd, args...)
	var buf bytes.Buffer
	cmd.Stdout = &buf
	cmd.Stderr = &buf
	err := cmd.Run()
	return buf.String(), err
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// shellJoin quotes args for a POSIX shell where needed.
func shellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		if a != "" && strings.Trim(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,") == "" {
			q[i] = a
		} else {
			q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(q, " ")
}
