package pattern

// Some variables span several whitespace-separated words: "Fri Jun 17
// 07:07:00 2005", "2024-03-10 15:20:00", "1.16 KB". Folding each into one
// token keeps a template's length independent of how a timestamp was
// spelled, and keeps the words of a date from counting as constants.

// mergeTimestamps folds the words around each masked time or date: a month
// and day (and weekday) or a date before it, a zone and a year after it.
func (t *tokenizer) mergeTimestamps(line []byte) {
	for i := 0; i < len(t.toks); i++ {
		if t.toks[i].core != KindTS {
			continue
		}
		l, r := i, i
		switch {
		case l >= 2 && t.rawIs(line, l-2, isMonth) && t.rawIs(line, l-1, isDay):
			l -= 2
			if l >= 1 && t.rawIs(line, l-1, isWeekday) {
				l--
			}
		case l >= 1 && t.toks[l-1].core == KindTS:
			l--
		}
		if r+1 < len(t.toks) && t.rawIs(line, r+1, isZone) {
			r++
		}
		if r+1 < len(t.toks) && t.rawIs(line, r+1, isYear) {
			r++
		}
		if r > l {
			t.fold(line, l, r, KindTS)
			i = l
		}
	}
}

// mergeSizes folds a number and a separate size unit into one <SIZE>.
func (t *tokenizer) mergeSizes(line []byte) {
	for i := 0; i+1 < len(t.toks); i++ {
		if t.toks[i].core == KindNum && t.rawIs(line, i+1, isSizeUnit) {
			t.fold(line, i, i+1, KindSize)
		}
	}
}

// rawIs applies test to the raw word k without its surrounding punctuation.
func (t *tokenizer) rawIs(line []byte, k int, test func([]byte) bool) bool {
	raw := line[t.toks[k].from:t.toks[k].to]
	raw = raw[lead(raw):]
	return test(raw[:len(raw)-trail(raw)])
}

// fold replaces tokens l..r with one placeholder of kind k, keeping the
// punctuation before the first and after the last.
func (t *tokenizer) fold(line []byte, l, r int, k Kind) {
	first := line[t.toks[l].from:t.toks[l].to]
	last := line[t.toks[r].from:t.toks[r].to]
	start := len(t.buf)
	t.buf = append(t.buf, first[:lead(first)]...)
	t.buf = append(t.buf, sentinel, byte(k))
	t.buf = append(t.buf, last[len(last)-trail(last):]...)
	t.toks[l] = token{start: int32(start), end: int32(len(t.buf)), from: t.toks[l].from, to: t.toks[r].to, vars: 1, loose: true, core: k}
	t.toks = append(t.toks[:l+1], t.toks[r+1:]...)
}

var (
	months   = [...]string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
	weekdays = [...]string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)

func isMonth(w []byte) bool   { return isName(w, months[:]) }
func isWeekday(w []byte) bool { return isName(w, weekdays[:]) }

// isName matches a three-letter abbreviation or a full name in any case.
func isName(w []byte, names []string) bool {
	if len(w) < 3 || len(w) > 9 {
		return false
	}
	for _, n := range names {
		if len(w) != 3 && len(w) != len(n) {
			continue
		}
		ok := true
		for i, c := range w {
			if lower(c) != n[i] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isDay(w []byte) bool { return len(w) > 0 && len(w) <= 2 && digits(w) == len(w) }

func isYear(w []byte) bool {
	return len(w) == 4 && digits(w) == 4 && (w[0] == '1' && w[1] == '9' || w[0] == '2' && w[1] == '0')
}

// isZone accepts the common zone abbreviations and offsets like +0200. The
// list is explicit: "GET" or "POST" after a timestamp is a word.
func isZone(w []byte) bool {
	if len(w) == 5 && (w[0] == '+' || w[0] == '-') && digits(w[1:]) == 4 {
		return true
	}
	switch string(w) {
	case "UTC", "GMT", "Z", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "AKST", "AKDT",
		"HST", "AST", "ADT", "NST", "NDT", "WET", "WEST", "CET", "CEST", "EET", "EEST", "MSK",
		"BST", "IST", "JST", "KST", "HKT", "SGT", "AEST", "AEDT", "ACST", "AWST", "NZST", "NZDT":
		return true
	}
	return false
}
