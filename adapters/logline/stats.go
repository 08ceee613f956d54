package logline

import (
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/sigsentry/hub/core/analysis"
)

// Stats counts what a source read and why it skipped lines. analysis.Source
// has no channel for warnings, so sources keep these for whoever wants to
// report them (Warnings turns them into sentences).
type Stats struct {
	Lines       int64 // lines or documents read, skipped ones included
	Records     int64 // records passed to the callback
	OutOfWindow int64 // read but outside [from, to)
	NoTime      int64 // skipped: no timestamp
	BadTime     int64 // skipped: a timestamp that could not be read
	Malformed   int64 // skipped: not in the configured format
	TooLong     int64 // skipped: longer than the line limit
	Repaired    int64 // invalid UTF-8 replaced, still streamed
	Files       int64 // files opened (file sources)
	FilesPruned int64 // files skipped whole because they end before the window
	Requests    int64 // HTTP requests made (Loki, Elasticsearch)
	Unreachable int64 // records skipped because no page could reach them
}

// Add adds o's counts to s.
func (s *Stats) Add(o Stats) {
	s.Lines += o.Lines
	s.Records += o.Records
	s.OutOfWindow += o.OutOfWindow
	s.NoTime += o.NoTime
	s.BadTime += o.BadTime
	s.Malformed += o.Malformed
	s.TooLong += o.TooLong
	s.Repaired += o.Repaired
	s.Files += o.Files
	s.FilesPruned += o.FilesPruned
	s.Requests += o.Requests
	s.Unreachable += o.Unreachable
}

// Count records one parse outcome.
func (s *Stats) Count(o Outcome) {
	switch o {
	case Repaired:
		s.Repaired++
	case NoTime:
		s.NoTime++
	case BadTime:
		s.BadTime++
	case Malformed:
		s.Malformed++
	}
}

// Warnings describes the skipped lines, one sentence per cause, for an
// analysis to show beside its result. Nothing skipped: nil.
func (s Stats) Warnings() []string {
	var out []string
	add := func(n int64, format string) {
		if n > 0 {
			out = append(out, fmt.Sprintf(format, n))
		}
	}
	add(s.NoTime, "%d lines skipped: no timestamp")
	add(s.BadTime, "%d lines skipped: unreadable timestamp")
	add(s.Malformed, "%d lines skipped: not in the configured format")
	add(s.TooLong, "%d lines skipped: longer than the line limit")
	add(s.Unreachable, "%d records skipped: too many share one timestamp to page through")
	add(s.Repaired, "%d lines had invalid UTF-8 (replaced)")
	return out
}

// Sample is one line as "test connection" shows it to a person.
type Sample struct {
	Time      time.Time `json:"time"`
	Level     string    `json:"level,omitempty"`
	Service   string    `json:"service,omitempty"`
	Message   string    `json:"message"`
	Truncated bool      `json:"truncated,omitempty"`
	// Problem says why an analysis would skip this line, in words that
	// point at the setting to change; empty when the line is read.
	Problem string `json:"problem,omitempty"`
}

// SampleMessageLimit is how many bytes of a message a Sample keeps.
const SampleMessageLimit = 500

// NewSample copies a record (whose buffers are about to be reused) into a
// Sample, cutting the message at SampleMessageLimit on a rune boundary.
func NewSample(rec *analysis.Record, problem string) Sample {
	msg := rec.Message
	if problem != "" || len(msg) == 0 {
		msg = rec.Line
	}
	cut := len(msg) > SampleMessageLimit
	if cut {
		n := SampleMessageLimit
		for n > 0 && !utf8.RuneStart(msg[n]) {
			n--
		}
		msg = msg[:n]
	}
	return Sample{Time: rec.Time, Level: rec.Level, Service: rec.Service,
		Message: strings.ToValidUTF8(string(msg), "\uFFFD"), Truncated: cut, Problem: problem}
}

// Explain says in words why a line had outcome o, naming the setting that
// likely needs to change.
func (p *Parser) Explain(o Outcome) string {
	names := strings.Join(p.fields.Time, ", ")
	switch o {
	case NoTime:
		if p.opts.Format == Text {
			return "no timestamp at the start of the line (read as a continuation of the line before); set config.time_layout if the stamp has another form"
		}
		return "no time field (looked for " + names + "); set config.time_field"
	case BadTime:
		if p.opts.TimeLayout != "" {
			return "the timestamp does not match config.time_layout " + p.opts.TimeLayout
		}
		return "the timestamp could not be read; set config.time_layout"
	case Malformed:
		switch p.opts.Format {
		case JSON:
			return "not a JSON object; check config.format"
		case Logfmt:
			return "no key=value pairs; check config.format"
		}
		return "not in the configured format; check config.format"
	}
	return ""
}

// Tally adds up the Stats of every stream of one source; sources embed it,
// and it is safe for concurrent streams.
type Tally struct {
	mu    sync.Mutex
	stats Stats
}

// Stats returns the counts of every stream so far.
func (t *Tally) Stats() Stats {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.stats
}

// Add counts one finished stream.
func (t *Tally) Add(s Stats) {
	t.mu.Lock()
	t.stats.Add(s)
	t.mu.Unlock()
}
