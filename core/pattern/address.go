package pattern

// matchURL recognises scheme://rest and returns where the scheme's "://"
// ends and where the URL ends (at a space or closing punctuation).
func matchURL(s []byte) (rest, end int) {
	i := 0
	for i < len(s) && i <= 16 && (isAlpha(s[i]) || (i > 0 && (isDigit(s[i]) || s[i] == '+' || s[i] == '.' || s[i] == '-'))) {
		i++
	}
	if i == 0 || i+3 >= len(s) || s[i] != ':' || s[i+1] != '/' || s[i+2] != '/' {
		return 0, 0
	}
	rest = i + 3
	end = rest
	for end < len(s) && class[s[end]]&(cSpace|cCloser) == 0 {
		end++
	}
	if end == rest {
		return 0, 0
	}
	return rest, end
}

// matchEmail recognises local@domain.tld with an alphabetic top-level domain.
func matchEmail(s []byte) int {
	i := 0
	for i < len(s) && (isAlpha(s[i]) || isDigit(s[i]) || s[i] == '.' || s[i] == '_' || s[i] == '-' || s[i] == '+' || s[i] == '%') {
		i++
	}
	if i == 0 || i >= len(s) || s[i] != '@' {
		return 0
	}
	i++
	labels, tld := 0, 0
	for {
		start := i
		for i < len(s) && (isAlpha(s[i]) || isDigit(s[i]) || s[i] == '-') {
			i++
		}
		if i == start {
			return 0
		}
		labels++
		tld = 0
		for _, c := range s[start:i] {
			if !isAlpha(c) {
				tld = -1
				break
			}
			tld++
		}
		if i+1 < len(s) && s[i] == '.' && isAlpha(s[i+1]) {
			i++
			continue
		}
		break
	}
	if labels < 2 || tld < 2 {
		return 0
	}
	return i
}

// matchPath recognises /abs/path, ~/path, ./rel, ../rel and C:\windows\path.
// A path runs to a space or closing punctuation; a ':' inside is kept only
// when a '/' follows it ("jar:file:/D:/x"), so "/bin/prog: error" stops at
// the colon. The caller only asks at the start of a word.
func matchPath(s []byte) int {
	start := 0
	switch {
	case len(s) > 1 && s[0] == '/' && pathHead(s[1]):
		start = 1
	case len(s) > 2 && s[0] == '~' && s[1] == '/':
		start = 2
	case len(s) > 2 && s[0] == '.' && s[1] == '/':
		start = 2
	case len(s) > 3 && s[0] == '.' && s[1] == '.' && s[2] == '/':
		start = 3
	case len(s) > 3 && isAlpha(s[0]) && s[1] == ':' && s[2] == '\\':
		start = 3
	default:
		return 0
	}
	i := start
	for i < len(s) {
		c := s[i]
		if class[c]&(cSpace|cCloser) != 0 {
			break
		}
		if c == ':' && (i+1 >= len(s) || s[i+1] != '/') {
			break
		}
		i++
	}
	if i <= start {
		return 0
	}
	return i
}

// pathHead is what may follow the leading '/' of a path: "/ " and "//" are
// not paths, and "/*" only as part of a longer one.
func pathHead(c byte) bool {
	return isAlpha(c) || isDigit(c) || c == '.' || c == '_' || c == '-' || c == '~' || c >= 0x80
}
