package triage

import (
	"slices"
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
	byFirst map[string][]phrase // longest phrases first
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
	var all, some, one, nobody []string
	for _, n := range append(slices.Clone(peopleNouns), thingNouns...) {
		for _, q := range allQuantifiers {
			all = append(all, q+" "+n)
		}
		for _, q := range someQuantifiers {
			some = append(some, q+" "+n)
		}
		for _, q := range oneQuantifiers {
			one = append(one, q+" "+n)
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
		nobody = append(nobody, "nobody "+v, "no one "+v)
	}
	all = append(all, "everyone", "everybody", "all of us", "all of them", "company wide",
		"organization wide", "org wide", "site wide", "sitewide", "across the board", "globally",
		"worldwide", "entire company", "entire team", "entire organization", "entire site",
		"entire platform", "entire app", "entire system", "whole company", "whole team", "whole site",
		"whole platform", "whole app", "whole system", "whole organization", "all environments")
	one = append(one, "only me", "just me", "only for me", "just for me", "only my account",
		"only on my account", "only affects me", "only happens to me", "only happens for me",
		"nobody else", "no one else", "a colleague", "my colleague")
	return append(gs, group{kBreadthAll, 0, all}, group{kBreadthSome, 0, some},
		group{kNarrow, 0, one}, group{kBrokenAll, 3, nobody})
}

func compile(groups []group) *matcher {
	m := &matcher{byFirst: map[string][]phrase{}}
	for _, g := range groups {
		for _, text := range g.phrases {
			var keys []string
			for _, t := range tokenize(text) {
				keys = append(keys, key(t))
			}
			if len(keys) == 0 {
				continue
			}
			p := phrase{keys: keys, kind: g.kind, level: g.level}
			m.byFirst[keys[0]] = append(m.byFirst[keys[0]], p)
		}
	}
	for k, ps := range m.byFirst {
		slices.SortStableFunc(ps, func(a, b phrase) int { return len(b.keys) - len(a.keys) })
		m.byFirst[k] = ps
	}
	return m
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
func (m *matcher) find(toks []token) []match {
	var out []match
	for i := 0; i < len(toks); i++ {
		for _, p := range m.byFirst[key(toks[i])] {
			if end, ok := matchFrom(toks, i, p.keys); ok {
				out = append(out, match{phrase: p, from: i, to: end})
				i = end
				break
			}
		}
	}
	return out
}

// matchFrom matches keys[1:] after toks[i], letting up to two fillers sit
// between two words ("not even loading", "lost all our data") and skipping
// hyphens inside compounds ("sign-in"). It never crosses a clause break.
func matchFrom(toks []token, i int, keys []string) (int, bool) {
	j := i
	for _, k := range keys[1:] {
		if toks[j].brk != brkNone {
			return 0, false
		}
		skipped := 0
		for {
			j++
			if j >= len(toks) {
				return 0, false
			}
			t := toks[j]
			if key(t) == k {
				break
			}
			joiner := t.kind == tokPunct && !t.space && (t.low == "-" || t.low == "'")
			if t.brk != brkNone || skipped == 2 || !(joiner || t.kind == tokWord && fillers[t.low]) {
				return 0, false
			}
			skipped++
		}
	}
	return j, true
}
