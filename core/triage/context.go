package triage

// Context rules: the few places where the words around a phrase change what
// it means. Each is small and general, so it holds on text never seen.

// cannot reads the verb after "can't" / "unable to": "can't log in" is a
// failure, "can't find the setting" a question, "can't wait" nothing.
// The verb joins the evidence: "can't pay" explains, "can't" alone does not.
func cannot(toks []token, to int) (kind, int8, int) {
	for j := to + 1; j < len(toks) && toks[j-1].brk == brkNone; j++ {
		t := toks[j]
		if t.kind != tokWord {
			break
		}
		if cannotSkip[t.low] {
			continue
		}
		switch {
		case helpVerbs[t.low]:
			return kHowTo, 1, j
		case idiomVerbs[t.low]:
			return kNone, 0, j
		}
		return kBroken, 3, j
	}
	return kBroken, 3, to
}

var cannotSkip = map[string]bool{
	"even": true, "really": true, "seem": true, "seems": true, "to": true, "just": true,
	"quite": true, "still": true, "actually": true, "ever": true, "simply": true, "be": true,
}

// outageDown tells "the site is down" from "slow down", "scroll down to",
// "drop-down" and "a down payment".
func outageDown(toks []token, i int) bool {
	if toks[i].low == "downs" {
		return false // "ups and downs", "drill-downs": a plural noun is never an outage
	}
	if i > 0 && toks[i-1].kind == tokWord && notOutageBeforeDown[toks[i-1].low] {
		return false
	}
	if i > 1 && toks[i-1].low == "-" && notOutageBeforeDown[toks[i-2].low] {
		return false
	}
	if i+1 < len(toks) && notOutageAfterDown[toks[i+1].low] {
		return false
	}
	return true
}

var (
	notOutageBeforeDown = words("slow", "slowing", "slowed", "shut", "shutting", "scroll", "scrolling",
		"scrolled", "drop", "narrow", "write", "wrote", "written", "break", "broke", "upside", "count",
		"back", "turn", "turned", "sit", "calm", "cut", "step", "pin", "track", "tone", "let", "hold",
		"press", "pressed", "push", "pull", "put", "look", "jot", "wind", "settle", "scale", "scaled",
		"bring", "knock", "trickle", "water", "watered", "mark", "marked", "round", "boil", "dumb",
		"thumbs", "thumb", "up", "way", "further", "price", "dial", "tie", "lock", "strip", "top")
	notOutageAfterDown = map[string]bool{"to": true, "arrow": true, "menu": true, "list": true,
		"below": true, "payment": true, "payments": true, "the": true, "into": true, "by": true}
)

// productWide reports whether the thing said to be down is the whole
// product ("the site is down", "API unreachable") rather than one part of it.
func productWide(toks []token, i int) bool {
	for j, words := i-1, 0; j >= 0 && words < 5 && toks[j].clause == toks[i].clause; j-- {
		if toks[j].kind == tokWord {
			words++
			if productStems[toks[j].stem] {
				return true
			}
		}
	}
	return false
}

var productStems = stems("site", "website", "app", "application", "platform", "system", "everything",
	"production", "prod", "server", "servers", "service", "api", "portal", "cluster", "infrastructure",
	"whole", "entire", "saas", "instance")

// conditionalSentences marks the questions that ask about a failure rather
// than report one: "If the payment fails, will the customer be charged?",
// "What happens when the sync fails?". A statement that starts with "if"
// ("If I click save, the page crashes.") is a bug report and is not marked.
func conditionalSentences(toks []token) []bool {
	n := 0
	if len(toks) > 0 {
		n = int(toks[len(toks)-1].sent) + 1
	}
	cond := make([]bool, n)
	start := 0
	for i := range toks {
		if i+1 < len(toks) && toks[i+1].sent == toks[i].sent {
			continue
		}
		// toks[start:i+1] is one sentence.
		s := toks[start : i+1]
		question := false
		for k := len(s) - 1; k >= 0 && s[k].kind == tokPunct; k-- {
			question = question || s[k].low == "?"
		}
		cond[toks[i].sent] = question && opensWithCondition(s) || asksWhatHappens(s)
		start = i + 1
	}
	return cond
}

func opensWithCondition(s []token) bool {
	k := 0
	for k < len(s) && (s[k].kind != tokWord || sentenceOpeners[s[k].low]) {
		k++
	}
	if k >= len(s) {
		return false
	}
	switch s[k].low {
	case "if", "when", "suppose", "supposing", "assuming", "hypothetically", "whenever":
		return true
	case "in":
		return k+1 < len(s) && s[k+1].low == "case"
	}
	return false
}

// asksWhatHappens finds "what happens if/when", "what would happen if".
func asksWhatHappens(s []token) bool {
	for k := 0; k+2 < len(s); k++ {
		if s[k].low == "what" && (s[k+1].stem == "happen" || s[k+2].stem == "happen") {
			return true
		}
	}
	return false
}

var sentenceOpeners = map[string]bool{"and": true, "but": true, "so": true, "also": true, "hi": true,
	"hello": true, "hey": true, "ok": true, "okay": true, "quick": true, "question": true, "one": true,
	"more": true, "thing": true, "just": true, "curious": true}

func words(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

func stems(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[stem(w)] = true
	}
	return m
}
