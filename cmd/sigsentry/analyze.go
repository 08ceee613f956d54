package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/sigsentry/hub/adapters/logsources"
	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/project"
)

// repeated collects a flag given several times.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

// analyze runs one analysis over log files and prints the analysis JSON:
// sigsentry analyze --source file:PATH [--source …] --from RFC3339 --to RFC3339 --text STRING [--service NAME]
func analyze(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sources repeated
	fs.Var(&sources, "source", "log source, file:PATH (a glob; .gz read as gzip); repeatable")
	from := fs.String("from", "", "start of the incident window, RFC 3339")
	to := fs.String("to", "", "end of the incident window, RFC 3339")
	text := fs.String("text", "", "the conversation text (identifiers in it are searched in the logs)")
	service := fs.String("service", "", "the affected service, when known")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	w, err := parseWindow(*from, *to)
	if err != nil {
		fmt.Fprintln(stderr, "sigsentry analyze:", err)
		return 2
	}
	if len(sources) == 0 {
		fmt.Fprintln(stderr, "sigsentry analyze: give at least one --source file:PATH")
		return 2
	}
	var ls []*project.LogSource
	for _, s := range sources {
		src, err := fileSource(s)
		if err != nil {
			fmt.Fprintln(stderr, "sigsentry analyze:", err)
			return 2
		}
		ls = append(ls, src)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	a := &analysis.Analysis{ID: core.NewID(core.PrefixAnalysis), Trigger: analysis.TriggerCLI, Window: w,
		Service: *service, CreatedAt: time.Now().UTC()}
	started := time.Now().UTC()
	a.StartedAt = &started
	res, status, err := analysis.NewEngine(nil, logsources.New(logsources.Options{})).Run(ctx, analysis.RunInput{
		Window: w, Text: *text, Service: *service, Sources: ls,
		Services: []project.Service{{Name: *service}},
	})
	done := time.Now().UTC()
	a.CompletedAt = &done
	a.Result, a.Status = res, status
	if err != nil {
		a.Status, a.Error = analysis.StatusFailed, err.Error()
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(a); err != nil {
		fmt.Fprintln(stderr, "sigsentry analyze:", err)
		return 1
	}
	if a.Status == analysis.StatusFailed {
		return 1
	}
	return 0
}

func parseWindow(from, to string) (core.Window, error) {
	f, err := time.Parse(time.RFC3339, from)
	if err != nil {
		return core.Window{}, fmt.Errorf("--from: want RFC 3339 such as 2026-03-10T14:00:00Z, got %q", from)
	}
	t, err := time.Parse(time.RFC3339, to)
	if err != nil {
		return core.Window{}, fmt.Errorf("--to: want RFC 3339 such as 2026-03-10T15:20:00Z, got %q", to)
	}
	if !t.After(f) {
		return core.Window{}, fmt.Errorf("--to (%s) must be after --from (%s)", to, from)
	}
	return core.Window{Start: f.UTC(), End: t.UTC()}, nil
}

// fileSource turns file:PATH into a file log source, its format read from
// the first line of the first matching file.
func fileSource(spec string) (*project.LogSource, error) {
	path, ok := strings.CutPrefix(spec, "file:")
	if !ok || path == "" {
		return nil, fmt.Errorf("--source %q: want file:PATH", spec)
	}
	matches, err := filepath.Glob(path)
	if err != nil || len(matches) == 0 {
		return nil, fmt.Errorf("--source %q: no file matches", spec)
	}
	ls := &project.LogSource{Name: filepath.Base(path), Type: project.SourceFile, Active: true,
		Config: map[string]any{"path": path, "format": sniffFormat(matches[0])}}
	ls.Normalize()
	if err := ls.Validate(); err != nil {
		return nil, fmt.Errorf("--source %q: %w", spec, err)
	}
	return ls, nil
}

// sniffFormat guesses json, logfmt or text from the first non-empty line.
func sniffFormat(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return "json"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		switch {
		case len(line) == 0:
			continue
		case line[0] == '{':
			return "json"
		case bytes.Contains(line, []byte("=")) && bytes.Count(line, []byte("=")) >= 2:
			return "logfmt"
		}
		return "text"
	}
	return "json"
}
