package pattern_test

import (
	"testing"
	"unicode/utf8"

	"github.com/sigsentry/hub/core/pattern"
)

// FuzzMiner feeds arbitrary bytes, line by line, to one miner: it must never
// panic, every line must land in a live cluster, and a template must be
// made of the line's own bytes and placeholders (valid UTF-8 in, valid
// UTF-8 out).
func FuzzMiner(f *testing.F) {
	for _, seed := range []string{
		"", "a", "a b c", "\x00\x00", "\xff\xfe", "0x", "1.2.3.4.5", "::", "a::b", "/", "//x", "~/", "C:\\",
		"12:30:45:67", "2024-01-02T03:04:05Z", "Fri Jun 17 07:07:00 EST 2005", "1 KB", "x@y.z", "http://",
		"<\x00\x01>", "blk_-1 blk_2", "user=a user=b", "(a) (b) (c) (d)",
	} {
		f.Add([]byte(seed), []byte("session closed for user "+seed))
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		m := pattern.New(pattern.Config{MaxClusters: 8, MaxTokens: 16})
		for _, line := range [][]byte{a, b, a, b, append(append([]byte(nil), a...), b...)} {
			c := m.Add(line)
			if c.Count() < 1 || c.ID() == "" {
				t.Fatalf("line %q joined %s with count %d", line, c.ID(), c.Count())
			}
			if utf8.Valid(line) && !utf8.ValidString(c.Template()) {
				t.Fatalf("template %q of valid line %q is not valid UTF-8", c.Template(), line)
			}
		}
		if m.Len() > 9 {
			t.Fatalf("%d clusters over the cap", m.Len())
		}
	})
}
