package pattern

import "bytes"

// maskWord masks the variable parts of a word that no typed matcher took.
// A word without digits is kept whole, true and false and letter-only hex
// aside: letters alone are usually constant, and where they are not the
// miner generalises them by comparing lines (see siblings.go). A
// word with digits is split at '.', '-' and '+', and each part that holds a
// variable becomes one placeholder: "core.2275" gives "core.<NUM>",
// "attempt_1445_0020_m_000000_0" and "bglio559" give "<ID>", while
// "Slf4jLogger", "tty2" and "hadoop-metrics2.properties" stay as they are.
// '_' joins a part rather than splitting it: identifiers written with
// underscores are one value.
func maskWord(dst, w []byte) ([]byte, int) {
	if !hasDigit(w) {
		switch {
		case isBool(w):
			return append(dst, sentinel, byte(KindBool)), 1
		case isHexLetters(w):
			return append(dst, sentinel, byte(KindHex)), 1
		}
		return append(dst, w...), 0
	}
	vars := 0
	prevVar := false
	for start := 0; start <= len(w); {
		end := start
		for end < len(w) && !isSplit(w[end]) {
			end++
		}
		if k := partKind(w[start:end]); k != KindNone {
			if prevVar && start > 0 && w[start-1] == '.' {
				// "<NUM>.<NUM>" is one dotted value: drop the dot.
				dst = dst[:len(dst)-1]
			} else {
				dst = append(dst, sentinel, byte(k))
				vars++
			}
			prevVar = true
		} else {
			dst = append(dst, w[start:end]...)
			prevVar = prevVar && end == start
		}
		if end < len(w) {
			dst = append(dst, w[end])
		}
		start = end + 1
	}
	return dst, vars
}

func isSplit(c byte) bool { return c == '.' || c == '-' || c == '+' }

// partKind decides whether one part of a word is a variable, looking at
// each of its '_'-separated pieces: all digits, a number with a unit, four
// or more hex digits, a name ending in a number ("node42"), or a mix of letters
// and digits where the digits are not incidental (three in a row, or half
// the piece). A part of digits only is a <NUM>, of hex a <HEX>, anything
// else with a variable piece an <ID>.
func partKind(p []byte) Kind {
	if len(p) == 0 || !hasDigit(p) {
		return KindNone
	}
	whole := pieceKind(p)
	if whole == KindHex || bytes.IndexByte(p, '_') < 0 {
		if whole == KindNone {
			return KindNone
		}
		return whole
	}
	for start := 0; start < len(p); {
		end := start
		for end < len(p) && p[end] != '_' {
			end++
		}
		if pieceKind(p[start:end]) != KindNone {
			return KindID
		}
		start = end + 1
	}
	return KindNone
}

func pieceKind(p []byte) Kind {
	if n, k := matchNumber(p, false); n == len(p) && n > 0 {
		return k
	}
	nd, run, cur := 0, 0, 0
	hex := true
	for _, c := range p {
		if isDigit(c) {
			nd++
			cur++
			run = max(run, cur)
			continue
		}
		cur = 0
		hex = hex && isHex(c)
	}
	switch {
	case nd == 0:
		return KindNone
	case nd == len(p):
		return KindNum
	case hex && len(p) >= 4:
		return KindHex
	case run >= 3 || 2*nd >= len(p) || trailingNumber(p) > 0:
		return KindID
	}
	return KindNone
}

// trailingNumber returns the length of a run of two or more digits ending a
// piece that is otherwise letters ("node42", "bglio559"): a numbered name.
// Single trailing digits ("eth1", "tty2", "IPv6") are left alone; they name
// interfaces and protocols as often as instances.
func trailingNumber(p []byte) int {
	n := 0
	for n < len(p) && isDigit(p[len(p)-1-n]) {
		n++
	}
	if n < 2 || n == len(p) {
		return 0
	}
	for _, c := range p[:len(p)-n] {
		if !isAlpha(c) {
			return 0
		}
	}
	return n
}

// isHexLetters recognises a hex number that happens to have no digit
// ("fadcdba"): seven or more of a-f. One hash in a thousand looks like that,
// and one such line in its own group would cost the whole group.
func isHexLetters(w []byte) bool {
	if len(w) < 7 {
		return false
	}
	for _, c := range w {
		if c < 'a' || c > 'f' {
			return false
		}
	}
	return true
}

// isBool recognises true and false in any case: printed flags are values,
// the one kind of variable spelled in letters that every log shares.
func isBool(w []byte) bool {
	switch len(w) {
	case 4:
		return lower(w[0]) == 't' && lower(w[1]) == 'r' && lower(w[2]) == 'u' && lower(w[3]) == 'e'
	case 5:
		return lower(w[0]) == 'f' && lower(w[1]) == 'a' && lower(w[2]) == 'l' && lower(w[3]) == 's' && lower(w[4]) == 'e'
	}
	return false
}
