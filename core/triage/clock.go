package triage

import (
	"strconv"
	"time"
)

// clock is a time of day as written: "14:05", "2pm", "around 3", "10:30 CET".
type clock struct {
	h, m   int
	mer    byte // 'a' or 'p' when written; 0 when not
	h24    bool // "14:05", "09:30", "14h30": no am/pm to guess
	approx bool // "3ish"
	zone   *time.Location
}

// parseClock reads a time of day at toks[i] and returns it with the index of
// its last token. A bare number ("3") is an hour only when trig says a word
// such as "since", "at" or "yesterday" came before and the word after is
// not a count ("at 3 users"): this keeps "error 500", "2 factor auth" and
// "3 customers" out of the window.
func parseClock(toks []token, i int, trig bool) (clock, int, bool) {
	if i > 0 && !toks[i].space && toks[i].kind == tokNum && !isWordBoundaryPunct(toks[i-1].low) {
		return clock{}, 0, false // "v2", "x86", "$500"
	}
	return parseClockAt(toks, i, trig)
}

// parseClockAt is parseClock for a number known to start a time, such as
// the "15" of "2026-03-10T15:20".
func parseClockAt(toks []token, i int, trig bool) (clock, int, bool) {
	var c clock
	t := toks[i]
	switch t.low {
	case "noon", "midday":
		return clock{h: 12, h24: true}, i, true
	case "midnight":
		return clock{h: 0, h24: true}, i, true
	}
	if t.kind != tokNum || len(t.low) > 2 {
		return c, 0, false
	}
	c.h, _ = strconv.Atoi(t.low)
	if c.h > 24 {
		return c, 0, false
	}
	j := i + 1
	explicit, seconds := false, false
	switch {
	case adjacent(toks, j, ":") && twoDigits(toks, j+1, 59):
		c.m, _ = strconv.Atoi(toks[j+1].low)
		j += 2
		if adjacent(toks, j, ":") && twoDigits(toks, j+1, 59) {
			j, seconds = j+2, true
		}
		c.h24 = c.h >= 13 || c.h == 0 || t.low[0] == '0'
		explicit = true
	case adjacent(toks, j, "h") && twoDigits(toks, j+1, 59):
		c.m, _ = strconv.Atoi(toks[j+1].low)
		j, c.h24, explicit = j+2, true, true
	case adjacent(toks, j, ".") && twoDigits(toks, j+1, 59) && (trig || meridiemAt(toks, j+2) != 0):
		c.m, _ = strconv.Atoi(toks[j+1].low)
		j, explicit = j+2, true
	}
	if mer := meridiemAt(toks, j); mer != 0 {
		if c.h == 0 || c.h > 12 {
			return c, 0, false
		}
		c.mer, explicit = mer, true
		j = skipMeridiem(toks, j)
	} else if j < len(toks) && (toks[j].low == "o'clock" || toks[j].low == "oclock") {
		explicit = true
		j++
	}
	if j < len(toks) && toks[j].low == "ish" {
		c.approx = true
		j++
	} else if j+1 < len(toks) && toks[j].low == "-" && toks[j+1].low == "ish" {
		c.approx = true
		j += 2
	}
	if !explicit && !rangeToClock(toks, j) && (!trig || !fitsAfterHour(toks, j) || countRange(toks, j)) {
		return c, 0, false
	}
	if c.h == 24 {
		c.h, c.h24 = 0, true
	}
	if z, end := parseZone(toks, j, seconds); z != nil {
		c.zone, j = z, end+1
	}
	return c, j - 1, true
}

// meridiemAt reads "am", "pm", "a.m." or "p.m." at toks[j].
func meridiemAt(toks []token, j int) byte {
	if j >= len(toks) {
		return 0
	}
	switch toks[j].low {
	case "am", "pm":
		return toks[j].low[0]
	case "a", "p":
		if adjacent(toks, j+1, ".") && j+2 < len(toks) && toks[j+2].low == "m" {
			return toks[j].low[0]
		}
	}
	return 0
}

func skipMeridiem(toks []token, j int) int {
	if toks[j].low == "am" || toks[j].low == "pm" {
		return j + 1
	}
	j += 3 // "p", ".", "m"
	if adjacent(toks, j, ".") {
		j++
	}
	return j
}

