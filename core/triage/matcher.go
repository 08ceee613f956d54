package triage

import (
	"slices"
	"strings"
	"sync"
)

// phrase is one compiled lexicon entry: the keys of its tokens (stems for
// words, the text itself for numbers and punctuation).
type phrase struct {
	keys  []string
	kind  kind
	level int8
}

// matcher finds lexicon phrases in token streams. It is built once and only
// read afterwards, so one value serves every goroutine.
type matcher struct {
	byFirst map[string][]phrase // by the stem of the first word, longest first
	byExact map[string][]phrase // by the exact first word ("=drops"), longest first
}

// defaultMatcher compiles the lexicon on first use; it is immutable after.
var defaultMatcher = sync.OnceValue(func() *matcher { return compile(allGroups()) })

// allGroups is the lexicon plus the phrase families generated from word
// lists (failure verbs, quantified nouns), which would be long to spell out.
func allGroups() []group {
	gs := slices.Clone(lexicon)
	var broken []string
	for _, v := range failVerbs {
		for _, neg := range []string{"not", "never", "no longer", "stop", "stopped", "fail to", "refuse to"} {
			broken = append(broken, neg+" "+v)
		}
	}
	gs = append(gs, group{kBroken, 3, broken})
	var leak []string
	owners := []string{"customer", "user", "company", "tenant", "account", "people", "merchant", "client",
		"patient", "employee", "member", "student"}
	for _, who := range []string{"other", "another", "someone else", "other people", "another person", "different"} {
		for _, n := range append(owners, "") {
			if who == "different" && n == "" {
				continue // "in a different order" is no leak
			}
			for _, thing := range privateThings {
				leak = append(leak, strings.TrimSpace(who+" "+n)+" "+thing)
			}
			for _, thing := range ownedThings {
				if n != "" {
					leak = append(leak, who+" "+n+" "+thing) // "another patient's lab results"
				}
			}
		}
	}
	// A secret where others can read it: "our API key in a public repo".
	for _, secret := range secrets {
		for _, where := range []string{"in a public", "on a public", "in public", "was committed", "were committed",
			"got committed", "was pushed", "got pushed", "was published", "was posted publicly"} {
			leak = append(leak, secret+" "+where)
		}
	}
	var exposed []string
	for _, secret := range secrets {
		for _, how := range []string{"was shared", "were shared", "got shared", "was posted", "were posted", "got posted"} {
			exposed = append(exposed, secret+" "+how)
		}
	}
	gs = append(gs, group{kSecurity, 3, exposed})
	leak = append(leak, "different conversation", "wrong conversation")
	gs = append(gs, group{kSecurity, 4, leak})
	var looks []string
	for _, n := range visualNouns {
		looks = append(looks, "wrong "+n, "wrong * "+n, "incorrect "+n)
	}
	gs = append(gs, group{kCosmetic, 1, looks})
	// Everyone and everything counts as breadth; "some users" does, "some
	// API calls" does not: a slow request here and there is not a crowd.
	var all, some, one, nobody []string
	for _, n := range append(slices.Clone(peopleNouns), thingNouns...) {
		for _, q := range oneQuantifiers {
			one = append(one, q+" "+n)
		}
	}
	// All people is everyone; all things ("every order", "all our calls")
	// is this customer's whole use of one function: wide, not everyone.
	for _, n := range peopleNouns {
		for _, q := range allQuantifiers {
			all = append(all, q+" "+n, q+" * "+n) // "all iOS users"
		}
	}
	for _, n := range thingNouns {
		for _, q := range allQuantifiers {
			some = append(some, q+" "+n, q+" * "+n)
		}
	}
	for _, n := range peopleNouns {
		for _, q := range someQuantifiers {
			some = append(some, q+" "+n, q+" * "+n)
		}
	}
	for _, n := range peopleNouns {
		for _, v := range ableVerbs {
			nobody = append(nobody, "none of "+n+" "+v, "no "+n+" "+v)
		}
		one = append(one, "none of "+n, "no "+n)
	}
	for _, n := range thingNouns {
		for _, v := range thingsStopped {
			nobody = append(nobody, "no "+n+" "+v, "none of "+n+" "+v)
		}
	}
	for _, v := range ableVerbs {
		nobody = append(nobody, "nobody "+v, "no one "+v, "none of us "+v)
		for _, g := range withinUs {
			nobody = append(nobody, "nobody "+g+" "+v, "no one "+g+" "+v)
		}
	}
	for _, g := range withinUs {
		all = append(all, "everyone "+g, "everybody "+g)
	}
	all = append(all, "everyone", "everybody", "all of us", "all of them", "company wide",
		"organization wide", "org wide", "site wide", "sitewide", "across the board", "globally",
		"worldwide", "all environments", "not a single", "not one")
	for _, q := range []string{"entire", "whole"} {
		for _, n := range wholeNouns {
			all = append(all, q+" "+n, q+" * "+n) // "our whole support team"
		}
	}
	some = append(some, "colleague have the same", "colleague too", "same for my colleague",
		"my colleague have the same", "my colleague has the same", "others have the same", "same for other")
	one = append(one, "only me", "just me", "only for me", "just for me", "for me", "only my account",
		"only on my account", "only affects me", "only happens to me", "only happens for me",
		"nobody else", "no one else", "a colleague", "my colleague", "work for them", "work for most",
		"fine for most", "work for others", "work for everyone else", "others seem fine",
		"others are fine", "others are not affected", "work for my colleague")
	return append(gs, group{kBreadthAll, 0, all}, group{kBreadthSome, 0, some},
		group{kNarrow, 0, one}, group{kBrokenAll, 3, nobody})
}

