package main

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func runPatterns(t *testing.T, input string, args ...string) (out []string, code int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code = patterns(args, strings.NewReader(input), &stdout, &stderr)
	if stdout.Len() == 0 {
		return nil, code
	}
	if !strings.HasSuffix(stdout.String(), "\n") {
		t.Errorf("output does not end with a newline: %q", stdout.String())
	}
	return strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n"), code
}

func TestPatternsOneLinePerInputLine(t *testing.T) {
	input := "session closed for user cyrus\r\n" +
		"session closed for user news\n" +
		"\n" +
		"session closed for user test\n" +
		"session closed for user root\n" +
		"disk full on /dev/sda1" // no final newline
	out, code := runPatterns(t, input)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	want := []string{
		"P1\tsession closed for user <*>",
		"P1\tsession closed for user <*>",
		"P3\t",
		"P1\tsession closed for user <*>",
		"P1\tsession closed for user <*>",
		"P5\tdisk full on <PATH>",
	}
	if strings.Join(out, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(out, "\n"), strings.Join(want, "\n"))
	}
}

func TestPatternsOddInput(t *testing.T) {
	if out, code := runPatterns(t, ""); code != 0 || out != nil {
		t.Errorf("empty input: exit %d, output %q", code, out)
	}
	long := strings.Repeat("x1 ", 100_000) // 300 KB, beyond any read buffer
	input := long + "\n" + "bad \xff\xfe bytes\n" + "\n\n"
	out, code := runPatterns(t, input)
	if code != 0 || len(out) != 4 {
		t.Fatalf("exit %d, %d lines out, want 4", code, len(out))
	}
	for i, l := range out {
		id, tmpl, ok := strings.Cut(l, "\t")
		if !ok || !strings.HasPrefix(id, "P") || strings.Contains(tmpl, "\t") {
			t.Errorf("line %d malformed: %.80q", i, l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d is not valid UTF-8: %q", i, l)
		}
	}
}

func TestPatternsUsage(t *testing.T) {
	if _, code := runPatterns(t, "x\n", "extra"); code != 2 {
		t.Errorf("extra argument: exit %d, want 2", code)
	}
	if _, code := runPatterns(t, "x\n", "-h"); code != 0 {
		t.Errorf("-h: exit %d, want 0", code)
	}
}
