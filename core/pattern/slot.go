package pattern

// slotKind is what a template position accepts.
type slotKind uint8

const (
	// slotConst holds one constant word and accepts only that word. Words
	// decide templates: labelled logs split "cupsd startup succeeded" from
	// "cupsd shutdown succeeded", so a different word never joins silently.
	slotConst slotKind = iota
	// slotVar holds a masked variable and accepts any token with a
	// placeholder. Once it meets a second shape ("blk_<NUM>", then
	// "blk_-<NUM>") it becomes wild.
	slotVar
	// slotWild accepts any token that keeps its constant prefix and suffix.
	// A variable slot that met two shapes becomes one, and so does a word
	// position when sibling merging (see siblings.go) finds enough distinct
	// words there.
	slotWild
)

// slot is one position of a template.
type slot struct {
	kind slotKind
	// loose marks a constant word with a digit ("04DN8IQ.corp.com", "en0").
	// It names an instance as often as not, so it accepts a masked
	// variable in its place and a variable slot accepts it, but it never
	// accepts another word: "Link Up on en0" and "… on awdl0" stay apart.
	loose bool
	hash  uint64 // the token's hash, kinds erased; unused when wild
	text  []byte // masked text; when wild, prefix + <*> + suffix
	pre   int    // length of the constant prefix a wild slot keeps
	suf   int    // length of the constant suffix a wild slot keeps
}

func newSlot(tok *token, text []byte) slot {
	s := slot{kind: slotConst, loose: tok.loose, hash: tok.hash, text: append([]byte(nil), text...)}
	if tok.vars > 0 {
		s.kind = slotVar
	}
	return s
}

// match scores tok (text b) against the slot: 1 for the same token or a
// wildcard it fits, 0 for a different masked token in a variable slot, -1
// when the line cannot join the template.
func (s *slot) match(tok *token, b []byte) int {
	switch s.kind {
	case slotConst:
		if tok.vars == 0 && tok.hash == s.hash {
			return 1
		}
		if s.loose && tok.vars > 0 {
			return 0
		}
	case slotVar:
		if tok.vars > 0 && tok.hash == s.hash {
			return 1
		}
		if tok.loose {
			return 0
		}
	case slotWild:
		if s.fits(b) {
			return 1
		}
	}
	return -1
}

// absorb updates the slot for a token that matched it. It reports whether
// the rendered text changed, and whether the slot became wild, which
// changes the template's skeleton.
func (s *slot) absorb(tok *token, b []byte) (changed, wild bool) {
	switch {
	case s.kind == slotWild:
		return false, false
	case tok.hash == s.hash && (tok.vars > 0) == (s.kind == slotVar):
		return s.blendKinds(b), false
	}
	s.generalise(b)
	return true, true
}

// generalise makes the slot wild, covering b as well as what it held.
func (s *slot) generalise(b []byte) {
	if s.kind == slotWild && s.fits(b) {
		return
	}
	s.widen(b)
	s.kind = slotWild
}

// blendKinds turns placeholders whose kind differs between the slot and b
// (same shape, so same length) into <*>: a position that held an <IP> and a
// <HEX> is only known to be variable.
func (s *slot) blendKinds(b []byte) bool {
	if string(s.text) == string(b) {
		return false
	}
	changed := false
	for i := 0; i+1 < len(s.text) && i+1 < len(b); i++ {
		if s.text[i] == sentinel {
			i++
			if s.text[i] != b[i] {
				s.text[i] = byte(KindAny)
				changed = true
			}
		}
	}
	return changed
}

// fits reports whether b keeps the slot's constant prefix and suffix.
func (s *slot) fits(b []byte) bool {
	if len(b) < s.pre+s.suf {
		return false
	}
	for i := 0; i < s.pre; i++ {
		if b[i] != s.text[i] {
			return false
		}
	}
	for i := 1; i <= s.suf; i++ {
		if b[len(b)-i] != s.text[len(s.text)-i] {
			return false
		}
	}
	return true
}

// widen makes the slot's text a wildcard that also covers b, keeping the
// longest prefix and suffix they share that end and start at punctuation:
// "user=root" and "user=news" give "user=<*>", "(host1)" and "()" give
// "(<*>)".
func (s *slot) widen(b []byte) {
	p, q := s.text, s.text // constant material before and after the wildcard
	if s.kind == slotWild {
		p, q = s.text[:s.pre], s.text[len(s.text)-s.suf:]
	}
	pre := 0
	for pre < len(p) && pre < len(b) && p[pre] == b[pre] && p[pre] != sentinel {
		pre++
	}
	for pre > 0 && !cutAfter(p, pre) {
		pre--
	}
	room := len(b) - pre
	if s.kind != slotWild {
		room = min(room, len(s.text)-pre)
	}
	suf := 0
	for suf < len(q) && suf < room && q[len(q)-1-suf] == b[len(b)-1-suf] && !inPlaceholder(q, len(q)-1-suf) {
		suf++
	}
	for suf > 0 && !cutBefore(q, len(q)-suf) {
		suf--
	}
	text := make([]byte, 0, pre+2+suf)
	text = append(text, p[:pre]...)
	text = append(text, sentinel, byte(KindAny))
	text = append(text, q[len(q)-suf:]...)
	s.text, s.pre, s.suf = text, pre, suf
}

// inPlaceholder reports whether b[i] is a sentinel or a kind byte: the
// constant parts a wildcard keeps never include placeholders.
func inPlaceholder(b []byte, i int) bool {
	return b[i] == sentinel || i > 0 && b[i-1] == sentinel
}

// cutAfter reports whether b[:n] ends with a delimiter (not a kind byte).
func cutAfter(b []byte, n int) bool {
	if n >= 2 && b[n-2] == sentinel {
		return false
	}
	return b[n-1] != sentinel && isDelim(b[n-1])
}

// cutBefore reports whether b[n:] starts with a delimiter (not a kind byte).
func cutBefore(b []byte, n int) bool {
	if n > 0 && b[n-1] == sentinel {
		return false
	}
	return b[n] != sentinel && isDelim(b[n])
}
