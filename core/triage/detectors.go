package triage

import "strconv"

// countedPeople finds a number of people ("40 customers", "about 200
// users", "all 3,000 viewers"): ten or more is several, a hundred or more
// is everyone that matters. Counts of things ("200 orders") say nothing
// about how many customers are hit.
func countedPeople(toks []token) []signal {
	var out []signal
	for i, t := range toks {
		if t.kind != tokNum || i+1 >= len(toks) {
			continue
		}
		n, err := strconv.Atoi(stripCommas(t.low))
		if err != nil || n < 10 {
			continue // "3 users" is a few, not a crowd
		}
		j := i + 1
		if toks[j].kind == tokWord && !people[toks[j].stem] && j+1 < len(toks) {
			j++ // "15 German customers"
		}
		if toks[j].kind != tokWord || !people[toks[j].stem] || toks[j].brk != brkNone && j != i+1 {
			continue
		}
		k := kBreadthSome
		if n >= 100 {
			k = kBreadthAll
		}
		out = append(out, signal{kind: k, from: i, to: j, spec: 2, negator: -1})
	}
	return out
}

var people = stems(peopleNouns...)

func stripCommas(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != ',' {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// notDone finds the long tail of "X is not <done>" failures that the verb
// list does not name: "replies are not threaded anymore", "totals are not
// calculated". States that are no failure ("not related", "not affected",
// "not charged") are left alone; so are words another phrase explains.
func notDone(toks []token, covered []bool) []signal {
	var out []signal
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].low != "not" || covered[i] {
			continue
		}
		j := i + 1
		if j+1 < len(toks) && (toks[j].low == "being" || toks[j].low == "been" || toks[j].low == "getting") {
			j++
		}
		w := toks[j]
		if w.kind != tokWord || covered[j] || len(w.low) < 5 || notFailures[w.low] {
			continue
		}
		if hasSuffix(w.low, "ed") || hasSuffix(w.low, "ing") {
			out = append(out, signal{kind: kBroken, level: 3, from: i, to: j, spec: 2, negator: -1})
			i = j
		}
	}
	return out
}

func hasSuffix(s, suf string) bool { return len(s) > len(suf) && s[len(s)-len(suf):] == suf }

var notFailures = words("related", "needed", "interested", "expected", "supported", "allowed",
	"required", "used", "using", "involved", "affected", "impacted", "concerned", "worried",
	"surprised", "convinced", "bothered", "asking", "complaining", "expecting", "blocking", "blocked",
	"charged", "billed", "invoiced", "requested", "planned", "scheduled", "included", "intended",
	"changed", "touched", "aware", "prepared", "interesting", "working", "urgent", "talking",
	"saying", "suggesting", "trying", "looking", "seeing", "getting", "having", "doing", "going",
	"expected", "recommended", "assigned", "logged", "signed", "subscribed", "registered", "verified",
	"married", "finished", "explained", "documented", "mentioned", "described", "covered", "listed",
	"answered", "translated")

// namedErrors finds the exception names developers paste ("TypeError on
// import", "a NullPointerException"): one word ending in "error" or
// "exception" is a failure like "exception" alone.
func namedErrors(toks []token, covered []bool) []signal {
	var out []signal
	for i, t := range toks {
		if t.kind != tokWord || covered[i] || t.quoted {
			continue
		}
		for _, suf := range [...]string{"error", "errors", "exception", "exceptions"} {
			if len(t.low) > len(suf)+1 && hasSuffix(t.low, suf) {
				out = append(out, signal{kind: kBroken, level: 3, from: i, to: i, spec: 2, negator: -1})
				break
			}
		}
	}
	return out
}