func compile(groups []group) *matcher {
	m := &matcher{byFirst: map[string][]phrase{}, byExact: map[string][]phrase{}}
	for _, g := range groups {
		for _, text := range g.phrases {
			keys := phraseKeys(text)
			if len(keys) == 0 {
				continue
			}
			p := phrase{keys: keys, kind: g.kind, level: g.level}
			if exact, ok := strings.CutPrefix(keys[0], "="); ok {
				m.byExact[exact] = append(m.byExact[exact], p)
			} else {
				m.byFirst[keys[0]] = append(m.byFirst[keys[0]], p)
			}
		}
	}
	for _, index := range []map[string][]phrase{m.byFirst, m.byExact} {
		for _, ps := range index {
			slices.SortStableFunc(ps, func(a, b phrase) int { return len(b.keys) - len(a.keys) })
		}
	}
	return m
}

// phraseKeys tokenizes a lexicon phrase like customer text. "=word" asks for
// that exact word where stems would blur ("=issue" is not "issued"); "*"
// stands for any one word or number.
func phraseKeys(text string) []string {
	var keys []string
	for _, w := range strings.Fields(text) {
		switch {
		case w == "*":
			keys = append(keys, "*")
		case strings.HasPrefix(w, "="):
			keys = append(keys, w)
		default:
			for _, t := range tokenize(w) {
				keys = append(keys, key(t))
			}
		}
	}
	return keys
}

// formKey is what service names are compared on first.
func formKey(t token) string {
	if t.kind == tokWord {
		return t.form
	}
	return t.low
}

// key is what phrases are compared on.
func key(t token) string {
	if t.kind == tokWord {
		return t.stem
	}
	return t.low
}

// match is one phrase found in the text, over tokens [from, to].
type match struct {
	phrase
	from, to int
}

// find returns the phrases in toks, left to right, longest first at each
// position and never overlapping.
// timeNouns never stand in for "*": "every time a customer pays" is no
// quantity of customers.
var timeNouns = map[string]bool{"time": true, "times": true, "day": true, "week": true, "month": true, "hour": true, "minute": true}

func isQuoteMark(p string) bool { return len(p) > 0 && strings.Contains("\"'“”„«»", p) }

// keyMatches compares a token with one phrase key.
func keyMatches(t token, k string, keyOf func(token) string) bool {
	switch {
	case k == "*":
		return t.kind != tokPunct && !fillers[t.low] && !timeNouns[t.low]
	case k[0] == '=':
		return t.low == k[1:]
	}
	return keyOf(t) == k
}

func (m *matcher) find(toks []token) []match {
	var out []match
	for i := 0; i < len(toks); i++ {
		best, end := phrase{}, -1
		for _, ps := range [2][]phrase{m.byExact[toks[i].low], m.byFirst[key(toks[i])]} { // the exact word wins a tie
			for _, p := range ps {
				if e, ok := matchFrom(toks, i, p.keys, key); ok && len(p.keys) > len(best.keys) {
					best, end = p, e
					break
				}
			}
		}
		if end >= 0 {
			out = append(out, match{phrase: best, from: i, to: end})
			i = end
		}
	}
	return out
}

// matchFrom matches keys[1:] after toks[i], letting up to two fillers sit
// between two words ("not even loading", "lost all our data") and skipping
// hyphens inside compounds ("sign-in"). A wildcard takes exactly one word
// with nothing skipped around it. It never crosses a clause break.
func matchFrom(toks []token, i int, keys []string, keyOf func(token) string) (int, bool) {
	j := i
	for n, k := range keys[1:] {
		if toks[j].brk != brkNone {
			return 0, false
		}
		strict := k == "*" || keys[n] == "*"
		skipped := 0
		for {
			j++
			if j >= len(toks) {
				return 0, false
			}
			t := toks[j]
			if keyMatches(t, k, keyOf) {
				break
			}
			joiner := t.kind == tokPunct && (!t.space && (t.low == "-" || t.low == "'" || t.low == "+") || isQuoteMark(t.low))
			if strict || t.brk != brkNone || skipped == 2 || !(joiner || t.kind == tokWord && fillers[t.low]) {
				return 0, false
			}
			skipped++
		}
	}
	return j, true
}
