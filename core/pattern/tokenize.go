package pattern

import "hash/maphash"

// seed is fixed for the process: hashes only ever compare with each other in
// memory, and no result depends on their values, so output stays
// deterministic across runs.
var seed = maphash.MakeSeed()

// token is one whitespace-separated word of a line after masking.
type token struct {
	start, end int32  // masked text in tokenizer.buf
	from, to   int32  // the word in the line, for the merge rules
	hash       uint64 // hash of the masked text with placeholder kinds erased
	vars       int32  // placeholders in the masked text
	loose      bool   // a variable, or a word with a digit: see slot.loose
	core       Kind   // the token is one placeholder, give or take punctuation around it
}

// maxTokenBytes is the longest word masked by its content.
const maxTokenBytes = 512

// tokenizer splits lines into masked tokens. It keeps its buffers between
// lines, so tokenizing allocates nothing once they have grown.
type tokenizer struct {
	max     int // most tokens per line; the rest is folded into the last
	buf     []byte
	toks    []token
	scratch []byte
}

// tokenize masks line into t.toks. Whitespace separates tokens and runs of
// it count once, as do surrounding spaces and a trailing CR.
func (t *tokenizer) tokenize(line []byte) {
	t.buf, t.toks = t.buf[:0], t.toks[:0]
	for i := 0; i < len(line); {
		for i < len(line) && isSpace(line[i]) {
			i++
		}
		if i == len(line) {
			break
		}
		j := i
		var seen uint8 // the byte classes in the word
		for j < len(line) && !isSpace(line[j]) {
			seen |= class[line[j]]
			j++
		}
		start := len(t.buf)
		switch {
		case len(t.toks) == t.max-1 && !blank(line[j:]):
			// Fold the rest of a very long line into one variable, so one
			// line costs bounded time and a template bounded memory.
			t.buf = append(t.buf, sentinel, byte(KindAny))
			t.push(start, 1, i, len(line), true)
			j = len(line)
		case j-i > maxTokenBytes:
			// No constant word is this long: a blob, a dump, a key.
			t.buf = append(t.buf, sentinel, byte(KindAny))
			t.push(start, 1, i, j, true)
		case seen&(cDigit|cDelim) == 0 && !isBool(line[i:j]) && !isHexLetters(line[i:j]):
			// A plain word: letters and joiners only, nothing to mask.
			t.buf = append(t.buf, line[i:j]...)
			t.toks = append(t.toks, token{start: int32(start), end: int32(len(t.buf)), from: int32(i), to: int32(j)})
		default:
			var vars int
			t.buf, vars = maskToken(t.buf, line[i:j])
			// Digits a mask did not take are still in the text.
			t.push(start, vars, i, j, vars > 0 || seen&cDigit != 0)
		}
		i = j
	}
	t.mergeTimestamps(line)
	t.mergeSizes(line)
	for k := range t.toks {
		t.toks[k].hash = t.hashOf(t.text(k), t.toks[k].vars > 0)
	}
}

func (t *tokenizer) push(start, vars, from, to int, loose bool) {
	t.toks = append(t.toks, token{
		start: int32(start), end: int32(len(t.buf)), from: int32(from), to: int32(to),
		vars: int32(vars), loose: loose, core: coreKind(t.buf[start:]),
	})
}

func (t *tokenizer) text(k int) []byte { return t.buf[t.toks[k].start:t.toks[k].end] }

// hashOf hashes a masked token with the placeholder kinds erased: "<NUM>"
// and "<HEX>" at the same place are the same variable for matching, and the
// template tells them apart only when it renders.
func (t *tokenizer) hashOf(b []byte, hasVars bool) uint64 {
	if !hasVars {
		return maphash.Bytes(seed, b)
	}
	t.scratch = append(t.scratch[:0], b...)
	for i := 0; i+1 < len(t.scratch); i++ {
		if t.scratch[i] == sentinel {
			i++
			t.scratch[i] = 0
		}
	}
	return maphash.Bytes(seed, t.scratch)
}

// coreKind returns the kind of a masked token that is one placeholder
// wrapped in punctuation only, like "(<NUM>" or "<IP>,", and KindNone
// otherwise.
func coreKind(b []byte) Kind {
	i, j := 0, len(b)
	for i < j && b[i] != sentinel && !isWordByte(b[i]) {
		i++
	}
	// b[j-1] is a kind byte when b[j-2] is the sentinel; kind bytes are
	// small numbers, some of which the byte classes call spaces.
	for j > i && (j < 2 || b[j-2] != sentinel) && (!isWordByte(b[j-1]) || b[j-1] == '.') {
		j--
	}
	if j-i == 2 && b[i] == sentinel {
		return Kind(b[i+1])
	}
	return KindNone
}

// lead and trail count the punctuation around a raw token, so a merged
// token keeps "(" and ")," around its placeholder.
func lead(raw []byte) int {
	n := 0
	for n < len(raw) && !isWordByte(raw[n]) {
		n++
	}
	return n
}

func trail(raw []byte) int {
	n := 0
	for n < len(raw) && (!isWordByte(raw[len(raw)-1-n]) || raw[len(raw)-1-n] == '.') {
		n++
	}
	return n
}

func blank(b []byte) bool {
	for _, c := range b {
		if !isSpace(c) {
			return false
		}
	}
	return true
}
