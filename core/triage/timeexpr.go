package triage

import "time"

// exprKind is the shape of a time expression, which decides how it becomes
// a window (see resolve).
type exprKind uint8

const (
	exAgo   exprKind = iota + 1 // a moment before the conversation: "20 minutes ago"
	exLast                      // a span up to the conversation: "for the last two hours"
	exDay                       // a day or a part of one: "yesterday", "this morning"
	exClock                     // a time of day, on a day or not: "since 2pm", "yesterday around 3"
)

// expr is one time expression as written, before it is placed in time.
type expr struct {
	kind     exprKind
	from, to int // tokens, triggers included, for evidence
	dur      time.Duration
	day      dayRef
	clk      clock
	clk2     clock // the end of "between 2 and 3pm"
	closed   bool
	onset    bool // "since", "started": the problem began then
	approx   bool // "around", "a few": widen the margin
}

// scanTimes finds the time expressions of a text, left to right. now is the
// conversation's weekday in the customer's zone, for "on Monday".
func scanTimes(toks []token, now time.Weekday) []expr {
	var out []expr
	for i := 0; i < len(toks); i++ {
		e, ok := parseExpr(toks, i, now)
		if !ok {
			continue
		}
		addTriggers(toks, &e)
		out = append(out, e)
		i = e.to
	}
	return out
}

func parseExpr(toks []token, i int, now time.Weekday) (expr, bool) {
	if e, ok := parseAgo(toks, i); ok {
		return e, true
	}
	if e, ok := parseLast(toks, i); ok {
		return e, true
	}
	if d, end, ok := parseDay(toks, i, now); ok {
		e := expr{kind: exDay, from: i, to: end, day: d}
		attachClock(toks, &e)
		if e.kind == exDay && (isWeekday(toks[i].low) || toks[end].poss) && (!dated(toks, i) || futureClause(toks, i)) {
			return expr{}, false // "Sunday instead of Monday", "yesterday's balance", "won't get paid on Friday"
		}
		return e, true
	}
	if c, end, ok := parseClock(toks, i, triggered(toks, i)); ok {
		e := expr{kind: exClock, from: i, to: end, clk: c, approx: c.approx}
		attachInterval(toks, &e)
		if !e.closed && i > 0 && toks[i-1].low == "between" {
			return expr{}, false // "between 2 and 3 customers"
		}
		attachDay(toks, &e, now)
		if e.clk.zone == nil {
			if z, end := parseZone(toks, e.to+1, false); z != nil {
				e.clk.zone, e.to = z, end // "since 6:45 this morning (PST)"
			}
		}
		if compared(toks, i, e.to) {
			return expr{}, false // "sent at 3am instead of 9am" is a setting, not a moment
		}
		return e, true
	}
	return expr{}, false
}

// futureClause reports a clause about what will happen: a weekday there is
// ahead, not behind ("450 employees won't get paid on Friday").
func futureClause(toks []token, i int) bool {
	for k := i - 1; k >= 0 && toks[k].clause == toks[i].clause; k-- {
		if w := toks[k].low; w == "will" || w == "going" || w == "gonna" || w == "next" || w == "upcoming" || w == "scheduled" {
			return true
		}
	}
	return false
}

// compared reports a time on either side of "instead of".
func compared(toks []token, from, to int) bool {
	before := from >= 2 && toks[from-2].low == "instead" && toks[from-1].low == "of"
	after := to+2 < len(toks) && toks[to+1].low == "instead" && toks[to+2].low == "of"
	return before || after
}

// dated reports a word before a day name that makes it a date reference:
// "on Monday", "since yesterday's update", "last Friday".
func dated(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		switch w := toks[k].low; {
		case onsetWords[w] || pointWords[w] || w == "on" || w == "last" || w == "this" || w == "every":
			return w != "every"
		case toks[k].kind != tokWord || toks[k].brk != brkNone:
			return false
		}
	}
	return false
}

