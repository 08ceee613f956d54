package logline

import (
	"bytes"
	"time"
	"unicode/utf8"

	"github.com/sigsentry/hub/core/analysis"
)

// Format is how the lines of a source are written.
type Format uint8

const (
	// Auto decides per line: a JSON object, logfmt when the line starts
	// with key=, otherwise text. It suits Loki and Elasticsearch, whose
	// lines come from many different programs.
	Auto Format = iota
	JSON
	Logfmt
	Text
)

// ParseFormat reads a configured format name: json, logfmt, text or auto.
func ParseFormat(s string) (Format, bool) {
	switch s {
	case "json":
		return JSON, true
	case "logfmt":
		return Logfmt, true
	case "text":
		return Text, true
	case "auto", "":
		return Auto, true
	}
	return Auto, false
}

// Options configure a Parser. The zero value parses any format with the
// default field names, in UTC.
type Options struct {
	Format Format
	// Fields names the keys of each part; a part left empty takes its
	// DefaultFields names.
	Fields Fields
	// Service names the emitting service of lines that do not name one.
	Service string
	// TimeLayout is a Go reference layout for timestamps that the automatic
	// parser does not know, or unix, unix_ms, unix_us, unix_ns for epochs
	// of a fixed unit. Empty: detect (see ParseTime).
	TimeLayout string
	// Location is the zone of timestamps written without one. Nil: UTC.
	Location *time.Location
}

// Outcome says what Parse made of a line.
type Outcome uint8

const (
	OK Outcome = iota
	// Repaired: usable, but invalid UTF-8 in the message was replaced.
	Repaired
	// NoTime: the line has no timestamp. In text logs this is usually a
	// continuation line (a stack trace); elsewhere the time field is missing.
	NoTime
	// BadTime: a timestamp is there but cannot be read.
	BadTime
	// Malformed: the line is not in the configured format.
	Malformed
)

// Usable reports whether the record was filled and may be streamed.
func (o Outcome) Usable() bool { return o <= Repaired }

// Parser turns lines into analysis records. It is not safe for concurrent
// use: it owns the scratch buffers that a record's Message may point into,
// valid until the next call.
type Parser struct {
	opts   Options
	fields Fields
	json   jsonScanner
	logfmt logfmtScanner
	ref    time.Time
	// layoutFields is how many blank-separated fields TimeLayout spans,
	// so that a text line's stamp can be cut before time.Parse.
	layoutFields int
	msg, clean   []byte
	svc, tmp     []byte
	services     interner
}

// NewParser returns a parser for o.
func NewParser(o Options) *Parser {
	d := DefaultFields()
	f := o.Fields
	f.Time = orDefault(f.Time, d.Time)
	f.Level = orDefault(f.Level, d.Level)
	f.Service = orDefault(f.Service, d.Service)
	f.Message = orDefault(f.Message, d.Message)
	p := &Parser{opts: o, fields: f, ref: time.Now()}
	p.json.matcher = newMatcher(f)
	p.logfmt.matcher = newMatcher(f)
	p.layoutFields = len(bytes.Fields([]byte(o.TimeLayout)))
	return p
}

// SetReference sets the time that yearless syslog stamps are read near;
// sources pass the end of the window they stream. Default: now.
func (p *Parser) SetReference(t time.Time) { p.ref = t }

// Parse fills rec from line, including its time. rec.Line is line itself;
// rec.Message and rec.Service may point into line or into the parser's
// buffers and are valid until the next call.
func (p *Parser) Parse(line []byte, rec *analysis.Record) Outcome {
	rec.Time = time.Time{}
	return p.parse(line, rec, true)
}

// ParseBody fills rec's level, service and message from line and leaves
// rec.Time alone, for sources that store the time beside the line (Loki).
// A leading timestamp in a text line is skipped.
func (p *Parser) ParseBody(line []byte, rec *analysis.Record) Outcome {
	return p.parse(line, rec, false)
}

