package logline

import (
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sigsentry/hub/core/analysis"
)

var t0 = time.Date(2024, 3, 5, 7, 8, 9, 0, time.UTC)

type parsed struct {
	out     Outcome
	time    time.Time
	level   string
	service string
	message string
}

func parse(p *Parser, line string) parsed {
	var rec analysis.Record
	out := p.Parse([]byte(line), &rec)
	if string(rec.Line) != line {
		panic("Line is not the line")
	}
	return parsed{out, rec.Time, rec.Level, rec.Service, string(rec.Message)}
}

func TestParseJSON(t *testing.T) {
	p := NewParser(Options{Format: JSON, Service: "fallback"})
	cases := []struct {
		line string
		want parsed
	}{
		{`{"time":"2024-03-05T07:08:09Z","level":"ERROR","service":"checkout","msg":"card \"declined\""}`,
			parsed{OK, t0, LevelError, "checkout", `card "declined"`}},
		{`{"ts":1709622489,"level":50,"msg":"pino style"}`, parsed{OK, t0, LevelError, "fallback", "pino style"}},
		{`{"ts":1709622489.000,"lvl":"wrn","app":"web","message":"zap float seconds"}`, parsed{OK, t0, LevelWarn, "web", "zap float seconds"}},
		{`{"@timestamp":"2024-03-05T07:08:09.000Z","severity":"notice"}`,
			parsed{OK, t0, LevelInfo, "fallback", `{"@timestamp":"2024-03-05T07:08:09.000Z","severity":"notice"}`}},
		{`{"level":"info","msg":"no time"}`, parsed{NoTime, time.Time{}, LevelInfo, "fallback", "no time"}},
		{`{"time":"yesterday","msg":"bad time"}`, parsed{BadTime, time.Time{}, "", "fallback", "bad time"}},
		{`plain text in a json file`, parsed{Malformed, time.Time{}, "", "fallback", ""}},
		{"{\"time\":\"2024-03-05T07:08:09Z\",\"msg\":\"bad \xff byte\"}", parsed{Repaired, t0, "", "fallback", "bad \uFFFD byte"}},
	}
	for _, c := range cases {
		if got := parse(p, c.line); got != c.want {
			t.Errorf("%s\n got %+v\nwant %+v", c.line, got, c.want)
		}
	}
}

func TestParseFallbackLayouts(t *testing.T) {
	p := NewParser(Options{Format: JSON})
	for _, v := range []string{"Tue, 05 Mar 2024 07:08:09 GMT", "Tue, 05 Mar 2024 08:08:09 +0100", "05/Mar/2024:07:08:09 +0000",
		"2024-03-05 07:08:09 +0000 UTC", "Tue Mar  5 07:08:09 2024"} {
		if got := parse(p, `{"time":"`+v+`","msg":"m"}`); got.out != OK || !got.time.Equal(t0) {
			t.Errorf("%s: got %+v", v, got)
		}
	}
}

func TestParseConfiguredFields(t *testing.T) {
	p := NewParser(Options{Format: JSON, Fields: Fields{
		Time: []string{"when"}, Level: []string{"sev"}, Service: []string{"kubernetes.container"}, Message: []string{"text"},
	}})
	got := parse(p, `{"time":"2000-01-01T00:00:00Z","when":"2024-03-05T07:08:09Z","sev":"E","kubernetes":{"container":"api"},"text":"x","msg":"y"}`)
	if want := (parsed{OK, t0, LevelError, "api", "x"}); got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func TestParseLogfmt(t *testing.T) {
	p := NewParser(Options{Format: Logfmt})
	cases := []struct {
		line string
		want parsed
	}{
		{`ts=2024-03-05T07:08:09Z level=error service=checkout msg="payment \"failed\" for a@b.c" dur=12ms`,
			parsed{OK, t0, LevelError, "checkout", `payment "failed" for a@b.c`}},
		{`time="2024-03-05 07:08:09" lvl=warn verbose msg=bare`, parsed{OK, t0, LevelWarn, "", "bare"}},
		{`level=info msg="no time"`, parsed{NoTime, time.Time{}, LevelInfo, "", "no time"}},
		{`just words here`, parsed{Malformed, time.Time{}, "", "", ""}},
		{`ts=1709622489000 msg="unterminated`, parsed{OK, t0, "", "", "unterminated"}},
	}
	for _, c := range cases {
		if got := parse(p, c.line); got != c.want {
			t.Errorf("%s\n got %+v\nwant %+v", c.line, got, c.want)
		}
	}
}

func TestParseText(t *testing.T) {
	p := NewParser(Options{Format: Text, Service: "legacy"})
	p.SetReference(time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC))
	cases := []struct {
		line string
		want parsed
	}{
		{`2024-03-05T07:08:09Z ERROR payment failed`, parsed{OK, t0, LevelError, "legacy", "payment failed"}},
		{`2024-03-05 07:08:09,000 [WARN] slow query`, parsed{OK, t0, LevelWarn, "legacy", "slow query"}},
		{`Mar  5 07:08:09 host sshd[42]: accepted`, parsed{OK, t0, "", "legacy", "host sshd[42]: accepted"}},
		{`1709622489 INFO tick`, parsed{OK, t0, LevelInfo, "legacy", "tick"}},
		{`    at com.shop.Pay.charge(Pay.java:42)`, parsed{NoTime, time.Time{}, "", "legacy", ""}},
		{`2024-13-05 07:08:09 broken stamp`, parsed{BadTime, time.Time{}, "", "legacy", ""}},
	}
	for _, c := range cases {
		if got := parse(p, c.line); got != c.want {
			t.Errorf("%s\n got %+v\nwant %+v", c.line, got, c.want)
		}
	}
}

