package analysis

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/project"
)

// memorySource streams generated records through the port, as a real
// source does, reusing one Record and its buffers.
type memorySource struct {
	lines []genLine
	err   error
}

type genLine struct {
	at              time.Time
	level, svc, msg string
}

func (m memorySource) Stream(ctx context.Context, from, to time.Time, fn func(*Record) error) error {
	var r Record
	for _, l := range m.lines {
		if l.at.Before(from) || !l.at.Before(to) {
			continue
		}
		r.Time, r.Level, r.Service = l.at, l.level, l.svc
		r.Message = append(r.Message[:0], l.msg...)
		r.Line = append(r.Line[:0], fmt.Sprintf(`{"ts":%q,"level":%q,"service":%q,"msg":%q}`, l.at.Format(time.RFC3339), l.level, l.svc, l.msg)...)
		if err := fn(&r); err != nil {
			return err
		}
	}
	return m.err
}

type memorySources map[string]memorySource

func (m memorySources) Open(_ context.Context, ls *project.LogSource) (Source, error) {
	s, ok := m[ls.Name]
	if !ok {
		return nil, errors.New("no such source")
	}
	return s, nil
}

var incidentEnd = time.Date(2026, 3, 10, 15, 20, 0, 0, time.UTC)

// incident: two quiet hours, then payment-api starts timing out at 14:05
// and checkout fails after it; jane's order shows up in the errors.
func incident() []genLine {
	var out []genLine
	start := incidentEnd.Add(-4 * time.Hour)
	for t := start; t.Before(incidentEnd); t = t.Add(10 * time.Second) {
		out = append(out,
			genLine{t, "info", "checkout", fmt.Sprintf("order %d placed in %dms", t.Unix()%100000, t.Unix()%300)},
			genLine{t.Add(time.Second), "info", "payment-api", fmt.Sprintf("charge ok for user %d", t.Unix()%977)})
		if t.Unix()%1800 == 0 {
			out = append(out, genLine{t, "error", "search", "index shard 3 slow, retrying"})
		}
		if t.After(incidentEnd.Add(-75*time.Minute)) && t.Unix()%20 == 0 {
			out = append(out,
				genLine{t.Add(2 * time.Second), "error", "payment-api", fmt.Sprintf("Timeout calling provider stripe after %dms", 5000+t.Unix()%7)},
				genLine{t.Add(3 * time.Second), "error", "checkout", "payment failed: 502 Bad Gateway from payment-api"})
		}
	}
	out = append(out, genLine{incidentEnd.Add(-10 * time.Minute), "error", "checkout", "payment failed for jane@example.com order 48213: 502 Bad Gateway from payment-api"})
	return out
}

func run(t *testing.T, sources memorySources, ls ...*project.LogSource) (*Result, Status) {
	t.Helper()
	e := NewEngine(nil, sources)
	res, status, err := e.Run(t.Context(), RunInput{
		Window:   core.Window{Start: incidentEnd.Add(-2 * time.Hour), End: incidentEnd},
		Text:     "Checkout fails for jane@example.com, order #48213, says 'payment failed' since 2pm",
		Service:  "checkout",
		Services: []project.Service{{Name: "checkout", CriticalPath: true}, {Name: "payment-api"}},
		Sources:  ls,
	})
	if err != nil {
		t.Fatal(err)
	}
	return res, status
}