func (p *Parser) parse(line []byte, rec *analysis.Record, withTime bool) Outcome {
	rec.Level, rec.Service, rec.Message, rec.Line = "", p.opts.Service, nil, line
	format := p.opts.Format
	if format == Auto {
		format = detect(line)
	}
	var out Outcome
	switch format {
	case JSON:
		if !p.json.scan(line) {
			if p.opts.Format != Auto {
				return Malformed
			}
			return p.finish(p.text(line, rec, withTime), rec)
		}
		out = p.fromFields(&p.json.matcher, line, rec, withTime)
	case Logfmt:
		if !p.logfmt.scan(line) {
			if p.opts.Format != Auto {
				return Malformed
			}
			return p.finish(p.text(line, rec, withTime), rec)
		}
		out = p.fromFields(&p.logfmt.matcher, line, rec, withTime)
	default:
		out = p.text(line, rec, withTime)
	}
	return p.finish(out, rec)
}

// finish replaces invalid UTF-8 in a usable record's message and service.
func (p *Parser) finish(out Outcome, rec *analysis.Record) Outcome {
	if !out.Usable() || utf8.Valid(rec.Message) && utf8.ValidString(rec.Service) {
		return out
	}
	p.clean = AppendValidUTF8(p.clean[:0], rec.Message)
	rec.Message = p.clean
	if !utf8.ValidString(rec.Service) {
		rec.Service = p.services.get(AppendValidUTF8(p.svc[:0], []byte(rec.Service)))
	}
	return Repaired
}

func (p *Parser) fromFields(m *matcher, line []byte, rec *analysis.Record, withTime bool) Outcome {
	f := &m.found
	if v := f[partLevel]; v.prio != noMatch {
		rec.Level = NormalizeLevel(v.raw)
	}
	if v := f[partService]; v.prio != noMatch && len(v.raw) > 0 {
		rec.Service = p.services.get(p.str(v, &p.svc))
	}
	rec.Message = line
	if v := f[partMessage]; v.prio != noMatch {
		rec.Message = p.str(v, &p.msg)
	}
	if !withTime {
		return OK
	}
	v := f[partTime]
	if v.prio == noMatch {
		return NoTime
	}
	t, ok := p.timeValue(p.str(v, &p.tmp))
	if !ok {
		return BadTime
	}
	rec.Time = t
	return OK
}

// text reads "<stamp> [LEVEL] message".
func (p *Parser) text(line []byte, rec *analysis.Record, withTime bool) Outcome {
	rest := line
	t, n, ok := p.textStamp(line)
	if ok {
		rest = line[n:]
	} else if withTime {
		if looksLikeDate(line) {
			return BadTime
		}
		return NoTime
	}
	if withTime {
		rec.Time = t
	}
	rec.Level, rec.Message = leadingLevel(rest)
	return OK
}

// str returns a value's text, unescaped into buf when it holds escapes.
func (p *Parser) str(v value, buf *[]byte) []byte {
	if v.quote && bytes.IndexByte(v.raw, '\\') >= 0 {
		*buf = unescape((*buf)[:0], v.raw)
		return *buf
	}
	return v.raw
}

func detect(line []byte) Format {
	i := skipWS(line, 0)
	if i < len(line) && line[i] == '{' {
		return JSON
	}
	if looksLogfmt(line) {
		return Logfmt
	}
	return Text
}

// looksLikeDate tells a broken stamp ("2024-13-45 …", counted as a bad
// time) from a line without one (a continuation line).
func looksLikeDate(b []byte) bool {
	return len(b) >= 10 && isDigit(b[0]) && isDigit(b[1]) && isDigit(b[2]) && isDigit(b[3]) &&
		(b[4] == '-' || b[4] == '/')
}

func orDefault(names, def []string) []string {
	if len(names) == 0 {
		return def
	}
	return names
}
