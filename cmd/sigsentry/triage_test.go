package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// runTriage runs `sigsentry triage` in-process on input and returns its
// output lines.
func runTriage(t testing.TB, input string, args ...string) []string {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := run(append([]string{"triage"}, args...), strings.NewReader(input), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if out.Len() == 0 {
		return nil
	}
	return strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
}

const contractLine = `{"id":"c1","created_at":"2026-03-10T15:20:00Z","text":"Checkout fails with error 500 since 2pm",` +
	`"services":[{"name":"checkout","aliases":["payment","cart"]}]}`

// TestTriageContractExample is CONTRACT.md's example, without a time zone:
// "since 2pm" is then 14:00 UTC.
func TestTriageContractExample(t *testing.T) {
	got := runTriage(t, contractLine+"\n")
	want := `{"id":"c1","severity":"high","confidence":0.79,"affected_service":"checkout",` +
		`"window":{"start":"2026-03-10T14:00:00Z","end":"2026-03-10T15:20:00Z"},"evidence":["error 500","since 2pm"]}`
	if len(got) != 1 || got[0] != want {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}

// TestTriageCustomerZone: with the customer in Berlin (UTC+1 in March),
// "since 2pm" is 13:00 UTC.
func TestTriageCustomerZone(t *testing.T) {
	line := strings.Replace(contractLine, `"text"`, `"timezone":"Europe/Berlin","time_buffer_hours":2,"text"`, 1)
	var got struct {
		Window struct{ Start, End string }
	}
	mustDecode(t, runTriage(t, line)[0], &got)
	if got.Window.Start != "2026-03-10T13:00:00Z" || got.Window.End != "2026-03-10T15:20:00Z" {
		t.Fatalf("window %+v", got.Window)
	}
}

func TestTriageErrorLinesNameTheFieldAndGoOn(t *testing.T) {
	input := strings.Join([]string{
		`not json`,
		``,
		`[1,2]`,
		`{"id":"a","text":"no time"}`,
		`{"id":"b","created_at":"yesterday","text":"x"}`,
		`{"id":"c","created_at":"2026-03-10T15:20:00Z","timezone":"Mars/Olympus","text":"x"}`,
		`{"id":"d","created_at":"2026-03-10T15:20:00Z","time_buffer_hours":25,"text":"x"}`,
		`{"id":"e","created_at":"2026-03-10T15:20:00Z","time_buffer_hours":0,"text":"x"}`,
		`{"id":"f","created_at":"2026-03-10T15:20:00Z","time_buffer_hours":1.5,"text":"x"}`,
		`{"id":"g","created_at":"2026-03-10T15:20:00Z","text":42}`,
		`{"id":"h","created_at":"2026-03-10T15:20:00Z","services":"checkout","text":"x"}`,
		contractLine,
	}, "\n")
	want := []struct{ id, errPart string }{
		{"null", "invalid JSON"},
		{"null", "empty line"},
		{"null", "JSON object"},
		{`"a"`, "created_at: is required"},
		{`"b"`, "created_at: must be an RFC 3339 time"},
		{`"c"`, `timezone: unknown time zone "Mars/Olympus"`},
		{`"d"`, "time_buffer_hours: must be between 1 and 24 (got 25)"},
		{`"e"`, "time_buffer_hours: must be between 1 and 24 (got 0)"},
		{`"f"`, "time_buffer_hours: must be a whole number"},
		{`"g"`, "text: must be a JSON string"},
		{`"h"`, "services: must be an array"},
	}
	got := runTriage(t, input)
	if len(got) != len(want)+1 {
		t.Fatalf("%d output lines for %d input lines:\n%s", len(got), len(want)+1, strings.Join(got, "\n"))
	}
	for i, w := range want {
		var line struct {
			ID    json.RawMessage
			Error string
		}
		mustDecode(t, got[i], &line)
		if string(line.ID) != w.id || !strings.Contains(line.Error, w.errPart) {
			t.Errorf("line %d: %s, want id %s and an error containing %q", i+1, got[i], w.id, w.errPart)
		}
	}
	if !strings.Contains(got[len(want)], `"severity":"high"`) {
		t.Errorf("the line after the errors was not triaged: %s", got[len(want)])
	}
}

func TestTriageInputDetails(t *testing.T) {
	input := `{"id":1,"created_at":"2026-03-10T15:20:00Z","text":"Search is slow","services":[{"name":"search"}],` +
		`"time_buffer_hours":6,"unknown":{"nested":[1,2]}}` + "\r\n" +
		`{"created_at":"2026-03-10T15:20:00.750+01:00","text":"thanks!"}`
	got := runTriage(t, input)
	want := []string{
		`{"id":1,"severity":"medium","confidence":0.62,"affected_service":"search",` +
			`"window":{"start":"2026-03-10T09:20:00Z","end":"2026-03-10T15:20:00Z"},"evidence":["slow"]}`,
		`{"id":null,"severity":"low","confidence":0.55,"affected_service":null,` +
			`"window":{"start":"2026-03-10T12:20:00Z","end":"2026-03-10T14:20:00Z"},"evidence":["thanks"]}`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestTriageKeepsOrderAcrossWorkers sends more lines than one batch to
// several workers, with catalogs that differ, and checks every answer is on
// its own line in input order.
func TestTriageKeepsOrderAcrossWorkers(t *testing.T) {
	const n = 3000
	input := generateConversations(n)
	for _, workers := range []string{"1", "4"} {
		got := runTriage(t, input, "--workers", workers)
		if len(got) != n {
			t.Fatalf("workers=%s: %d lines for %d", workers, len(got), n)
		}
		for i, line := range got {
			if !strings.HasPrefix(line, fmt.Sprintf(`{"id":"c%d",`, i)) {
				t.Fatalf("workers=%s: line %d is %s", workers, i, line)
			}
		}
	}
}

func TestTriageLongLine(t *testing.T) {
	text := strings.Repeat("lorem ipsum dolor sit amet ", 80_000) + "checkout is down for everyone"
	line := fmt.Sprintf(`{"id":"long","created_at":"2026-03-10T15:20:00Z","text":%q,"services":[{"name":"checkout"}]}`, text)
	got := runTriage(t, line+"\n"+contractLine+"\n")
	if len(got) != 2 || !strings.Contains(got[0], `"severity":"critical"`) || !strings.Contains(got[1], `"id":"c1"`) {
		t.Fatalf("got %d lines: %.300s", len(got), got)
	}
}

func TestTriageUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"triage", "extra"}, strings.NewReader(""), &out, &errOut); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	if code := run([]string{"triage", "--workers", "0"}, strings.NewReader(""), &out, &errOut); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	if code := run([]string{"triage"}, strings.NewReader(""), &out, &errOut); code != 0 || out.Len() != 0 {
		t.Fatalf("empty input: exit %d, output %q", code, out.String())
	}
}

// BenchmarkTriageCommand measures the command end to end (JSON in, JSON out,
// all cores) on 50,000 generated conversations and reports conversations/s.
func BenchmarkTriageCommand(b *testing.B) {
	const n = 50_000
	input := generateConversations(n)
	b.SetBytes(int64(len(input)))
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		var out bytes.Buffer
		if code := run([]string{"triage"}, strings.NewReader(input), &out, &out); code != 0 {
			b.Fatal(out.String())
		}
	}
	b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "conversations/s")
}

