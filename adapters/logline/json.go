package logline

import "bytes"

// maxDepth bounds how deep the scanner descends into objects named by
// dotted fields; deeper values are skipped, not parsed.
const maxDepth = 8

// jsonScanner pulls the few fields a record needs out of a JSON object
// without building it: values are sub-slices of the line, and strings are
// unescaped later, only for the values that are used. This is what makes a
// million lines a second possible; json.Unmarshal into a map costs about
// thirty allocations per line.
type jsonScanner struct {
	matcher
	path []byte // dotted path of the key being read, reused
	key  []byte // unescaped key when a key holds escapes, reused
	stop bool
}

// scan reads the object in line. It reports false when line is not a JSON
// object; it stops early once every part has its first-choice field.
func (s *jsonScanner) scan(line []byte) bool {
	s.reset()
	s.stop = false
	s.path = s.path[:0]
	i := skipWS(line, 0)
	if i >= len(line) || line[i] != '{' {
		return false
	}
	_, ok := s.object(line, i, 0)
	return ok
}

// object reads the object starting at b[i] == '{' and returns the index
// after its closing brace.
func (s *jsonScanner) object(b []byte, i, depth int) (int, bool) {
	plen := len(s.path)
	i++
	for {
		i = skipWS(b, i)
		if i >= len(b) {
			return i, false
		}
		if b[i] == '}' {
			return i + 1, true
		}
		if b[i] != '"' {
			return i, false
		}
		end, ok := stringEnd(b, i+1)
		if !ok {
			return i, false
		}
		key := b[i+1 : end]
		if bytes.IndexByte(key, '\\') >= 0 {
			s.key = unescape(s.key[:0], key)
			key = s.key
		}
		s.path = append(s.path[:plen], key...)
		i = skipWS(b, end+1)
		if i >= len(b) || b[i] != ':' {
			return i, false
		}
		i = skipWS(b, i+1)
		if i >= len(b) {
			return i, false
		}
		switch c := b[i]; c {
		case '"':
			end, ok := stringEnd(b, i+1)
			if !ok {
				return i, false
			}
			s.match(s.path, b[i+1:end], true)
			i = end + 1
		case '{':
			if depth < maxDepth && s.descends(s.path) {
				s.path = append(s.path, '.')
				i, ok = s.object(b, i, depth+1)
			} else {
				i, ok = skipComposite(b, i)
			}
			if !ok {
				return i, false
			}
		case '[':
			if i, ok = skipComposite(b, i); !ok {
				return i, false
			}
		default:
			end := scalarEnd(b, i)
			if end == i {
				return i, false
			}
			if !(end-i == 4 && string(b[i:end]) == "null") {
				s.match(s.path, b[i:end], false)
			}
			i = end
		}
		if s.stop || s.complete() {
			s.stop = true
			return i, true
		}
		i = skipWS(b, i)
		if i < len(b) && b[i] == ',' {
			i++
			continue
		}
		if i < len(b) && b[i] == '}' {
			return i + 1, true
		}
		return i, false
	}
}

// stringEnd returns the index of the quote that closes the string whose
// content starts at b[i]. Short strings (most keys and levels) are walked
// byte by byte; longer ones jump from quote to quote with IndexByte, which is
// vectorised, counting the backslashes before each quote to see whether it
// is escaped.
func stringEnd(b []byte, i int) (int, bool) {
	for j := i; j < len(b) && j < i+16; j++ {
		switch b[j] {
		case '"':
			return j, true
		case '\\':
			return stringEndEscaped(b, i)
		}
	}
	return stringEndEscaped(b, i)
}

func stringEndEscaped(b []byte, i int) (int, bool) {
	start := i
	for {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			return 0, false
		}
		j += i
		n := 0
		for k := j - 1; k >= start && b[k] == '\\'; k-- {
			n++
		}
		if n%2 == 0 {
			return j, true
		}
		i = j + 1
	}
}

// skipComposite skips the array or object starting at b[i].
func skipComposite(b []byte, i int) (int, bool) {
	depth := 0
	for i < len(b) {
		switch b[i] {
		case '"':
			end, ok := stringEnd(b, i+1)
			if !ok {
				return i, false
			}
			i = end
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1, true
			}
		}
		i++
	}
	return i, false
}

// scalarEnd returns the end of a number or literal starting at b[i].
func scalarEnd(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return i
		}
		i++
	}
	return i
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}
