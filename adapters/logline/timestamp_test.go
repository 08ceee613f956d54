package logline

import (
	"testing"
	"time"
)

func TestParseTimeForms(t *testing.T) {
	ref := time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)
	want := func(layout, value string) time.Time {
		tt, err := time.Parse(layout, value)
		if err != nil {
			t.Fatalf("bad fixture %q: %v", value, err)
		}
		return tt.UTC()
	}
	cases := []struct {
		in   string
		want time.Time
	}{
		{"2024-03-05T07:08:09Z", want(time.RFC3339, "2024-03-05T07:08:09Z")},
		{"2024-03-05T07:08:09.123456789Z", want(time.RFC3339Nano, "2024-03-05T07:08:09.123456789Z")},
		{"2024-03-05T07:08:09.1234567891Z", want(time.RFC3339Nano, "2024-03-05T07:08:09.123456789Z")},
		{"2024-03-05T07:08:09+02:00", want(time.RFC3339, "2024-03-05T07:08:09+02:00")},
		{"2024-03-05T07:08:09-0530", want("2006-01-02T15:04:05-0700", "2024-03-05T07:08:09-0530")},
		{"2024-03-05T07:08:09+01", want("2006-01-02T15:04:05-07", "2024-03-05T07:08:09+01")},
		{"2024-03-05 07:08:09", want("2006-01-02 15:04:05", "2024-03-05 07:08:09")},
		{"2024-03-05 07:08:09,250", want("2006-01-02 15:04:05.000", "2024-03-05 07:08:09.250")},
		{"2024/03/05 07:08:09", want("2006/01/02 15:04:05", "2024/03/05 07:08:09")},
		{"2024-03-05 07:08:09 +0100", want("2006-01-02 15:04:05 -0700", "2024-03-05 07:08:09 +0100")},
		{"2024-02-29T23:59:59Z", want(time.RFC3339, "2024-02-29T23:59:59Z")},
		{"1700000000", time.Unix(1700000000, 0).UTC()},
		{"1700000000.25", time.Unix(1700000000, 250000000).UTC()},
		{"1700000000123", time.UnixMilli(1700000000123).UTC()},
		{"1700000000123456", time.UnixMicro(1700000000123456).UTC()},
		{"1700000000123456789", time.Unix(0, 1700000000123456789).UTC()},
		{"Jan  2 15:04:05", time.Date(2025, 1, 2, 15, 4, 5, 0, time.UTC)},
		{"Dec 31 23:59:59", time.Date(2024, 12, 31, 23, 59, 59, 0, time.UTC)},
		{"Jan 09 01:02:03.5", time.Date(2025, 1, 9, 1, 2, 3, 500000000, time.UTC)},
	}
	for _, c := range cases {
		got, ok := ParseTime([]byte(c.in), nil, ref)
		if !ok || !got.Equal(c.want) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", c.in, got, ok, c.want)
		}
	}
}

func TestParseTimeRejects(t *testing.T) {
	for _, in := range []string{
		"", "yesterday", "2024-13-05T07:08:09Z", "2024-02-30T07:08:09Z", "2023-02-29T00:00:00Z",
		"2024-03-05T24:00:00Z", "2024-03-05T07:60:00Z", "2024-03-05X07:08:09Z", "2024-03-05T07:08:09Zjunk",
		"2024-03-05T07:08:09+25:00", "Foo  2 15:04:05", "12345678901234567890", "1700000000,5",
	} {
		if got, ok := ParseTime([]byte(in), nil, time.Now()); ok {
			t.Errorf("ParseTime(%q) = %v; want failure", in, got)
		}
	}
}

func TestParseTimeLocation(t *testing.T) {
	loc := time.FixedZone("X", 3*3600)
	got, ok := ParseTime([]byte("2024-03-05 07:08:09"), loc, time.Now())
	if want := time.Date(2024, 3, 5, 4, 8, 9, 0, time.UTC); !ok || !got.Equal(want) {
		t.Fatalf("got %v, %v; want %v", got, ok, want)
	}
	// An explicit zone wins over the location.
	got, _ = ParseTime([]byte("2024-03-05T07:08:09Z"), loc, time.Now())
	if want := time.Date(2024, 3, 5, 7, 8, 9, 0, time.UTC); !got.Equal(want) {
		t.Fatalf("got %v; want %v", got, want)
	}
}

func TestTextStampPrefix(t *testing.T) {
	cases := []struct {
		line string
		n    int
		ok   bool
	}{
		{"2024-03-05T07:08:09Z ERROR boom", 20, true},
		{"2024-03-05 07:08:09,123 - INFO - started", 23, true},
		{"1700000000 started", 10, true},
		{"1700000000123 started", 13, true},
		{"12345 items in cart", 0, false}, // a number is not a time
		{"1700000000abc", 0, false},       // nor a number glued to text
		{"0000000001 started", 0, false},  // 1970 is outside the plausible range
		{"Mar  5 07:08:09 host sshd[1]: x", 15, true},
		{"at com.example.Foo(Foo.java:12)", 0, false},
	}
	for _, c := range cases {
		_, n, ok := parseStampPrefix([]byte(c.line), nil, time.Now(), false)
		if ok != c.ok || n != c.n {
			t.Errorf("parseStampPrefix(%q) = %d, %v; want %d, %v", c.line, n, ok, c.n, c.ok)
		}
	}
}

// daysFromCivil must agree with the standard library on every day of a wide
// range, leap years and century rules included.
func TestDaysFromCivil(t *testing.T) {
	for d := time.Date(1890, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2410; d = d.AddDate(0, 0, 1) {
		if got, want := daysFromCivil(d.Year(), int(d.Month()), d.Day()), d.Unix()/86400; got != want {
			t.Fatalf("%s: got %d, want %d", d.Format(time.DateOnly), got, want)
		}
	}
}

func TestParseTimeNoAlloc(t *testing.T) {
	b := []byte("2024-03-05T07:08:09.123+02:00")
	if n := testing.AllocsPerRun(100, func() { ParseTime(b, nil, time.Time{}) }); n != 0 {
		t.Fatalf("ParseTime allocates %v times", n)
	}
}
