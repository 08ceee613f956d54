package pattern

// matchHexPrefixed recognises 0x followed by hex digits.
func matchHexPrefixed(s []byte) int {
	if len(s) < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') {
		return 0
	}
	n := hexDigits(s[2:], len(s))
	if n == 0 {
		return 0
	}
	return 2 + n
}

// matchNumber recognises a signed integer, decimal, dotted version or
// exponent, optionally glued to a unit. A known time unit makes it KindDur, a
// known size unit KindSize; any other letters right after the digits make it
// no number at all ("7163Calories" is left to the word rules).
func matchNumber(s []byte, signed bool) (int, Kind) {
	i := 0
	if signed && len(s) > 1 && (s[0] == '-' || s[0] == '+') && isDigit(s[1]) {
		i = 1
	}
	n := digits(s[i:])
	if n == 0 {
		return 0, KindNone
	}
	i += n
	for i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
		i++
		i += digits(s[i:])
	}
	if i+1 < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '-' || s[j] == '+') {
			j++
		}
		if d := digits(s[j:]); d > 0 && d <= 3 && (j+d == len(s) || !isAlpha(s[j+d])) {
			i = j + d
		}
	}
	u := i
	for u < len(s) && isAlpha(s[u]) {
		u++
	}
	if u == i && u+2 < len(s) && s[u] == 0xc2 && s[u+1] == 0xb5 && s[u+2] == 's' {
		return u + 3, KindDur // µs
	}
	if u == i {
		return i, KindNum
	}
	switch k := unitKind(s[i:u]); k {
	case KindNone:
		return 0, KindNone
	default:
		return u, k
	}
}

// unitKind tells time units from size units. Lower-case "m" is minutes and
// upper-case "M" megabytes, the way both are usually written in logs.
func unitKind(u []byte) Kind {
	switch string(u) {
	case "ns", "us", "ms", "s", "sec", "secs", "m", "min", "mins", "h", "hr", "hrs", "d":
		return KindDur
	case "b", "B", "k", "K", "kb", "kB", "KB", "KiB", "M", "MB", "MiB", "G", "GB", "GiB", "T", "TB", "TiB":
		return KindSize
	}
	return KindNone
}

// isSizeUnit reports whether a separate word is a size unit, so "1.16 KB"
// masks as one <SIZE>. Spelled-out units ("bytes") stay words: templates
// read better as "<NUM> bytes".
func isSizeUnit(u []byte) bool {
	switch string(u) {
	case "B", "kB", "KB", "KiB", "MB", "MiB", "GB", "GiB", "TB", "TiB":
		return true
	}
	return false
}
