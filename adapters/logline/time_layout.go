package logline

import (
	"time"
)

// timeValue parses a time field's value with the configured layout.
func (p *Parser) timeValue(b []byte) (time.Time, bool) {
	switch p.opts.TimeLayout {
	case "":
		if t, ok := ParseTime(b, p.opts.Location, p.ref); ok {
			return t, true
		}
		return fallbackTime(trimSpace(b), p.location())
	case "unix", "unix_ms", "unix_us", "unix_ns":
		t, n, ok := epochIn(trimSpace(b), p.opts.TimeLayout)
		return t, ok && n == len(trimSpace(b))
	}
	t, err := time.ParseInLocation(p.opts.TimeLayout, string(trimSpace(b)), p.location())
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// fallbackLayouts are the other forms a time field is seen in. They are
// tried with time.Parse only after the fast reader failed, so a source
// that writes them is slower (about a microsecond a line) but read.
var fallbackLayouts = []string{
	time.RFC1123Z, time.RFC1123, time.RFC850, time.RubyDate, time.UnixDate, time.ANSIC,
	"02/Jan/2006:15:04:05 -0700", // Common Log Format (nginx, Apache)
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999 -0700 MST", // Go's time.Time.String
}

func fallbackTime(b []byte, loc *time.Location) (time.Time, bool) {
	if len(b) < 10 || len(b) > 64 {
		return time.Time{}, false
	}
	s := string(b)
	for _, layout := range fallbackLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// textStamp reads the timestamp that starts a text line.
func (p *Parser) textStamp(line []byte) (time.Time, int, bool) {
	switch p.opts.TimeLayout {
	case "":
		return parseStampPrefix(line, p.opts.Location, p.ref, false)
	case "unix", "unix_ms", "unix_us", "unix_ns":
		t, n, ok := epochIn(line, p.opts.TimeLayout)
		if !ok || (n < len(line) && line[n] != ' ' && line[n] != '\t') {
			return time.Time{}, 0, false
		}
		return t, n, true
	}
	n := prefixFields(line, p.layoutFields)
	if n == 0 {
		return time.Time{}, 0, false
	}
	t, err := time.ParseInLocation(p.opts.TimeLayout, string(line[:n]), p.location())
	if err != nil {
		return time.Time{}, 0, false
	}
	return t.UTC(), n, true
}

func (p *Parser) location() *time.Location {
	if p.opts.Location == nil {
		return time.UTC
	}
	return p.opts.Location
}

// prefixFields returns the length of the shortest prefix of line that holds
// k blank-separated fields, 0 when line has fewer.
func prefixFields(line []byte, k int) int {
	i := 0
	for f := 0; f < k; f++ {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i == len(line) {
			return 0
		}
		for i < len(line) && line[i] != ' ' && line[i] != '\t' {
			i++
		}
	}
	return i
}