func TestEngineFindsTheOrigin(t *testing.T) {
	res, status := run(t, memorySources{"app": {lines: incident()}}, &project.LogSource{Name: "app", Active: true})
	if status != StatusComplete {
		t.Fatalf("status %s", status)
	}
	if res.RootCause.Service != "payment-api" || res.RootCause.Category != "timeout" {
		t.Errorf("root cause %+v, want payment-api timeout", res.RootCause)
	}
	roles := map[string]string{}
	for _, s := range res.AffectedServices {
		roles[s.Name] = s.Role
		if s.Name == "payment-api" && (s.ErrorRate <= s.BaselineErrorRate || s.ErrorRate <= 0 || s.ErrorRate >= 1) {
			t.Errorf("payment-api error rate %.3f vs baseline %.3f", s.ErrorRate, s.BaselineErrorRate)
		}
	}
	if roles["payment-api"] != RoleOrigin || roles["checkout"] != RoleAffected {
		t.Errorf("roles %v", roles)
	}
	if _, ok := roles["search"]; ok {
		t.Errorf("search errors are the same as in the baseline; it is not involved: %v", roles)
	}
	if !res.Severity.AtLeast(core.SeverityHigh) || res.Confidence < 0.7 {
		t.Errorf("severity %s confidence %.2f", res.Severity, res.Confidence)
	}
	found := map[string]int64{}
	for _, m := range res.Identifiers {
		found[m.Value] = m.Count
		if m.Count > 0 && (len(m.Evidence) == 0 || !strings.Contains(m.Evidence[0], m.Value)) {
			t.Errorf("evidence for %s: %v", m.Value, m.Evidence)
		}
	}
	if found["jane@example.com"] != 1 || found["48213"] != 1 {
		t.Errorf("identifiers %v", res.Identifiers)
	}
	if len(res.Patterns) == 0 || !strings.Contains(res.Patterns[0].Template, "Timeout") && !strings.Contains(res.Patterns[0].Template, "payment failed") {
		t.Errorf("patterns %+v", res.Patterns)
	}
	var windowErrs, baseErrs int64
	for _, b := range res.Series {
		windowErrs += b.Errors
		baseErrs += b.BaselineErrors
	}
	if windowErrs <= baseErrs*5 || len(res.Series) != chartBuckets {
		t.Errorf("chart: %d window errors vs %d baseline over %d buckets", windowErrs, baseErrs, len(res.Series))
	}
	if !strings.Contains(res.Summary, "payment-api") || res.LogsScanned == 0 {
		t.Errorf("summary %q scanned %d", res.Summary, res.LogsScanned)
	}
}

func TestEngineQuietLogs(t *testing.T) {
	var quiet []genLine
	for _, l := range incident() {
		if l.level != "error" {
			quiet = append(quiet, l)
		}
	}
	res, _ := run(t, memorySources{"app": {lines: quiet}}, &project.LogSource{Name: "app", Active: true})
	if res.RootCause.Category != "unknown" || res.Severity != core.SeverityLow || len(res.Patterns) != 0 {
		t.Errorf("quiet logs: %+v severity %s patterns %d", res.RootCause, res.Severity, len(res.Patterns))
	}
}

func TestEngineFailingSourceIsPartial(t *testing.T) {
	res, status := run(t, memorySources{
		"app":  {lines: incident()},
		"loki": {err: errors.New("loki answered 401")},
	}, &project.LogSource{Name: "app", Active: true}, &project.LogSource{Name: "loki", Active: true})
	if status != StatusPartial || len(res.SourceErrors) != 1 || res.SourceErrors[0].Source != "loki" {
		t.Fatalf("status %s errors %+v", status, res.SourceErrors)
	}
	_, status = run(t, memorySources{"loki": {err: errors.New("down")}}, &project.LogSource{Name: "loki", Active: true})
	if status != StatusFailed {
		t.Errorf("only source failing: status %s", status)
	}
}

// hangingSource answers nothing until its context ends, as a log server
// that accepts a request and never replies.
type hangingSource struct{}

func (hangingSource) Stream(ctx context.Context, _, _ time.Time, _ func(*Record) error) error {
	<-ctx.Done()
	return fmt.Errorf("%w: %w", &core.Error{Code: core.ErrUnavailable, Message: "loki at http://loki:3100 did not answer in time"}, ctx.Err())
}

type mixedSources struct {
	memorySources
	hang map[string]bool
}

func (m mixedSources) Open(ctx context.Context, ls *project.LogSource) (Source, error) {
	if m.hang[ls.Name] {
		return hangingSource{}, nil
	}
	return m.memorySources.Open(ctx, ls)
}

