package pattern

// A masked token is written to a byte buffer with each variable replaced by
// a two-byte placeholder: sentinel, kind. Raw NUL bytes never reach the
// buffer (the tokenizer treats them as spaces), so the sentinel is
// unambiguous, hashing stays a plain pass over bytes, and rendering expands
// the pair into "<KIND>".
const sentinel = 0

// maskToken appends s with its variables masked to dst and reports how many
// placeholders it wrote. The scanner walks words (runs of letters, digits and
// joiners) separated by punctuation: at each word start it tries the typed
// matchers, which may run across punctuation ("10.0.0.1:80", "/var/log"),
// and otherwise masks the parts of the word that look variable.
func maskToken(dst, s []byte) ([]byte, int) {
	vars := 0
	for i := 0; i < len(s); {
		c := s[i]
		atStart := i == 0 || !isWordByte(s[i-1])
		if atStart && (c == '/' || c == '~' || c == '.' || (isAlpha(c) && i+2 < len(s) && s[i+1] == ':' && s[i+2] == '\\')) {
			if n := matchPath(s[i:]); n > 0 {
				dst = append(dst, sentinel, byte(KindPath))
				vars++
				i += n
				continue
			}
		}
		if !isWordByte(c) {
			dst = append(dst, c)
			i++
			continue
		}
		j := i
		for j < len(s) && isWordByte(s[j]) {
			j++
		}
		if n, k := matchTyped(s, i, j); n > 0 {
			if k == KindURL {
				dst = append(dst, s[i:i+n]...)
				n = urlEnd(s[i:])
			}
			dst = append(dst, sentinel, byte(k))
			vars++
			i += n
			continue
		}
		var v int
		dst, v = maskWord(dst, s[i:j])
		vars += v
		i = j
	}
	return dst, vars
}

// matchTyped tries the typed matchers on the word s[i:j] and returns the
// length of the variable that starts there and its kind. For URLs it returns
// the length of the scheme and "://", which the caller keeps.
func matchTyped(s []byte, i, j int) (int, Kind) {
	w := s[i:]
	c := w[0]
	if j < len(s) {
		switch s[j] {
		case ':':
			if j+2 < len(s) && s[j+1] == '/' && s[j+2] == '/' && isAlpha(c) {
				if rest, _ := matchURL(w); rest > 0 {
					return rest, KindURL
				}
			}
		case '@':
			if n := matchEmail(w); n > 0 && boundary(s, i+n) {
				return n, KindEmail
			}
		}
	}
	if !isHex(c) && c != '-' && c != '+' {
		return 0, KindNone
	}
	if j-i >= 36 {
		if n := matchUUID(w); n > 0 && boundary(s, i+n) {
			return n, KindUUID
		}
	}
	if j < len(s) && s[j] == ':' {
		if n, k := matchColonHex(w); n > 0 && boundary(s, i+n) {
			return n, k
		}
	}
	if !isDigit(c) && c != '-' && c != '+' {
		return 0, KindNone
	}
	if n := matchDate(w); n > 0 && boundary(s, i+n) {
		return n, KindTS
	}
	if n := matchIPv4(w); n > 0 && boundary(s, i+n) {
		return n, KindIP
	}
	if n := matchTime(w); n > 0 && boundary(s, i+n) {
		return n, KindTS
	}
	if n := matchHexPrefixed(w); n > 0 && boundary(s, i+n) {
		return n, KindHex
	}
	if n, k := matchNumber(w, true); n > 0 && boundary(s, i+n) {
		return n, k
	}
	return 0, KindNone
}

func urlEnd(s []byte) int {
	_, end := matchURL(s)
	return end
}

func hasDigit(w []byte) bool {
	for _, c := range w {
		if isDigit(c) {
			return true
		}
	}
	return false
}
