package triage

import "strings"

// errorCodes finds HTTP status codes and application error numbers. A bare
// number is a code only with a word that says so ("error 500", "500s",
// "returns 503", "502 bad gateway"): "500 orders" and "$500" are not, and
// neither is "2" in "2 factor auth".
func errorCodes(toks []token) []signal {
	var out []signal
	for i, t := range toks {
		if t.kind != tokNum || moneyAround(toks, i) {
			continue
		}
		if (t.low == "5" || t.low == "4") && i+1 < len(toks) && !toks[i+1].space && toks[i+1].low == "xx" {
			out = append(out, codeSignal(t.low[0], i, i+1))
			continue
		}
		from, to := i, i
		named := false
		if j := prevWord(toks, i); j >= 0 && codeNouns[toks[j].low] {
			from, named = j, true
			if k := prevWord(toks, j); k >= 0 && codeNouns[toks[k].low] {
				from = k
			}
		}
		http := len(t.low) == 3 && (t.low[0] == '4' || t.low[0] == '5')
		if !http {
			if named && toks[from].low != "http" && toks[from].low != "status" {
				out = append(out, signal{kind: kBug, level: 2, from: from, to: i, spec: 5, negator: -1})
			}
			continue
		}
		if i+1 < len(toks) && !toks[i+1].space && toks[i+1].low == "s" {
			to, named = i+1, true // "500s"
		} else if end := statusName(toks, i+1); end > i {
			to, named = end, true
		}
		if !named && codeVerbs[wordBefore(toks, i)] && (i+1 >= len(toks) || toks[i+1].kind != tokWord || afterCode[toks[i+1].low]) {
			named = true // "fails with 503.", "getting a 404 when …"
		}
		if named {
			out = append(out, codeSignal(t.low[0], from, to))
		}
	}
	return out
}

func codeSignal(class byte, from, to int) signal {
	if class == '5' {
		return signal{kind: kBroken, level: 3, from: from, to: to, spec: 6, negator: -1}
	}
	return signal{kind: kBug, level: 2, from: from, to: to, spec: 6, negator: -1}
}

var (
	codeNouns = map[string]bool{"error": true, "http": true, "status": true, "code": true}
	codeVerbs = map[string]bool{"get": true, "getting": true, "got": true, "gets": true,
		"return": true, "returns": true, "returned": true, "returning": true, "throw": true,
		"throws": true, "throwing": true, "receive": true, "received": true, "receiving": true,
		"see": true, "seeing": true, "with": true, "a": true, "an": true, "shows": true,
		"showing": true, "responds": true, "responding": true, "gives": true, "giving": true}
	afterCode = words("when", "on", "from", "for", "in", "at", "after", "while", "if", "with", "since",
		"and", "but", "every", "each", "again", "today", "now", "sometimes", "twice", "intermittently",
		"randomly", "occasionally")
	statusNames = []string{"internal server error", "bad gateway", "service unavailable",
		"gateway timeout", "not found", "too many requests", "forbidden",
		"unauthorized", "unauthorised", "errors", "error", "status", "response", "responses", "code", "codes"}
)

// statusName returns the last token of a status name starting at i
// ("bad gateway"), or -1.
func statusName(toks []token, i int) int {
	for _, name := range statusNames {
		j, ok := i, true
		for _, w := range strings.Fields(name) {
			if j >= len(toks) || toks[j].low != w {
				ok = false
				break
			}
			j++
		}
		if ok {
			return j - 1
		}
	}
	return -1
}

// moneyAround reports a currency sign or unit next to a number, or a number
// that continues ("500.00", "1,500", "14:05").
func moneyAround(toks []token, i int) bool {
	if i > 0 && !toks[i].space && strings.Contains("$€£¥.,:", toks[i-1].low) {
		return true
	}
	if i+1 < len(toks) && !toks[i+1].space {
		switch toks[i+1].low {
		case ".", ",", ":", "%", "k", "m", "ms":
			return i+2 < len(toks) && toks[i+2].kind == tokNum || toks[i+1].low != "." && toks[i+1].low != ","
		}
	}
	return false
}

// prevWord returns the index of the word right before i in the same clause,
// or -1 when punctuation or a break sits between.
func prevWord(toks []token, i int) int {
	if i > 0 && toks[i-1].kind == tokWord && toks[i-1].brk == brkNone {
		return i - 1
	}
	return -1
}

func wordBefore(toks []token, i int) string {
	if j := prevWord(toks, i); j >= 0 {
		return toks[j].low
	}
	return ""
}
