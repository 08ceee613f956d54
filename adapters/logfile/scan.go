package logfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/sigsentry/hub/adapters/logline"
	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
)

// ctxCheckEvery is how many lines pass between looks at the context: often
// enough to stop within a millisecond, rarely enough to cost nothing.
const ctxCheckEvery = 4096

// scanner turns the lines of one file after another into records. One
// scanner serves one Stream call; its buffers are reused across files.
type scanner struct {
	parser *logline.Parser
	lines  *lineReader
	from   time.Time
	to     time.Time
	fn     func(*analysis.Record) error
	// skipped, when set, sees the lines an analysis would skip (Sample
	// shows them with the reason).
	skipped func(rec *analysis.Record, out logline.Outcome)
	// continuation: in text logs a line without a timestamp belongs to the
	// record before it (a stack trace, a multi-line message).
	continuation bool
	rec          analysis.Record
	pend         pending
	stats        logline.Stats
}

func newScanner(cfg Config, from, to time.Time, fn func(*analysis.Record) error) *scanner {
	p := logline.NewParser(cfg.Parser)
	p.SetReference(to)
	return &scanner{parser: p, lines: newLineReader(cfg.MaxLineBytes), from: from, to: to, fn: fn,
		continuation: cfg.Parser.Format == logline.Text, pend: pending{max: cfg.MaxLineBytes}}
}

// readFile streams one file. A file rotated away since it was listed is
// not an error: its lines are in the file it was renamed to.
func (sc *scanner) readFile(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return &core.Error{Code: core.ErrUnavailable, Message: "cannot read " + path + ": " + reason(err)}
	}
	defer f.Close()
	sc.stats.Files++
	err = sc.read(ctx, f)
	var stop stopError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &stop):
		return stop.err // the callback's own error, as it returned it
	case ctx.Err() != nil:
		return ctx.Err()
	}
	return fmt.Errorf("%w: %w", &core.Error{Code: core.ErrUnavailable, Message: "cannot read " + path + ": " + reason(err)}, err)
}

// stopError carries the callback's error through the scanner, so that it
// is returned unchanged and not taken for a read failure.
type stopError struct{ err error }

func (e stopError) Error() string { return e.err.Error() }

func (sc *scanner) read(ctx context.Context, r io.Reader) error {
	if err := sc.lines.reset(r); err != nil {
		return err
	}
	for n := 0; ; n++ {
		if n%ctxCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		line, tooLong, err := sc.lines.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if tooLong {
			sc.stats.Lines++
			sc.stats.TooLong++
			continue
		}
		if len(line) == 0 {
			continue
		}
		sc.stats.Lines++
		out := sc.parser.Parse(line, &sc.rec)
		if sc.continuation {
			err = sc.text(line, out)
		} else {
			err = sc.emit(&sc.rec, out)
		}
		if err != nil {
			return err
		}
	}
	// A record does not continue into the next file.
	return sc.flush()
}

// emit passes a parsed record to the callback if it is usable and in the
// window, and counts it either way.
func (sc *scanner) emit(rec *analysis.Record, out logline.Outcome) error {
	sc.stats.Count(out)
	if !out.Usable() {
		if sc.skipped != nil {
			sc.skipped(rec, out)
		}
		return nil
	}
	if rec.Time.Before(sc.from) || !rec.Time.Before(sc.to) {
		sc.stats.OutOfWindow++
		return nil
	}
	sc.stats.Records++
	if err := sc.fn(rec); err != nil {
		return stopError{err}
	}
	return nil
}

// text holds each record back until the next stamped line shows that no
// continuation lines follow.
func (sc *scanner) text(line []byte, out logline.Outcome) error {
	if out == logline.NoTime && sc.pend.ok {
		sc.pend.extend(line)
		return nil
	}
	if err := sc.flush(); err != nil {
		return err
	}
	if !out.Usable() {
		return sc.emit(&sc.rec, out)
	}
	sc.pend.hold(&sc.rec, out)
	return nil
}

func (sc *scanner) flush() error {
	if !sc.pend.ok {
		return nil
	}
	sc.pend.ok = false
	return sc.emit(&sc.pend.rec, sc.pend.out)
}

// pending is a text record copied out of the read buffer, which the next
// line overwrites.
type pending struct {
	ok        bool
	rec       analysis.Record
	out       logline.Outcome
	line, msg []byte
	max       int
}

func (p *pending) hold(rec *analysis.Record, out logline.Outcome) {
	p.ok, p.out = true, out
	p.line = append(p.line[:0], rec.Line...)
	p.msg = append(p.msg[:0], rec.Message...)
	p.rec = *rec
	p.rec.Line, p.rec.Message = p.line, p.msg
}

// extend adds a continuation line, up to the line limit; the rest of a
// runaway stack trace is dropped.
func (p *pending) extend(line []byte) {
	if len(p.line)+1+len(line) > p.max {
		return
	}
	p.line = append(append(p.line, '\n'), line...)
	p.msg = logline.AppendValidUTF8(append(p.msg, '\n'), line)
	p.rec.Line, p.rec.Message = p.line, p.msg
}
