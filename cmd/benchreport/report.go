package main

import (
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

type section struct {
	Bench   benchmark
	Command string
	Output  output
	Took    time.Duration
	Err     string
}

type loghub struct {
	Command string
	Table   string
	AvgGA   float64
	OK      bool
	Err     string
}

type report struct {
	Machine  machine
	Quick    bool
	Start    time.Time
	Took     time.Duration
	LoadEnd  string // /proc/loadavg when the run ended
	Sections []section
	Loghub   *loghub
}

// row is every line of one benchmark name (several with -count).
type row struct {
	Name  string
	Procs int
	Iters []int64
	Lines []result
}

func (r row) values(unit string) []float64 {
	var v []float64
	for _, l := range r.Lines {
		if x, ok := l.value(unit); ok {
			v = append(v, x)
		}
	}
	return v
}

// rows groups results by name, in order of first appearance.
func rows(results []result) []row {
	var out []row
	for _, r := range results {
		i := slices.IndexFunc(out, func(x row) bool { return x.Name == r.Name })
		if i < 0 {
			out = append(out, row{Name: r.Name, Procs: r.Procs})
			i = len(out) - 1
		}
		out[i].Iters = append(out[i].Iters, r.Iterations)
		out[i].Lines = append(out[i].Lines, r)
	}
	return out
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// verdict applies the checks that concern row r to the median of its
// values: "pass", "miss", or "" when no check concerns it.
func verdict(checks []check, r row) (string, []string) {
	var missed []string
	applied := false
	for _, c := range checks {
		if c.Row != "" && !regexp.MustCompile(c.Row).MatchString(r.Name) {
			continue
		}
		v := r.values(c.Unit)
		if len(v) == 0 {
			continue
		}
		applied = true
		m := median(v)
		ok := (c.Op == "<" && m < c.Limit) || (c.Op == ">=" && m >= c.Limit)
		if !ok {
			op := map[string]string{"<": "<", ">=": "≥"}[c.Op]
			missed = append(missed, fmt.Sprintf("%s %s, want %s %s", num(m), c.Unit, op, num(c.Limit)))
		}
	}
	switch {
	case !applied:
		return "", nil
	case len(missed) == 0:
		return "**pass**", nil
	default:
		return "**miss**", missed
	}
}

// num formats a figure with at most 3 significant digits after the point
// for small values and thousands separators for large ones.
func num(v float64) string {
	a := math.Abs(v)
	switch {
	case v == math.Trunc(v) && a < 1e15:
		return group(strconv.FormatFloat(v, 'f', 0, 64))
	case a >= 1000:
		return group(strconv.FormatFloat(v, 'f', 0, 64))
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case a >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	default:
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
}

// group inserts thousands separators into an integer string.
func group(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// cell shows the values of one unit: one figure, or min–max over runs.
func cell(v []float64) string {
	if len(v) == 0 {
		return "—"
	}
	lo, hi := slices.Min(v), slices.Max(v)
	if num(lo) == num(hi) {
		return num(lo)
	}
	return num(lo) + "–" + num(hi)
}

func formatRaw(r result) string {
	var b strings.Builder
	name := r.Name
	if r.Procs != 1 {
		name += "-" + strconv.Itoa(r.Procs)
	}
	fmt.Fprintf(&b, "%s\t%d", name, r.Iterations)
	for _, m := range r.Metrics {
		fmt.Fprintf(&b, "\t%s %s", strconv.FormatFloat(m.Value, 'g', -1, 64), m.Unit)
	}
	return b.String()
}

func (rep report) write(w io.Writer) {
	m := rep.Machine
	fmt.Fprintf(w, "# Benchmarks\n\n")
	fmt.Fprintf(w, "Written by `make bench` (`go run ./cmd/benchreport -o BENCHMARKS.md`): every figure of README.md's\n")
	fmt.Fprintf(w, "\"Measured performance\" table that a `go test` command produces, measured in one run on the machine\n")
	fmt.Fprintf(w, "below, with the baselines measured in the same run. Figures on a shared machine vary by ±20 %% between\n")
	fmt.Fprintf(w, "runs; `others-cpu-%%`, where reported, is what the rest of the machine used meanwhile.\n\n")
	if rep.Quick {
		fmt.Fprintf(w, "> **Quick run** (`-quick`): shortened benchtimes, a smoke test of the benchmarks; not figures to quote.\n\n")
	}
	fmt.Fprintf(w, "| | |\n| --- | --- |\n")
	kv := func(k, v string) {
		if v == "" {
			v = "unknown"
		}
		fmt.Fprintf(w, "| %s | %s |\n", k, v)
	}
	kv("date", rep.Start.Format("2006-01-02 15:04 MST"))
	kv("duration", rep.Took.Round(time.Second).String())
	kv("commit", m.Commit)
	kv("CPU", m.CPUModel)
	kv("CPUs (nproc)", strconv.Itoa(m.CPUs))
	kv("memory", m.MemTotal)
	kv("OS", m.OS)
	kv("load average (1, 5, 15 min) at start / end", m.Load+" / "+rep.LoadEnd)
	kv("Go", m.GoVer)
	fmt.Fprintln(w)

	// Summary of the targets.
	fmt.Fprintf(w, "## Targets\n\n| benchmark | target | result |\n| --- | --- | --- |\n")
	for _, s := range rep.Sections {
		if s.Bench.Target == "" {
			continue
		}
		fmt.Fprintf(w, "| [%s](#%s) | %s | %s |\n", s.Bench.Name, s.Bench.Name, s.Bench.Target, s.summary())
	}
	if lh := rep.Loghub; lh != nil {
		res := "**failed to run**"
		if lh.OK {
			res = fmt.Sprintf("average GA %.3f: **%s**", lh.AvgGA, map[bool]string{true: "pass", false: "miss"}[lh.AvgGA >= 0.90])
		}
		fmt.Fprintf(w, "| [%s](#%s) | average grouping accuracy ≥ 0.90 | %s |\n", loghubName, loghubName, res)
	}
	fmt.Fprintln(w)

	for _, s := range rep.Sections {
		s.write(w)
	}
	if lh := rep.Loghub; lh != nil {
		fmt.Fprintf(w, "## %s\n\nPattern miner grouping accuracy (GA) and parsing accuracy (PA) on the Loghub-2k samples, one configuration for all systems.\n\n", loghubName)
		fmt.Fprintf(w, "```sh\n%s\n```\n\nTarget: average GA ≥ 0.90.\n\n", lh.Command)
		if lh.Err != "" {
			fmt.Fprintf(w, "```\n%s\n```\n\n", lh.Err)
		} else {
			fmt.Fprintf(w, "```\n%s```\n\n", lh.Table)
		}
	}
	fmt.Fprintf(w, "Not produced here: the `bin/sigsentry triage` process timing (`time bin/sigsentry triage < conv50k.jsonl`)\n")
	fmt.Fprintf(w, "needs a labelled corpus outside the repository, and `TestTwoHubsShareRedisAndPostgres` is a test\n")
	fmt.Fprintf(w, "(`go test -run TestTwoHubsShareRedisAndPostgres -v ./cmd/sigsentry/`), run by `make test`.\n")
}

// summary is the target column of the summary table.
func (s section) summary() string {
	if s.Err != "" {
		return "**failed to run**"
	}
	var parts []string
	for _, r := range rows(s.Output.Results) {
		v, missed := verdict(s.Bench.Checks, r)
		if v == "" {
			continue
		}
		p := trimName(r.Name) + ": " + v
		if len(missed) > 0 {
			p += " (" + strings.Join(missed, "; ") + ")"
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return "no figure to check"
	}
	return strings.Join(parts, "<br>")
}

func trimName(n string) string { return strings.TrimPrefix(n, "Benchmark") }

func (s section) write(w io.Writer) {
	b := s.Bench
	fmt.Fprintf(w, "## %s\n\n%s.\n\n```sh\n%s\n```\n\n", b.Name, b.Title, s.Command)
	if b.Target != "" {
		fmt.Fprintf(w, "Target: %s. ", b.Target)
	}
	fmt.Fprintf(w, "Took %s.", s.Took.Round(time.Second))
	if b.Note != "" {
		fmt.Fprintf(w, " %s", b.Note)
	}
	fmt.Fprint(w, "\n\n")
	rs := rows(s.Output.Results)
	if len(rs) > 0 {
		var base *regexp.Regexp
		if b.Baseline != "" {
			base = regexp.MustCompile(b.Baseline)
		}
		fmt.Fprintf(w, "| benchmark | runs | iterations |")
		for _, u := range b.Show {
			fmt.Fprintf(w, " %s |", u)
		}
		fmt.Fprintf(w, " target |\n| --- | --- | --- |%s --- |\n", strings.Repeat(" --- |", len(b.Show)))
		for _, r := range rs {
			name := "`" + trimName(r.Name) + "`"
			if base != nil && base.MatchString(r.Name) {
				name += " (baseline)"
			}
			iters := make([]float64, len(r.Iters))
			for i, n := range r.Iters {
				iters[i] = float64(n)
			}
			fmt.Fprintf(w, "| %s | %d | %s |", name, len(r.Lines), cell(iters))
			for _, u := range b.Show {
				fmt.Fprintf(w, " %s |", cell(r.values(u)))
			}
			v, missed := verdict(b.Checks, r)
			if len(missed) > 0 {
				v += ": " + strings.Join(missed, "; ")
			}
			fmt.Fprintf(w, " %s |\n", v)
		}
		fmt.Fprintf(w, "\nRanges are min–max over the runs; targets are checked on the median.\n\n")
		fmt.Fprintf(w, "<details><summary>raw go test lines</summary>\n\n```\n")
		if s.Output.CPU != "" {
			fmt.Fprintf(w, "cpu: %s\n", s.Output.CPU)
		}
		for _, r := range s.Output.Results {
			fmt.Fprintln(w, formatRaw(r))
		}
		fmt.Fprintf(w, "```\n\n</details>\n\n")
	}
	if len(s.Output.Skips) > 0 {
		fmt.Fprintf(w, "Skipped: %s.\n\n", strings.Join(s.Output.Skips, "; "))
	}
	if s.Err != "" {
		fmt.Fprintf(w, "```\n%s\n```\n\n", s.Err)
	}
}
