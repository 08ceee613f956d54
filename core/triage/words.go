package triage

import "strings"

// appendWord adds one word, expanding contractions so that "isn't",
// "is not" and "isnt" all read as "is not": negation and phrases such as
// "not working" then need one spelling only.
func appendWord(toks []token, w string, start, end int, space bool) []token {
	if strings.ContainsRune(w, '’') {
		w = strings.ReplaceAll(w, "’", "'")
	}
	add := func(ws ...string) []token {
		for k, x := range ws {
			toks = append(toks, token{start: start, end: end, low: x, stem: stem(x), form: singular(x), kind: tokWord, space: space && k == 0})
		}
		return toks
	}
	possessive := func(w string) []token {
		toks = add(w)
		toks[len(toks)-1].poss = true
		return toks
	}
	if exp, ok := bareContractions[w]; ok {
		return add(exp[0], exp[1])
	}
	i := strings.LastIndexByte(w, '\'')
	if i <= 0 {
		return add(w)
	}
	base, suffix := w[:i], w[i+1:]
	switch suffix {
	case "t":
		if strings.HasSuffix(base, "n") {
			b := base[:len(base)-1]
			if full, ok := negativeStems[b]; ok {
				b = full
			}
			return add(b, "not")
		}
	case "s":
		if isVerbSubject[base] {
			return add(base, "is")
		}
		return possessive(base) // "customer's" reads as "customer"
	case "re":
		return add(base, "are")
	case "ve":
		return add(base, "have")
	case "ll":
		return add(base, "will")
	case "d":
		return add(base, "would")
	case "m":
		return add(base, "am")
	}
	return add(w)
}

// negativeStems restores the verbs that "n't" shortens irregularly.
var negativeStems = map[string]string{"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}

// bareContractions are contractions typed without an apostrophe, and
// "cannot", which reads as "can not".
var bareContractions = map[string][2]string{
	"cannot": {"can", "not"}, "cant": {"can", "not"}, "dont": {"do", "not"},
	"doesnt": {"does", "not"}, "didnt": {"did", "not"}, "isnt": {"is", "not"},
	"arent": {"are", "not"}, "wasnt": {"was", "not"}, "werent": {"were", "not"},
	"havent": {"have", "not"}, "hasnt": {"has", "not"}, "hadnt": {"had", "not"},
	"couldnt": {"could", "not"}, "wouldnt": {"would", "not"}, "shouldnt": {"should", "not"},
	"wont": {"will", "not"},
}

// isVerbSubject lists the words whose "'s" means "is" rather than a possessive.
var isVerbSubject = map[string]bool{
	"it": true, "that": true, "what": true, "there": true, "here": true, "he": true,
	"she": true, "who": true, "where": true, "how": true, "everything": true,
	"nothing": true, "something": true, "everyone": true, "nobody": true, "this": true,
}

// stem strips the common English inflections so that "fails", "failed" and
// "failing" all read as "fail" and "payments" as "payment". It is applied to
// the lexicon and the text alike, so a stem only has to be consistent, not a
// dictionary word: "fire", "fires" and "firing" all become "fir".
func stem(w string) string {
	n := len(w)
	if n <= 3 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && n > 4, strings.HasSuffix(w, "ied") && n > 4:
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "ing") && n >= 5:
		return undouble(w[:n-3])
	case strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed"):
		return undouble(w[:n-2])
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"),
		strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "zes"):
		w = w[:n-2]
	case strings.HasSuffix(w, "ings") && n >= 6:
		return undouble(w[:n-4]) // "bookings" reads as "booking", which reads as "book"
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") &&
		!strings.HasSuffix(w, "is"):
		w = w[:n-1]
	}
	if len(w) > 3 && strings.HasSuffix(w, "e") {
		w = w[:len(w)-1]
	}
	return w
}

// singular strips a plural ending only: "payments" → "payment", "entries" →
// "entry", but "booking" stays "booking" where stem would give "book".
func singular(w string) string {
	n := len(w)
	switch {
	case n <= 3:
		return w
	case strings.HasSuffix(w, "ies") && n > 4:
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"),
		strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "zes"):
		return w[:n-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") &&
		!strings.HasSuffix(w, "is"):
		return w[:n-1]
	}
	return w
}

// undouble turns "stopp" into "stop" and "runn" into "run", but keeps the
// doubled l, s and z of "bill", "access" and "buzz".
func undouble(w string) string {
	n := len(w)
	if n >= 3 && w[n-1] == w[n-2] && !strings.ContainsRune("lsz", rune(w[n-1])) && !isVowel(w[n-1]) {
		return w[:n-1]
	}
	return w
}

func isVowel(b byte) bool { return strings.IndexByte("aeiouy", b) >= 0 }
