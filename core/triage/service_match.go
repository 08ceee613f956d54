package triage

import (
	"strings"

	"github.com/sigsentry/hub/core/project"
)

// catalog recognises a project's services in customer text: by name or
// alias, whatever the case, singular or plural ("payments" → payment),
// written apart or together ("check out" → checkout) and with one slip of
// the keyboard in words of five letters or more ("chekout").
type catalog struct {
	services []project.Service
	byForm   map[string][]serviceName // by the singular of the first word
	byStem   map[string][]serviceName // by its stem, a weaker match
	joined   map[string]serviceName
	fuzzy    map[byte][]serviceName
}

type serviceName struct {
	forms   []string // singular words: "payments" → "payment"
	keys    []string // stems
	text    string   // lower case, words joined without spaces or hyphens
	stem    string   // stem of a one-word name, for typo matching
	service int
	alias   bool
}

func newCatalog(services []project.Service) *catalog {
	c := &catalog{services: services, byForm: map[string][]serviceName{}, byStem: map[string][]serviceName{},
		joined: map[string]serviceName{}, fuzzy: map[byte][]serviceName{}}
	for i, s := range services {
		c.add(s.Name, i, false)
		for _, a := range s.Aliases {
			c.add(a, i, true)
		}
	}
	for _, index := range []map[string][]serviceName{c.byForm, c.byStem} {
		for _, ns := range index {
			sortLongestFirst(ns)
		}
	}
	return c
}

func (c *catalog) add(name string, service int, alias bool) {
	n := serviceName{service: service, alias: alias}
	var joined strings.Builder
	for _, t := range tokenize(name) {
		if t.kind != tokPunct {
			n.forms = append(n.forms, formKey(t))
			n.keys = append(n.keys, key(t))
			joined.WriteString(t.low)
		}
	}
	if len(n.keys) == 0 {
		return
	}
	n.text = joined.String()
	c.byForm[n.forms[0]] = append(c.byForm[n.forms[0]], n)
	c.byStem[n.keys[0]] = append(c.byStem[n.keys[0]], n)
	if _, taken := c.joined[n.text]; !taken {
		c.joined[n.text] = n
	}
	if len(n.keys) == 1 && len(n.keys[0]) >= 5 && isLetters(n.text) {
		n.stem = n.keys[0]
		c.fuzzy[n.text[0]] = append(c.fuzzy[n.text[0]], n)
	}
}

// mention is one place where the text names a service. inflected marks a
// match through the stem only ("book" for "booking"), which may be the verb.
type mention struct {
	service, from, to int
	weight            float64
	inflected         bool
}

// mentions lists every service named in toks, left to right.
func (c *catalog) mentions(toks []token, lex *matcher) []mention {
	var out []mention
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind == tokPunct {
			continue
		}
		m, ok := c.exact(toks, i)
		if !ok {
			m, ok = c.together(toks, i)
		}
		if !ok {
			m, ok = c.typo(t, i, lex)
		}
		if ok {
			out = append(out, m)
			i = m.to
		}
	}
	return out
}

func (c *catalog) exact(toks []token, i int) (mention, bool) {
	for _, n := range c.byForm[formKey(toks[i])] {
		if end, ok := matchFrom(toks, i, n.forms, formKey); ok {
			w := 1.0 + 0.2*float64(len(n.keys)-1)
			if n.alias {
				w -= 0.1
			}
			return mention{service: n.service, from: i, to: end, weight: w}, true
		}
	}
	for _, n := range c.byStem[key(toks[i])] {
		if end, ok := matchFrom(toks, i, n.keys, key); ok {
			return mention{service: n.service, from: i, to: end, weight: 0.5, inflected: true}, true
		}
	}
	return mention{}, false
}

// together finds a name written as one word ("userservice") or as two
// ("check out", "check-out") when the catalog spells it the other way.
func (c *catalog) together(toks []token, i int) (mention, bool) {
	if n, ok := c.joined[toks[i].low]; ok {
		return mention{service: n.service, from: i, to: i, weight: 0.9}, true
	}
	j := i + 1
	if j+1 < len(toks) && toks[j].low == "-" && !toks[j].space {
		j++
	}
	if j < len(toks) && toks[j].kind == tokWord && toks[i].brk == brkNone {
		if n, ok := c.joined[toks[i].low+toks[j].low]; ok {
			return mention{service: n.service, from: i, to: j, weight: 0.9}, true
		}
	}
	return mention{}, false
}

// typo accepts one edit (Damerau–Levenshtein) in a word of five letters or
// more with the right first letter, unless the word is ordinary English or a
// triage phrase: "logic" is not a misspelt "login".
func (c *catalog) typo(t token, i int, lex *matcher) (mention, bool) {
	if t.kind != tokWord || len(t.low) < 5 || commonWords[t.low] || commonWords[t.stem] || lex.byFirst[t.stem] != nil {
		return mention{}, false
	}
	for _, n := range c.fuzzy[t.low[0]] {
		if withinOneEdit(t.stem, n.stem) || withinOneEdit(t.low, n.text) {
			return mention{service: n.service, from: i, to: i, weight: 0.6}, true
		}
	}
	return mention{}, false
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

func sortLongestFirst(ns []serviceName) {
	for i := 1; i < len(ns); i++ {
		for j := i; j > 0 && len(ns[j].keys) > len(ns[j-1].keys); j-- {
			ns[j], ns[j-1] = ns[j-1], ns[j]
		}
	}
}
