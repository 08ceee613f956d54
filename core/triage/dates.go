package triage

import (
	"strconv"
	"time"
)

// dayRef names a calendar day, relative to the conversation's local day
// ("yesterday", "on Monday") or absolute ("2026-03-10", "March 10").
type dayRef struct {
	set    bool
	offset int // days from the conversation's local day; positive is the future
	abs    bool
	y      int // 0 when the year was not written: the latest past occurrence
	mo     time.Month
	d      int
	part   int  // start hour of a part of the day ("this morning"), or -1
	mer    byte // how that part reads an hour: "yesterday morning at 9" is am
}

// parseDay reads a day at toks[i]; weekdays are counted back from now, the
// conversation's weekday in the customer's zone.
func parseDay(toks []token, i int, now time.Weekday) (dayRef, int, bool) {
	d := dayRef{set: true, part: -1}
	w := toks[i].low
	next := func(k int) string {
		if i+k < len(toks) {
			return toks[i+k].low
		}
		return ""
	}
	end := i
	switch {
	case w == "today" || w == "tonight":
		if w == "tonight" {
			d.part, d.mer = dayParts["evening"], 'p'
		}
	case w == "yesterday":
		d.offset = -1
	case w == "tomorrow":
		d.offset = 1 // the future: resolve drops it, and any time attached to it
	case w == "next" && (isWeekday(next(1)) || next(1) == "week"):
		d.offset, end = 7, i+1
	case w == "overnight":
		d.offset, d.part, d.mer = -1, dayParts["night"], 'p'
	case (w == "lunch" || w == "lunchtime") && i > 0 && (onsetWords[toks[i-1].low] || pointWords[toks[i-1].low] || approxWords[toks[i-1].low]):
		d.part, d.mer = dayParts[w], 'p' // "after lunch", "around lunchtime"
	case (w == "this" || w == "all") && isPart(next(1)):
		d.part, d.mer, end = dayParts[next(1)], partMer(next(1)), i+1
	case w == "all" && next(1) == "day":
		end = i + 1
	case w == "last" && next(1) == "night":
		d.offset, d.part, d.mer, end = -1, dayParts["night"], 'p', i+1
	case w == "day" && next(1) == "before" && next(2) == "yesterday":
		d.offset, end = -2, i+2
	case w == "this" && next(1) == "week":
		d.offset, end = -((int(now) + 6) % 7), i+1 // back to Monday
	case w == "weekend" && i > 0 && (toks[i-1].low == "the" || toks[i-1].low == "this" || toks[i-1].low == "last"):
		d.offset = -((int(now) - int(time.Saturday) + 7) % 7)
	case isWeekday(w):
		d.offset = -((int(now) - int(weekdays[w]) + 7) % 7)
		if d.offset == 0 && i > 0 && toks[i-1].low == "last" {
			d.offset = -7
		}
	default:
		return parseDate(toks, i)
	}
	if d.part < 0 && isPart(next(end-i+1)) && (w == "yesterday" || isWeekday(w)) {
		end++
		d.part, d.mer = dayParts[toks[end].low], partMer(toks[end].low)
	}
	return d, end, true
}

// parseDate reads "2026-03-10", "March 10th, 2026", "10 March" and "the
// 10th of March". A month name counts only beside a day number, so "it may
// be down" is no date.
func parseDate(toks []token, i int) (dayRef, int, bool) {
	d := dayRef{set: true, abs: true, part: -1}
	t := toks[i]
	if t.kind == tokNum && len(t.low) == 4 && i+4 < len(toks) {
		sep := toks[i+1].low
		if (sep == "-" || sep == "/") && !toks[i+1].space && adjacent(toks, i+3, sep) &&
			number(toks, i+2, 1, 12) && number(toks, i+4, 1, 31) && !toks[i+2].space && !toks[i+4].space {
			d.y, _ = strconv.Atoi(t.low)
			m, _ := strconv.Atoi(toks[i+2].low)
			d.d, _ = strconv.Atoi(toks[i+4].low)
			d.mo = time.Month(m)
			return d, i + 4, true
		}
		return d, 0, false
	}
	if mo, ok := months[t.low]; ok && number(toks, i+1, 1, 31) {
		d.mo, d.d = mo, atoi(toks[i+1].low)
		end := skipOrdinal(toks, i+1)
		return withYear(toks, d, end)
	}
	if number(toks, i, 1, 31) {
		end := skipOrdinal(toks, i)
		j := end + 1
		if j < len(toks) && toks[j].low == "of" {
			j++
		}
		if j < len(toks) {
			if mo, ok := months[toks[j].low]; ok && (j > end+1 || toks[j].space) {
				d.mo, d.d = mo, atoi(t.low)
				return withYear(toks, d, j)
			}
		}
	}
	return d, 0, false
}

// withYear reads an optional ", 2026" after a date and checks what follows,
// so that "May 3 users" is no date.
func withYear(toks []token, d dayRef, end int) (dayRef, int, bool) {
	j := end + 1
	if j < len(toks) && toks[j].low == "," {
		j++
	}
	if number(toks, j, 1970, 2100) && len(toks[j].low) == 4 {
		d.y, end = atoi(toks[j].low), j
	}
	if !fitsAfterHour(toks, end+1) {
		return d, 0, false
	}
	return d, end, true
}

func skipOrdinal(toks []token, j int) int {
	if j+1 < len(toks) && !toks[j+1].space {
		switch toks[j+1].low {
		case "st", "nd", "rd", "th":
			return j + 1
		}
	}
	return j
}

func number(toks []token, j, lo, hi int) bool {
	if j >= len(toks) || toks[j].kind != tokNum || len(toks[j].low) > 4 {
		return false
	}
	v := atoi(toks[j].low)
	return v >= lo && v <= hi
}

func atoi(s string) int {
	v, _ := strconv.Atoi(s)
	return v
}

func isPart(w string) bool {
	_, ok := dayParts[w]
	return ok
}

func partMer(w string) byte {
	if w == "morning" {
		return 'a'
	}
	return 'p'
}

func isWeekday(w string) bool {
	_, ok := weekdays[w]
	return ok
}
