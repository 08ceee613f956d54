package triage

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind separates words, numbers and punctuation: the rules read words by
// their stems, the time parser reads numbers and the punctuation between them.
type tokKind uint8

const (
	tokWord tokKind = iota
	tokNum
	tokPunct
)

// brk says what a punctuation token ends: nothing, a clause or a sentence.
// Negation, conditions and service context never reach across a break.
type brk uint8

const (
	brkNone brk = iota
	brkClause
	brkSentence
)

// token is one word, number or punctuation mark. start and end index the
// original text so evidence is quoted exactly as the customer wrote it; a
// contraction ("isn't") yields two tokens ("is", "not") over the same bytes.
type token struct {
	start, end int
	low        string // lower case; for words with contractions expanded
	stem       string // see stem; empty for numbers and punctuation
	form       string // singular: service names match on it before stems
	kind       tokKind
	brk        brk
	space      bool // whitespace precedes the token
	poss       bool // a possessive "'s" was dropped: "yesterday's" describes, it does not date
	quoted     bool // inside quotation marks: a label or a message, not the customer's words
	// clause and sent number the clauses and sentences; a break token
	// belongs to the clause it ends.
	clause, sent int32
}

// tokenize splits text into tokens. Letters and digits that touch ("2pm",
// "500s", "e1234") become separate tokens with space=false, so the time and
// error-code parsers can see both halves.
func tokenize(text string) []token {
	lower := strings.ToLower(text)
	sameLen := len(lower) == len(text)
	low := func(s, e int) string {
		if sameLen {
			return lower[s:e]
		}
		return strings.ToLower(text[s:e])
	}
	toks := make([]token, 0, len(text)/4+4)
	space := true
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n' || r == '\r':
			toks = lineBreak(toks)
			space = true
			i += n
		case unicode.IsSpace(r):
			space = true
			i += n
		case unicode.IsDigit(r):
			j := i + n
			for j < len(text) {
				switch {
				case isDigit(text[j]):
					j++
				case text[j] == ',' && j+4 <= len(text) && allDigits(text[j+1:j+4]) && (j+4 == len(text) || !isDigit(text[j+4])):
					j += 4 // "3,000" is one number, not 3 and 000
				default:
					goto done
				}
			}
		done:
			toks = append(toks, token{start: i, end: j, low: text[i:j], kind: tokNum, space: space})
			space, i = false, j
		case unicode.IsLetter(r):
			j := scanWord(text, i)
			toks = appendWord(toks, low(i, j), i, j, space)
			space, i = false, j
		default:
			p := low(i, i+n)
			if r == '’' || r == '‘' {
				p = "'"
			}
			toks = append(toks, token{start: i, end: i + n, low: p, kind: tokPunct, space: space})
			space, i = false, i+n
			next := i >= len(text) || text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r'
			toks[len(toks)-1].brk = punctBreak(r, next)
		}
	}
	markQuotes(toks)
	var clause, sent int32
	for i := range toks {
		toks[i].clause, toks[i].sent = clause, sent
		switch toks[i].brk {
		case brkSentence:
			sent++
			clause++
		case brkClause:
			clause++
		}
	}
	return toks
}

// markQuotes flags the tokens between quotation marks ("'Shiping' instead
// of 'Shipping'", "it says \"Payment failed\""). An opening mark follows a
// space and touches the next word; a quote left open ends with its sentence.
func markQuotes(toks []token) {
	open := -1
	for i := range toks {
		t := toks[i]
		isQuote := t.kind == tokPunct && isQuoteMark(t.low)
		switch {
		case isQuote && open < 0 && t.space && i+1 < len(toks) && !toks[i+1].space:
			open = i
		case isQuote && open >= 0 && !t.space:
			for k := open + 1; k < i; k++ {
				toks[k].quoted = true
			}
			open = -1
		case t.brk == brkSentence:
			open = -1
		}
	}
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// scanWord returns the end of the word starting at i: letters, with single
// apostrophes between letters ("isn't", "o'clock").
func scanWord(text string, i int) int {
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if unicode.IsLetter(r) {
			i += n
			continue
		}
		if r == '\'' || r == '’' {
			r2, _ := utf8.DecodeRuneInString(text[i+n:])
			if i+n < len(text) && unicode.IsLetter(r2) {
				i += n
				continue
			}
		}
		break
	}
	return i
}

// punctBreak classifies punctuation. A full stop only ends a sentence when
// whitespace follows, so "1.5" and "e.g" stay inside their sentence.
func punctBreak(r rune, spaceAfter bool) brk {
	switch r {
	case '!', '?':
		return brkSentence
	case '.':
		if spaceAfter {
			return brkSentence
		}
	case ',', ';', '(', ')', '—', '–':
		return brkClause
	case ':', '-':
		if spaceAfter {
			return brkClause
		}
	}
	return brkNone
}

// lineBreak ends the sentence at a line break: on the punctuation that closes
// the line, or on a zero-width "\n" token so that words keep brkNone.
func lineBreak(toks []token) []token {
	n := len(toks)
	if n == 0 || toks[n-1].brk == brkSentence {
		return toks
	}
	if toks[n-1].kind == tokPunct {
		toks[n-1].brk = brkSentence
		return toks
	}
	end := toks[n-1].end
	return append(toks, token{start: end, end: end, low: "\n", kind: tokPunct, brk: brkSentence})
}