func TestParseTimeLayout(t *testing.T) {
	p := NewParser(Options{Format: Text, TimeLayout: "02/Jan/2006:15:04:05 -0700"})
	if got := parse(p, `05/Mar/2024:08:08:09 +0100 GET /cart 500`); got != (parsed{OK, t0, "", "", "GET /cart 500"}) {
		t.Errorf("got %+v", got)
	}
	p = NewParser(Options{Format: JSON, TimeLayout: "unix_ms"})
	if got := parse(p, `{"time":1709622489000,"msg":"m"}`); got.out != OK || !got.time.Equal(t0) {
		t.Errorf("unix_ms: got %+v", got)
	}
	p = NewParser(Options{Format: JSON, TimeLayout: "2006-01-02 15:04"})
	if got := parse(p, `{"time":"2024-03-05T07:08:09Z","msg":"m"}`); got.out != BadTime {
		t.Errorf("a layout that does not match: got %+v", got)
	}
}

func TestParseBodyAuto(t *testing.T) {
	p := NewParser(Options{})
	cases := []struct {
		line string
		want parsed
	}{
		{`{"level":"error","msg":"json body","service":"api"}`, parsed{OK, t0, LevelError, "api", "json body"}},
		{`level=warn msg="logfmt body"`, parsed{OK, t0, LevelWarn, "", "logfmt body"}},
		{`2024-03-05T07:08:09Z ERROR text body`, parsed{OK, t0, LevelError, "", "text body"}},
		{`{broken json`, parsed{OK, t0, "", "", "{broken json"}},
		{`plain`, parsed{OK, t0, "", "", "plain"}},
	}
	for _, c := range cases {
		rec := analysis.Record{Time: t0}
		out := p.ParseBody([]byte(c.line), &rec)
		got := parsed{out, rec.Time, rec.Level, rec.Service, string(rec.Message)}
		if got != c.want {
			t.Errorf("%s\n got %+v\nwant %+v", c.line, got, c.want)
		}
	}
}

func TestParseRepairsService(t *testing.T) {
	p := NewParser(Options{Format: JSON})
	got := parse(p, "{\"time\":\"2024-03-05T07:08:09Z\",\"service\":\"a\xffb\",\"msg\":\"m\"}")
	if got.out != Repaired || !utf8.ValidString(got.service) {
		t.Fatalf("got %+v", got)
	}
}

// A typical line must cost no allocation: at a million lines a second,
// even one allocation per line shows up as garbage-collector time.
func TestParseNoAlloc(t *testing.T) {
	cases := map[Format]string{
		JSON:   `{"time":"2024-03-05T07:08:09.123Z","level":"info","service":"checkout","msg":"order \"42\" placed","request_id":"r-1","user":{"email":"a@b.c"}}`,
		Logfmt: `ts=2024-03-05T07:08:09.123Z level=info service=checkout msg="order placed" request_id=r-1`,
		Text:   `2024-03-05 07:08:09,123 ERROR order placed`,
	}
	for format, line := range cases {
		p := NewParser(Options{Format: format})
		var rec analysis.Record
		b := []byte(line)
		if n := testing.AllocsPerRun(100, func() {
			if !p.Parse(b, &rec).Usable() {
				t.Fatal("not usable")
			}
		}); n != 0 {
			t.Errorf("format %d: %v allocations per line", format, n)
		}
	}
}

func TestExplain(t *testing.T) {
	p := NewParser(Options{Format: JSON})
	if got := p.Explain(NoTime); got != "no time field (looked for time, ts, timestamp, @timestamp, t); set config.time_field" {
		t.Errorf("Explain(NoTime) = %q", got)
	}
	if got := p.Explain(OK); got != "" {
		t.Errorf("Explain(OK) = %q", got)
	}
}

func BenchmarkParseJSON(b *testing.B) {
	p := NewParser(Options{Format: JSON})
	line := []byte(`{"time":"2024-03-05T07:08:09.123Z","level":"info","service":"checkout","msg":"order placed","request_id":"2f1c9a4e-77c1-4d55-9b8e-0c1f5a3d2b10","user":"jane.doe@example.com","duration_ms":12.5}`)
	var rec analysis.Record
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		p.Parse(line, &rec)
	}
}

// FuzzParse checks that no line panics any format and that a usable record
// always carries valid UTF-8.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{`{"time":"2024-03-05T07:08:09Z","msg":"x"}`, `ts=1 msg="a\"`, `2024-03-05 07:08:09 [E] x`, "Mar  5 07:08:09 x", `{"a":{"b":[`} {
		f.Add(seed)
	}
	parsers := []*Parser{NewParser(Options{}), NewParser(Options{Format: JSON, Fields: Fields{Level: []string{"log.level"}}}),
		NewParser(Options{Format: Logfmt}), NewParser(Options{Format: Text, TimeLayout: "Jan _2 2006"})}
	f.Fuzz(func(t *testing.T, line string) {
		for _, p := range parsers {
			var rec analysis.Record
			if out := p.Parse([]byte(line), &rec); out.Usable() && (!utf8.Valid(rec.Message) || !utf8.ValidString(rec.Service)) {
				t.Fatalf("usable record with invalid UTF-8 from %q", line)
			}
			p.ParseBody([]byte(line), &rec)
		}
	})
}
