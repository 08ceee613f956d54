package logline

// logfmtScanner pulls fields out of a logfmt line (key=value key="quoted
// value" flag) in one pass without allocating.
type logfmtScanner struct {
	matcher
}

// scan reads line and reports whether it held at least one key=value pair.
func (s *logfmtScanner) scan(line []byte) bool {
	s.reset()
	pairs := 0
	i := 0
	for i < len(line) {
		for i < len(line) && line[i] <= ' ' {
			i++
		}
		start := i
		for i < len(line) && line[i] > ' ' && line[i] != '=' && line[i] != '"' {
			i++
		}
		key := line[start:i]
		if len(key) == 0 {
			if i < len(line) && line[i] == '"' {
				i = quotedEnd(line, i+1) + 1
			} else {
				i++
			}
			continue
		}
		if i >= len(line) || line[i] != '=' {
			continue // a bare key: a flag, nothing to extract
		}
		i++
		var raw []byte
		quoted := i < len(line) && line[i] == '"'
		if quoted {
			end := quotedEnd(line, i+1)
			raw = line[i+1 : min(end, len(line))]
			i = end + 1
		} else {
			vstart := i
			for i < len(line) && line[i] > ' ' {
				i++
			}
			raw = line[vstart:i]
		}
		pairs++
		if len(raw) > 0 {
			s.match(key, raw, quoted)
			if s.complete() {
				break
			}
		}
	}
	return pairs > 0
}

// quotedEnd returns the index of the quote closing a value that starts at
// line[i], or len(line) when it is never closed.
func quotedEnd(line []byte, i int) int {
	if end, ok := stringEnd(line, i); ok {
		return end
	}
	return len(line)
}

// looksLogfmt reports whether line starts with key=, the cheap test the
// Auto format uses to tell logfmt from free text.
func looksLogfmt(line []byte) bool {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	start := i
	for i < len(line) && isKeyByte(line[i]) {
		i++
	}
	return i > start && i < len(line) && line[i] == '='
}

func isKeyByte(c byte) bool {
	return isWordByte(c) || c == '_' || c == '.' || c == '-' || c == '@'
}