// attachClock joins a day and the time after it: "yesterday around 3",
// "March 10 at 14:05", "2026-03-10T15:20Z", "Monday from 9 to 11".
func attachClock(toks []token, e *expr) {
	j := e.to + 1
	if j < len(toks) && toks[j].low == "t" && !toks[j].space {
		j++ // ISO 8601
	}
	for k := 0; k < 2 && j < len(toks) && (toks[j].low == "," || joinWords[toks[j].low]); k++ {
		e.approx = e.approx || approxWords[toks[j].low]
		e.onset = e.onset || onsetWords[toks[j].low]
		j++
	}
	if j >= len(toks) {
		return
	}
	if c, end, ok := parseClockAt(toks, j, true); ok && (toks[j].kind != tokNum || toks[j].space || toks[j-1].low == "t") {
		e.kind, e.clk, e.to = exClock, c, end
		e.approx = e.approx || c.approx
		attachInterval(toks, e)
	}
}

var joinWords = map[string]bool{"at": true, "around": true, "about": true, "approx": true,
	"approximately": true, "roughly": true, "~": true, "from": true, "between": true, "since": true,
	"starting": true, "sometime": true, "@": true}

// attachInterval reads the end of "between 2 and 3pm", "from 14:00 to
// 14:30", "14:00-15:00". The first hour takes the second's am/pm and zone
// when it has none: "between 2 and 3pm" is 14:00–15:00.
func attachInterval(toks []token, e *expr) {
	j := e.to + 1
	if j+1 >= len(toks) {
		return
	}
	switch toks[j].low {
	case "-", "–", "to", "till", "until", "through":
	case "and":
		if e.from == 0 || toks[e.from-1].low != "between" && (e.from < 2 || toks[e.from-2].low != "between") {
			return
		}
	default:
		return
	}
	c2, end, ok := parseClockAt(toks, j+1, true) // "6-8pm": the 8 touches the hyphen
	if !ok {
		return
	}
	if e.clk.mer == 0 && !e.clk.h24 && c2.mer != 0 {
		e.clk.mer = c2.mer
		if c2.mer == 'p' && c2.h%12 < e.clk.h%12 {
			e.clk.mer = 'a' // "from 11 to 1pm"
		}
	}
	if e.clk.zone == nil {
		e.clk.zone = c2.zone
	}
	e.clk2, e.closed, e.to = c2, true, end
}

// attachDay joins a time and the day after it: "at 3pm yesterday", "9am
// this morning", "14:05 on Monday", "at 3 in the afternoon".
func attachDay(toks []token, e *expr, now time.Weekday) {
	j := e.to + 1
	if j+2 < len(toks) && toks[j].low == "in" && toks[j+1].low == "the" && isPart(toks[j+2].low) {
		if e.clk.mer == 0 && !e.clk.h24 {
			e.clk.mer = partMer(toks[j+2].low)
		}
		e.to = j + 2
		return
	}
	if j < len(toks) && (toks[j].low == "on" || toks[j].low == ",") {
		j++
	}
	if j >= len(toks) || e.day.set {
		return
	}
	if d, end, ok := parseDay(toks, j, now); ok {
		e.day, e.to = d, end
	}
}

// triggered reports a word before toks[i] that makes a bare number an hour:
// "since 3", "at about 3", "yesterday 3", "Monday around 3".
func triggered(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		w := toks[k].low
		if onsetWords[w] || approxWords[w] || pointWords[w] || joinWords[w] || w == "yesterday" ||
			w == "today" || isWeekday(w) || isPart(w) {
			return true
		}
		if toks[k].brk != brkNone || !approxWords[w] && w != "," {
			return false
		}
	}
	return false
}

// addTriggers extends e over the words before it that say how to read it:
// "since", "started at", "around", "between".
func addTriggers(toks []token, e *expr) {
	for k := e.from - 1; k >= 0 && k >= e.from-2; k-- {
		w := toks[k].low
		switch {
		case toks[k].brk != brkNone:
			return
		case onsetWords[w]:
			e.onset = true
		case approxWords[w]:
			e.approx = true
		case pointWords[w] || w == "on" || w == "sometime":
		default:
			return
		}
		e.from = k
	}
}
