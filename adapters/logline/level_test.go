package logline

import "testing"

func TestNormalizeLevel(t *testing.T) {
	cases := map[string]string{
		"ERROR": LevelError, "err": LevelError, "E": LevelError, "fatal": LevelError, "CRITICAL": LevelError,
		"panic": LevelError, "Emerg": LevelError, "50": LevelError, "60": LevelError,
		"WARN": LevelWarn, "Warning": LevelWarn, "w": LevelWarn, "WRN": LevelWarn, "40": LevelWarn,
		"info": LevelInfo, "INFORMATION": LevelInfo, "notice": LevelInfo, "30": LevelInfo,
		"debug": LevelDebug, "TRACE": LevelDebug, "dbg": LevelDebug, "10": LevelDebug, "20": LevelDebug,
		"": "", "errors": "", "verbose-ish": "", "3": "", "a very long level name": "",
	}
	for in, want := range cases {
		if got := NormalizeLevel([]byte(in)); got != want {
			t.Errorf("NormalizeLevel(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestLeadingLevel(t *testing.T) {
	cases := []struct{ in, level, rest string }{
		{" ERROR payment failed", LevelError, "payment failed"},
		{" [warn] disk at 91%", LevelWarn, "disk at 91%"},
		{" <INFO> started", LevelInfo, "started"},
		{" (debug) cache miss", LevelDebug, "cache miss"},
		{" level=error boom", LevelError, "boom"},
		{" E: boom", LevelError, "boom"},
		{" [E] boom", LevelError, "boom"},
		{" - INFO - started", "", "- INFO - started"},
		{" INFO - started", LevelInfo, "started"},
		{" ERROR", LevelError, ""},
		{" I think it broke", "", "I think it broke"},
		{" Errors were found", "", "Errors were found"},
		{" ERROR:boom", "", "ERROR:boom"},
		{" [ERROR boom", "", "[ERROR boom"},
		{" 50 items", "", "50 items"},
		{"", "", ""},
	}
	for _, c := range cases {
		level, rest := leadingLevel([]byte(c.in))
		if level != c.level || string(rest) != c.rest {
			t.Errorf("leadingLevel(%q) = %q, %q; want %q, %q", c.in, level, rest, c.level, c.rest)
		}
	}
}

func TestNormalizeLevelNoAlloc(t *testing.T) {
	b := []byte("Warning")
	if n := testing.AllocsPerRun(100, func() { NormalizeLevel(b) }); n != 0 {
		t.Fatalf("NormalizeLevel allocates %v times", n)
	}
}
