package pattern

// The typed matchers. Each looks at the start of s and returns the length of
// the variable it recognises there (0: none). They are hand-written because a
// regexp per kind per word would cost more than the whole rest of the miner;
// callers check that a match ends on a word boundary.

// matchUUID recognises 8-4-4-4-12 hex digits.
func matchUUID(s []byte) int {
	if len(s) < 36 {
		return 0
	}
	for i := 0; i < 36; i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return 0
			}
		default:
			if !isHex(s[i]) {
				return 0
			}
		}
	}
	return 36
}

// matchIPv4 recognises a dotted quad with an optional /prefix length. Five or
// more dotted numbers are a version, not an address.
func matchIPv4(s []byte) int {
	i := 0
	for g := 0; g < 4; g++ {
		if g > 0 {
			if i >= len(s) || s[i] != '.' {
				return 0
			}
			i++
		}
		n := digits(s[i:])
		if n == 0 || n > 3 {
			return 0
		}
		i += n
	}
	if i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
		return 0
	}
	if i+1 < len(s) && s[i] == '/' {
		if n := digits(s[i+1:]); n > 0 && n <= 2 {
			i += 1 + n
		}
	}
	return i
}

// matchColonHex recognises IPv6 addresses and MAC-like runs of hex groups
// separated by colons ("2607:f140::8", "00:11:43:e3:ba:c3"). It needs at least
// four groups (or a "::") and one digit, so "CCFile::run" and times are left
// alone. MAC-like runs (two hex digits per group) are reported as KindHex.
func matchColonHex(s []byte) (int, Kind) {
	i, groups, colons, pairs := 0, 0, 0, 0
	double, digit, letter := false, false, false
	last := 0 // end of the last complete group
	for i < len(s) {
		n := hexDigits(s[i:], 5)
		if n > 4 {
			return 0, KindNone
		}
		if n > 0 {
			for _, c := range s[i : i+n] {
				digit = digit || isDigit(c)
				letter = letter || !isDigit(c)
			}
			groups++
			if n == 2 {
				pairs++
			}
			i += n
			last = i
		}
		if i >= len(s) || s[i] != ':' {
			break
		}
		colons++
		i++
		if i < len(s) && s[i] == ':' {
			if double {
				return 0, KindNone
			}
			double = true
			colons++
			i++
			last = i
		}
	}
	// Four all-digit groups are more likely a time with a field too many
	// ("22:15:29:606") than an address.
	if !digit || (colons < 3 && !double) || groups < 2 || (!letter && !double && groups < 6) {
		return 0, KindNone
	}
	if !double && pairs == groups && groups >= 6 {
		return last, KindHex
	}
	return last, KindIP
}

// matchTime recognises h:mm, hh:mm:ss and fractions (".123" or ",123").
func matchTime(s []byte) int {
	n := digits(s)
	if n == 0 || n > 2 || n+3 > len(s) || s[n] != ':' {
		return 0
	}
	i := n + 1
	if digits(s[i:]) != 2 {
		return 0
	}
	i += 2
	if i+2 < len(s) && s[i] == ':' && digits(s[i+1:]) == 2 {
		i += 3
	}
	return i + fraction(s[i:])
}

// fraction returns the length of a ".123" or ",123" sub-second part.
func fraction(s []byte) int {
	if len(s) > 1 && (s[0] == '.' || s[0] == ',') {
		if n := digits(s[1:]); n > 0 && n <= 9 {
			return 1 + n
		}
	}
	return 0
}

// matchDate recognises yyyy-mm-dd (or / or . as separator) and dd/mm/yy,
// optionally followed by a time and a zone ("2024-03-10T15:20:00.123Z").
func matchDate(s []byte) int {
	i := 0
	if n := digits(s); n == 4 && len(s) > 5 && (s[4] == '-' || s[4] == '/' || s[4] == '.') {
		sep := s[4]
		m := digits(s[5:])
		if m == 0 || m > 2 || 5+m >= len(s) || s[5+m] != sep {
			return 0
		}
		d := digits(s[6+m:])
		if d == 0 || d > 2 {
			return 0
		}
		i = 6 + m + d
	} else if n > 0 && n <= 2 && len(s) > n && s[n] == '/' {
		m := digits(s[n+1:])
		if m == 0 || m > 2 || n+1+m >= len(s) || s[n+1+m] != '/' {
			return 0
		}
		y := digits(s[n+2+m:])
		if y != 2 && y != 4 {
			return 0
		}
		i = n + 2 + m + y
	} else {
		return 0
	}
	if i+1 < len(s) && (s[i] == 'T' || s[i] == '_' || s[i] == '-') {
		if t := matchClock(s[i+1:]); t > 0 {
			i += 1 + t
		}
	}
	return i + zone(s[i:])
}

// matchClock is a time after a date, where "." may also separate the fields.
func matchClock(s []byte) int {
	if t := matchTime(s); t > 0 {
		return t
	}
	if len(s) >= 8 && digits(s) == 2 && s[2] == '.' && digits(s[3:]) == 2 && s[5] == '.' && digits(s[6:]) == 2 {
		return 8 + fraction(s[8:])
	}
	return 0
}

// zone returns the length of "Z", "+hh:mm" or "-hhmm" after a time.
func zone(s []byte) int {
	if len(s) == 0 {
		return 0
	}
	if s[0] == 'Z' && (len(s) == 1 || !isWordByte(s[1]) || s[1] == '.') {
		return 1
	}
	if s[0] != '+' && s[0] != '-' {
		return 0
	}
	if digits(s[1:]) == 4 {
		return 5
	}
	if len(s) >= 6 && digits(s[1:]) == 2 && s[3] == ':' && digits(s[4:]) == 2 {
		return 6
	}
	return 0
}
