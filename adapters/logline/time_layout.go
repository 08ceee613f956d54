package logline

import (
	"time"
)

// timeValue parses a time field's value with the configured layout.
func (p *Parser) timeValue(b []byte) (time.Time, bool) {
	switch p.opts.TimeLayout {
	case "":
		return ParseTime(b, p.opts.Location, p.ref)
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
