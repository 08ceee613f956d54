package logline

import "time"

// Epoch bounds for text lines: a bare number at the start of a line is only
// a timestamp if it falls in this century.
const (
	epochMin = 946684800  // 2000-01-01
	epochMax = 4102444800 // 2100-01-01
)

// parseEpoch reads digits[.digits] as a Unix time. The unit comes from the
// number of integer digits: up to 11 seconds, up to 14 milliseconds, up to
// 17 microseconds, otherwise nanoseconds.
func parseEpoch(b []byte, anyEpoch bool) (time.Time, int, bool) {
	n := 0
	var v int64
	for n < len(b) && isDigit(b[n]) {
		if n == 19 {
			return time.Time{}, 0, false
		}
		v = v*10 + int64(b[n]-'0')
		n++
	}
	intDigits := n
	frac, used := fraction(b[n:])
	if used > 0 && b[n] != '.' {
		used = 0 // "1700000000,5" is not an epoch with a fraction
		frac = 0
	}
	n += used
	if !anyEpoch {
		if (intDigits != 10 && intDigits != 13) || (n < len(b) && b[n] != ' ' && b[n] != '\t') {
			return time.Time{}, 0, false
		}
	}
	var sec, nsec int64
	switch {
	case intDigits <= 11:
		sec, nsec = v, int64(frac)
	case intDigits <= 14:
		sec, nsec = v/1e3, (v%1e3)*1e6+int64(frac)/1e3
	case intDigits <= 17:
		sec, nsec = v/1e6, (v%1e6)*1e3+int64(frac)/1e6
	default:
		sec, nsec = v/1e9, v%1e9
	}
	if !anyEpoch && (sec < epochMin || sec >= epochMax) {
		return time.Time{}, 0, false
	}
	return time.Unix(sec, nsec).UTC(), n, true
}

// epochIn reads digits[.digits] at the start of b as an epoch in the unit
// the layout names, whatever its magnitude.
func epochIn(b []byte, layout string) (time.Time, int, bool) {
	n := 0
	var v int64
	for n < len(b) && isDigit(b[n]) && n < 19 {
		v = v*10 + int64(b[n]-'0')
		n++
	}
	if n == 0 {
		return time.Time{}, 0, false
	}
	frac, used := 0, 0
	if n < len(b) && b[n] == '.' {
		frac, used = fraction(b[n:])
	}
	n += used
	var unit int64
	switch layout {
	case "unix":
		return time.Unix(v, int64(frac)).UTC(), n, true
	case "unix_ms":
		unit = 1e6
	case "unix_us":
		unit = 1e3
	default:
		unit = 1
	}
	perSec := 1e9 / unit
	return time.Unix(v/perSec, (v%perSec)*unit+int64(frac)/perSec).UTC(), n, true
}