// TestEngineHangingSourcesShareTheDeadline: sources that never answer cost
// their share of the run's time, not the run: the sources after them are
// read, time is left to save and post, and the result is partial.
func TestEngineHangingSourcesShareTheDeadline(t *testing.T) {
	const budget = 600 * time.Millisecond
	e := NewEngine(nil, mixedSources{memorySources{
		"app":  {lines: incident()},
		"file": {err: &core.Error{Code: core.ErrInvalid, Message: "config.path: no file matches /var/log/x/*.log"}},
	}, map[string]bool{"loki": true, "es": true}})
	ctx, cancel := context.WithTimeout(t.Context(), budget)
	defer cancel()
	start := time.Now()
	res, status, err := e.Run(ctx, RunInput{
		Window:  core.Window{Start: incidentEnd.Add(-2 * time.Hour), End: incidentEnd},
		Text:    "Checkout fails for jane@example.com",
		Sources: []*project.LogSource{{Name: "loki", Active: true}, {Name: "es", Active: true}, {Name: "file", Active: true}, {Name: "app", Active: true}},
	})
	took := time.Since(start)
	if err != nil || ctx.Err() != nil {
		t.Fatalf("run: %v after %v (context: %v); a hanging source must not use up the run's time", err, took, ctx.Err())
	}
	if took > budget*(reserveShare-1)/reserveShare+100*time.Millisecond {
		t.Errorf("run took %v of %v: the sources overran their share", took, budget)
	}
	if status != StatusPartial || len(res.SourceErrors) != 3 {
		t.Fatalf("status %s, source errors %+v; want partial with loki, es and file", status, res.SourceErrors)
	}
	for _, se := range res.SourceErrors {
		if se.Source == "file" {
			// It failed at once: nothing about a share of time.
			if se.Error != "config.path: no file matches /var/log/x/*.log" {
				t.Errorf("file: %q", se.Error)
			}
			continue
		}
		if !strings.HasPrefix(se.Error, "loki at http://loki:3100 did not answer in time (stopped after ") ||
			strings.Contains(se.Error, "deadline exceeded") {
			t.Errorf("%s: %q; want the adapter's message and the share it was given, without the transport's internals", se.Source, se.Error)
		}
	}
	if res.RootCause.Service != "payment-api" || res.LogsScanned == 0 {
		t.Errorf("the healthy source after the hanging ones was not read: root cause %+v, %d lines", res.RootCause, res.LogsScanned)
	}
}

func TestRisePValue(t *testing.T) {
	if p := risePValue(10, 10); p != 1 {
		t.Errorf("equal counts: %g", p)
	}
	if p := risePValue(12, 8); p < 0.05 {
		t.Errorf("12 vs 8 is noise, p=%g", p)
	}
	if p := risePValue(40, 5); p > 1e-6 {
		t.Errorf("40 vs 5 is a spike, p=%g", p)
	}
	if p := risePValue(6000, 5000); p > 1e-6 {
		t.Errorf("large counts, 20%% rise: p=%g", p)
	}
	if p := risePValue(5050, 5000); p < 0.05 {
		t.Errorf("large counts, 1%% rise is noise: p=%g", p)
	}
}

func TestExtractIdentifiers(t *testing.T) {
	ids := ExtractIdentifiers(`Hi, I'm jane.doe@example.com (user ID 4821). Order #A-99812 failed with "card_declined: insufficient funds", request req_8f2k3x, trace 0af7651916cd43dd8448eb211c80319c`)
	got := map[string]string{}
	for _, id := range ids {
		got[id.Value] = id.Kind
	}
	want := map[string]string{"jane.doe@example.com": "email", "4821": "user_id", "A-99812": "order_id",
		"card_declined: insufficient funds": "error_message", "req_8f2k3x": "request_id",
		"0af7651916cd43dd8448eb211c80319c": "trace_id"}
	for v, k := range want {
		if got[v] != k {
			t.Errorf("%s: kind %q, want %q (all: %v)", v, got[v], k, got)
		}
	}
	if len(ExtractIdentifiers("the page is broken since this morning")) != 0 {
		t.Error("plain text has no identifiers")
	}
}