// parseZone reads a zone after a time: "CET", "(UTC)", "UTC+2", "+01:00",
// "Z". It returns the zone and its last token, or nil. A bare "-05:00" is
// an offset only after a machine timestamp with seconds: written by a person,
// "13:00-13:40" is an interval.
func parseZone(toks []token, j int, seconds bool) (*time.Location, int) {
	if j < len(toks) && toks[j].low == "(" {
		z, end := parseZone(toks, j+1, seconds)
		if z != nil && end+1 < len(toks) && toks[end+1].low == ")" {
			return z, end + 1
		}
		return z, end
	}
	if j >= len(toks) {
		return nil, 0
	}
	t := toks[j]
	z, named := zones[t.low]
	if named && t.low == "z" && t.space {
		return nil, 0 // only "15:20Z", not a stray "z"
	}
	if named && (t.low == "utc" || t.low == "gmt") {
		if off, end, ok := parseOffset(toks, j+1); ok {
			return off, end
		}
	}
	if named {
		return z, j
	}
	if j < len(toks) && toks[j].low == "-" && !seconds {
		return nil, 0
	}
	if off, end, ok := parseOffset(toks, j); ok {
		return off, end
	}
	return nil, 0
}

// parseOffset reads "+2", "+02:00", "-0500" at toks[j].
func parseOffset(toks []token, j int) (*time.Location, int, bool) {
	if j+1 >= len(toks) || toks[j].low != "+" && toks[j].low != "-" || toks[j+1].kind != tokNum || toks[j+1].space {
		return nil, 0, false
	}
	digits, end := toks[j+1].low, j+1
	if adjacent(toks, j+2, ":") && twoDigits(toks, j+3, 59) {
		digits, end = digits+toks[j+3].low, j+3
	}
	switch len(digits) {
	case 1:
		digits = "0" + digits + "00" // "+2"
	case 2:
		digits += "00" // "+02"
	case 3:
		digits = "0" + digits // "+530"
	}
	if len(digits) != 4 {
		return nil, 0, false
	}
	h, _ := strconv.Atoi(digits[:2])
	m, _ := strconv.Atoi(digits[2:])
	if h > 14 || m > 59 {
		return nil, 0, false
	}
	secs := h*3600 + m*60
	if toks[j].low == "-" {
		secs = -secs
	}
	return time.FixedZone("", secs), end, true
}

// rangeToClock reports "-8pm" or "to 3pm" after a bare number: "6-8pm".
func rangeToClock(toks []token, j int) bool {
	if j+1 >= len(toks) || toks[j].low != "-" && toks[j].low != "–" && toks[j].low != "to" {
		return false
	}
	c, _, ok := parseClockAt(toks, j+1, false)
	return ok && (c.mer != 0 || c.h24)
}

// countRange reports "10-15 minutes" or "2 to 3 customers" after a number.
func countRange(toks []token, j int) bool {
	if j+2 >= len(toks) || toks[j].low != "-" && toks[j].low != "–" && toks[j].low != "to" && toks[j].low != "or" {
		return false
	}
	return toks[j+1].kind == tokNum && !fitsAfterHour(toks, j+2)
}

// fitsAfterHour reports whether the word after a bare number allows it to
// be an hour: the end, punctuation, or a word that cannot be counted.
func fitsAfterHour(toks []token, j int) bool {
	if j >= len(toks) {
		return true
	}
	t := toks[j]
	switch t.kind {
	case tokNum:
		return false
	case tokPunct:
		return t.low != "%" && t.low != "$" && t.low != "€" && !(t.low == "." && !t.space && j+1 < len(toks) && toks[j+1].kind == tokNum)
	}
	_, zone := zones[t.low]
	_, wd := weekdays[t.low]
	_, part := dayParts[t.low]
	return zone || wd || part || wordsAfterHour[t.low]
}

var wordsAfterHour = map[string]bool{
	"today": true, "yesterday": true, "tonight": true, "this": true, "last": true, "on": true,
	"in": true, "and": true, "or": true, "to": true, "till": true, "until": true, "when": true,
	"but": true, "we": true, "i": true, "it": true, "the": true, "our": true, "my": true,
	"everything": true, "nothing": true, "every": true, "local": true, "your": true, "since": true,
	"because": true, "then": true, "so": true, "sharp": true, "there": true, "things": true,
	"all": true, "some": true, "something": true, "everyone": true, "nobody": true, "no": true,
	"they": true, "with": true, "at": true, "around": true, "about": true, "from": true,
	"between": true, "utc": true, "gmt": true,
}

func adjacent(toks []token, j int, low string) bool {
	return j < len(toks) && !toks[j].space && toks[j].low == low
}

func twoDigits(toks []token, j, max int) bool {
	if j >= len(toks) || toks[j].kind != tokNum || toks[j].space || len(toks[j].low) != 2 {
		return false
	}
	v, _ := strconv.Atoi(toks[j].low)
	return v <= max
}

func isWordBoundaryPunct(p string) bool {
	return p == "(" || p == "~" || p == "@" || p == "\"" || p == "'" || p == "["
}
