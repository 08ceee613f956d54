package pattern

// Byte classes for the hand-written scanners. One table lookup per byte keeps
// the tokenizer free of regexps and branches on ranges.
const (
	cDigit  uint8 = 1 << iota // 0-9
	cHex                      // 0-9 a-f A-F
	cAlpha                    // a-z A-Z
	cSpace                    // separates tokens (NUL too: see sentinel)
	cDelim                    // punctuation that separates words inside a token
	cJoin                     // punctuation that joins the parts of one word: _ . - +
	cCloser                   // ends a path or URL: ) ] } > " ' , ;
)

var class [256]uint8

func init() {
	for c := '0'; c <= '9'; c++ {
		class[c] |= cDigit | cHex
	}
	for c := 'a'; c <= 'z'; c++ {
		class[c] |= cAlpha
		class[c-'a'+'A'] |= cAlpha
	}
	for c := 'a'; c <= 'f'; c++ {
		class[c] |= cHex
		class[c-'a'+'A'] |= cHex
	}
	for _, c := range " \t\r\n\v\f\x00" {
		class[c] |= cSpace
	}
	for _, c := range "()[]{}<>\"',;=|:/@#!?*&$%^~`\\" {
		class[c] |= cDelim
	}
	for _, c := range "_.-+" {
		class[c] |= cJoin
	}
	for _, c := range ")]}>\"',;" {
		class[c] |= cCloser
	}
}

func isDigit(c byte) bool { return class[c]&cDigit != 0 }
func isHex(c byte) bool   { return class[c]&cHex != 0 }
func isAlpha(c byte) bool { return class[c]&cAlpha != 0 }
func isSpace(c byte) bool { return class[c]&cSpace != 0 }
func isDelim(c byte) bool { return class[c]&cDelim != 0 }
func isJoin(c byte) bool  { return class[c]&cJoin != 0 }

// isWordByte reports whether c belongs to a word: letters, digits, joiners
// and any byte of a multi-byte UTF-8 sequence (or of invalid UTF-8).
func isWordByte(c byte) bool { return class[c]&(cSpace|cDelim) == 0 }

// boundary reports whether a typed match that ends at s[k] ends a word: at the
// end, before a delimiter, or before a final "." (the end of a sentence).
func boundary(s []byte, k int) bool {
	if k >= len(s) || isDelim(s[k]) {
		return true
	}
	return s[k] == '.' && (k+1 == len(s) || isDelim(s[k+1]))
}

// digits returns how many decimal digits start s.
func digits(s []byte) int {
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}

// hexDigits returns how many hex digits start s, up to max.
func hexDigits(s []byte, max int) int {
	n := 0
	for n < len(s) && n < max && isHex(s[n]) {
		n++
	}
	return n
}
