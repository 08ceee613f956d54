package logline

import (
	"time"
)

// ParseTime parses a whole timestamp value (a JSON or logfmt field): an
// ISO-8601/RFC 3339 stamp, a syslog stamp or a Unix epoch in seconds,
// milliseconds, microseconds or nanoseconds (by magnitude), with an optional
// fraction. Stamps without a zone are read in loc (UTC when nil); ref gives
// the year of yearless syslog stamps.
func ParseTime(b []byte, loc *time.Location, ref time.Time) (time.Time, bool) {
	b = trimSpace(b)
	if t, n, ok := parseStampPrefix(b, loc, ref, true); ok && n == len(b) {
		return t, true
	}
	return time.Time{}, false
}

// parseStampPrefix reads a timestamp at the start of b and returns how many
// bytes it used. It is hand-rolled because time.Parse costs about a
// microsecond and allocates for zone offsets, which alone would use the
// whole budget of a million lines a second. anyEpoch accepts any epoch
// magnitude; text lines (anyEpoch false) only accept 10- or 13-digit epochs
// between 2000 and 2100, so that a leading number is not taken for a time.
func parseStampPrefix(b []byte, loc *time.Location, ref time.Time, anyEpoch bool) (time.Time, int, bool) {
	if len(b) == 0 {
		return time.Time{}, 0, false
	}
	switch c := b[0]; {
	case c >= '0' && c <= '9':
		if len(b) >= 19 && (b[4] == '-' || b[4] == '/') {
			return parseISO(b, loc)
		}
		return parseEpoch(b, anyEpoch)
	case c >= 'A' && c <= 'S':
		return parseSyslog(b, loc, ref)
	}
	return time.Time{}, 0, false
}

// parseISO reads YYYY-MM-DD[T ]hh:mm:ss[.frac][zone], also with / between
// the date parts and a comma before the fraction (log4j, Python logging).
// The zone is Z, ±hh:mm, ±hhmm or ±hh, optionally after one space.
func parseISO(b []byte, loc *time.Location) (time.Time, int, bool) {
	sep := b[4]
	if b[7] != sep || (b[10] != 'T' && b[10] != ' ' && b[10] != 't') || b[13] != ':' || b[16] != ':' {
		return time.Time{}, 0, false
	}
	year, ok1 := digits(b[0:4])
	month, ok2 := digits(b[5:7])
	day, ok3 := digits(b[8:10])
	hour, ok4 := digits(b[11:13])
	minute, ok5 := digits(b[14:16])
	sec, ok6 := digits(b[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || !validClock(year, month, day, hour, minute, sec) {
		return time.Time{}, 0, false
	}
	n := 19
	nsec, used := fraction(b[n:])
	n += used
	offset, used, zoned := zone(b[n:])
	n += used
	if !zoned {
		if loc != nil && loc != time.UTC {
			return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, loc), n, true
		}
	}
	unix := daysFromCivil(year, month, day)*86400 + int64(hour*3600+minute*60+sec) - int64(offset)
	return time.Unix(unix, int64(nsec)).UTC(), n, true
}

// fraction reads [.,]digits and returns nanoseconds and the bytes used.
// Digits past the ninth are read and dropped.
func fraction(b []byte) (nsec, n int) {
	if len(b) < 2 || (b[0] != '.' && b[0] != ',') || !isDigit(b[1]) {
		return 0, 0
	}
	n = 1
	scale := 100000000
	for n < len(b) && isDigit(b[n]) {
		nsec += int(b[n]-'0') * scale
		scale /= 10
		n++
	}
	return nsec, n
}

// zone reads a zone designator and returns its offset east of UTC in
// seconds. A space is only consumed when a numeric offset follows it, so
// "12:00:00 - msg" keeps its dash.
func zone(b []byte) (offset, n int, ok bool) {
	if len(b) == 0 {
		return 0, 0, false
	}
	if b[0] == 'Z' || b[0] == 'z' {
		return 0, 1, true
	}
	start := 0
	if b[0] == ' ' {
		start = 1
	}
	if len(b) < start+3 || (b[start] != '+' && b[start] != '-') || !isDigit(b[start+1]) || !isDigit(b[start+2]) {
		return 0, 0, false
	}
	sign := 1
	if b[start] == '-' {
		sign = -1
	}
	hh := int(b[start+1]-'0')*10 + int(b[start+2]-'0')
	n = start + 3
	mm := 0
	switch {
	case len(b) >= n+3 && b[n] == ':' && isDigit(b[n+1]) && isDigit(b[n+2]):
		mm = int(b[n+1]-'0')*10 + int(b[n+2]-'0')
		n += 3
	case len(b) >= n+2 && isDigit(b[n]) && isDigit(b[n+1]):
		mm = int(b[n]-'0')*10 + int(b[n+1]-'0')
		n += 2
	}
	if hh > 23 || mm > 59 {
		return 0, 0, false
	}
	return sign * (hh*3600 + mm*60), n, true
}

var months = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// parseSyslog reads "Jan _2 15:04:05[.frac]" (RFC 3164). The stamp has no
// year: it is ref's year, or the year before when that would put the stamp
// more than a week after ref (a December line read in January).
func parseSyslog(b []byte, loc *time.Location, ref time.Time) (time.Time, int, bool) {
	if len(b) < 15 || b[3] != ' ' || b[6] != ' ' || b[9] != ':' || b[12] != ':' {
		return time.Time{}, 0, false
	}
	month := 0
	for i, m := range months {
		if b[0] == m[0] && b[1] == m[1] && b[2] == m[2] {
			month = i + 1
			break
		}
	}
	dayField := b[4:6]
	if dayField[0] == ' ' {
		dayField = dayField[1:]
	}
	day, ok1 := digits(dayField)
	hour, ok2 := digits(b[7:9])
	minute, ok3 := digits(b[10:12])
	sec, ok4 := digits(b[13:15])
	if month == 0 || !(ok1 && ok2 && ok3 && ok4) {
		return time.Time{}, 0, false
	}
	nsec, used := fraction(b[15:])
	if ref.IsZero() {
		ref = time.Now()
	}
	if loc == nil {
		loc = time.UTC
	}
	year := ref.Year()
	if !validClock(year, month, day, hour, minute, sec) && !validClock(year-1, month, day, hour, minute, sec) {
		return time.Time{}, 0, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, loc)
	if t.After(ref.Add(7 * 24 * time.Hour)) {
		t = time.Date(year-1, time.Month(month), day, hour, minute, sec, nsec, loc)
	}
	return t.UTC(), 15 + used, true
}

// daysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian
// date (Howard Hinnant's algorithm), so no time.Date call is needed.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := m - 3
	if m <= 2 {
		mp = m + 9
	}
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

func validClock(year, month, day, hour, minute, sec int) bool {
	return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(month, year) &&
		hour < 24 && minute < 60 && sec <= 60
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func digits(b []byte) (int, bool) {
	v := 0
	for _, c := range b {
		if !isDigit(c) {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, len(b) > 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}