// generateConversations writes n varied conversation lines: five catalogs,
// time zones, buffers and a mix of severities and time phrases.
func generateConversations(n int) string {
	texts := []string{
		"Checkout fails with error 500 since 2pm, all our customers are affected",
		"How do I export my invoices as CSV? Not urgent.",
		"The dashboard has been slow for the last two hours",
		"Yesterday around 3 the payments page was down for everyone. Please check ASAP!",
		"Thanks, it works again now.",
		"We were charged twice for our subscription this morning",
		"Login returns 403 for some users since 10:30 CET",
		"There's a typo on the pricing page",
		"No data was lost, but the sync failed twice today at 14:05",
		"Someone can see other customers' invoices — this is a data leak!",
	}
	catalogs := []string{
		`[{"name":"checkout","aliases":["payment","payments","cart"],"critical_path":true},{"name":"search"}]`,
		`[{"name":"dashboard","aliases":["reports"]},{"name":"billing","aliases":["invoices","subscription"]}]`,
		`[{"name":"auth","aliases":["login","sso"],"critical_path":true},{"name":"sync"}]`,
		`[{"name":"pricing page"},{"name":"exports","aliases":["csv export"]}]`,
		`[]`,
	}
	zones := []string{"", `"timezone":"Europe/Berlin",`, `"timezone":"America/New_York",`}
	var sb strings.Builder
	for i := range n {
		fmt.Fprintf(&sb, `{"id":"c%d","created_at":"2026-03-%02dT%02d:%02d:00Z",%s"time_buffer_hours":%d,"text":%q,"services":%s}`+"\n",
			i, 1+i%28, 8+i%12, i%60, zones[i%len(zones)], 1+i%6, texts[i%len(texts)], catalogs[i%len(catalogs)])
	}
	return sb.String()
}

func mustDecode(t testing.TB, line string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(line), v); err != nil {
		t.Fatalf("%v: %s", err, line)
	}
}
