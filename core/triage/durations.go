package triage

import (
	"strconv"
	"time"
)

// parseAgo reads "20 minutes ago", "an hour and a half ago", "a couple of
// hours back": a moment before the conversation.
func parseAgo(toks []token, i int) (expr, bool) {
	dur, vague, end, ok := parseDuration(toks, i)
	if !ok || end+1 >= len(toks) {
		return expr{}, false
	}
	switch toks[end+1].low {
	case "ago", "back", "earlier", "before":
	default:
		return expr{}, false
	}
	end++
	if end+2 < len(toks) && toks[end+1].low == "or" && toks[end+2].low == "so" {
		end, vague = end+2, true
	}
	return expr{kind: exAgo, from: i, to: end, dur: dur, approx: vague}, true
}

// parseLast reads "for the last two hours", "in the past 30 minutes",
// "over the last day", "since 2 days", "for hours": the window opens that
// long before the conversation.
func parseLast(toks []token, i int) (expr, bool) {
	j, prep := i, toks[i].low
	switch prep {
	case "for", "over", "in", "during", "within", "since", "the", "last", "past":
	default:
		return expr{}, false
	}
	if prep != "last" && prep != "past" {
		j++
	}
	for j < len(toks) && (approxWords[toks[j].low] || toks[j].low == "almost" || toks[j].low == "nearly" || toks[j].low == "over" || toks[j].low == "like") {
		j++
	}
	if j < len(toks) && toks[j].low == "the" {
		j++
	}
	recent := j < len(toks) && (toks[j].low == "last" || toks[j].low == "past")
	if recent {
		j++
	}
	if (prep == "in" || prep == "over" || prep == "during" || prep == "within" || prep == "the") && !recent {
		return expr{}, false
	}
	if describesData(toks, i) {
		return expr{}, false // "orders from the last 3 days" says which data, not when
	}
	if j >= len(toks) {
		return expr{}, false
	}
	if dur, vague, end, ok := parseDuration(toks, j); ok && dur >= time.Minute && dur <= 31*24*time.Hour {
		if end+1 < len(toks) && (toks[end+1].low == "ago" || toks[end+1].low == "back") {
			return expr{}, false // "since 20 minutes ago" is a moment, read by parseAgo
		}
		if end+1 < len(toks) && toks[end+1].low == "of" {
			return expr{}, false // "the last 3 days of transactions" says which data
		}
		return expr{kind: exLast, from: i, to: end, dur: dur, approx: vague}, true
	}
	u, isUnit := units[toks[j].low]
	if !isUnit || len(toks[j].low) < 3 || u < time.Minute || prep == "last" && u >= 7*24*time.Hour {
		return expr{}, false // "for a few seconds"; "we moved last month"
	}
	switch {
	case recent: // "for the last hour"
		return expr{kind: exLast, from: i, to: j, dur: u}, true
	case prep == "for" && toks[j].low[len(toks[j].low)-1] == 's' && u >= time.Minute: // "for hours"
		return expr{kind: exLast, from: i, to: j, dur: 3 * u, approx: true}, true
	}
	return expr{}, false
}

// describesData reports "from the last …" or "of the past …" before i.
func describesData(toks []token, i int) bool {
	k := i - 1
	if k >= 0 && toks[k].low == "the" && toks[i].low != "the" {
		k--
	}
	return k >= 0 && (toks[k].low == "from" || toks[k].low == "of")
}

// parseDuration reads a quantity and a unit: "20 minutes", "2h", "1.5
// hours", "a couple of hours", "half an hour", "an hour and a half",
// "1-2 days" (the longer, to be safe). vague marks estimates ("a few").
func parseDuration(toks []token, i int) (time.Duration, bool, int, bool) {
	q, vague, j, ok := parseQuantity(toks, i)
	if !ok || j+1 >= len(toks) {
		return 0, false, 0, false
	}
	j++
	if toks[j].low == "half" && j+1 < len(toks) {
		if _, ok := units[toks[j+1].low]; ok {
			q, j = q*0.5, j+1 // "a half hour"
		}
	}
	u, ok := units[toks[j].low]
	if !ok || len(toks[j].low) == 1 && toks[j].space { // "20m", not "20 m"
		return 0, false, 0, false
	}
	if j+3 < len(toks) && toks[j+1].low == "and" && toks[j+2].low == "a" && toks[j+3].low == "half" {
		q, j = q+0.5, j+3
	}
	return time.Duration(q * float64(u)), vague, j, true
}

// parseQuantity reads the number before a unit and returns its last token.
func parseQuantity(toks []token, i int) (float64, bool, int, bool) {
	t := toks[i]
	if t.kind == tokNum && len(t.low) <= 4 {
		v, _ := strconv.ParseFloat(t.low, 64)
		j := i
		if j+2 < len(toks) && adjacent(toks, j+1, ".") && toks[j+2].kind == tokNum && !toks[j+2].space {
			f, _ := strconv.ParseFloat(t.low+"."+toks[j+2].low, 64)
			v, j = f, j+2
		}
		if j+2 < len(toks) && (toks[j+1].low == "-" || toks[j+1].low == "–" || toks[j+1].low == "to" || toks[j+1].low == "or") && toks[j+2].kind == tokNum {
			w, _ := strconv.ParseFloat(toks[j+2].low, 64)
			return max(v, w), true, j + 2, true
		}
		return v, false, j, true
	}
	if t.low == "half" && i+1 < len(toks) && (toks[i+1].low == "an" || toks[i+1].low == "a") {
		return 0.5, false, i + 1, true
	}
	j, vague := i, false
	if t.low == "a" && i+1 < len(toks) && vagueQuantities[toks[i+1].low] {
		j = i + 1 // "a few", "a couple"
	}
	v, ok := numberWords[toks[j].low]
	if !ok {
		return 0, false, 0, false
	}
	vague = vagueQuantities[toks[j].low]
	if j+1 < len(toks) && toks[j+1].low == "of" && vague {
		j++
	}
	if v >= 20 && v < 100 && j+1 < len(toks) { // "forty five", "forty-five"
		k := j + 1
		if toks[k].low == "-" && k+1 < len(toks) {
			k++
		}
		if u, ok := numberWords[toks[k].low]; ok && u < 10 && !vagueQuantities[toks[k].low] && toks[k].low != "a" && toks[k].low != "an" {
			v, j = v+u, k
		}
	}
	return v, vague, j, true
}
