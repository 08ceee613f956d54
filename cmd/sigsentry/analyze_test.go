package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeIncidentLog writes two quiet hours of JSON logs and then, from
// 14:05, payment-api timeouts, with one line naming the customer.
func writeIncidentLog(t *testing.T) string {
	t.Helper()
	var b bytes.Buffer
	end := time.Date(2026, 3, 10, 15, 20, 0, 0, time.UTC)
	for ts := end.Add(-4 * time.Hour); ts.Before(end); ts = ts.Add(5 * time.Second) {
		fmt.Fprintf(&b, `{"time":%q,"level":"info","service":"checkout","msg":"order placed in %dms"}`+"\n", ts.Format(time.RFC3339), ts.Unix()%400)
		if ts.After(time.Date(2026, 3, 10, 14, 5, 0, 0, time.UTC)) && ts.Unix()%15 == 0 {
			fmt.Fprintf(&b, `{"time":%q,"level":"error","service":"payment-api","msg":"Timeout calling provider after %dms"}`+"\n", ts.Format(time.RFC3339), 5000+ts.Unix()%9)
		}
	}
	fmt.Fprintf(&b, `{"time":"2026-03-10T15:00:00Z","level":"error","service":"checkout","msg":"payment failed for jane@example.com"}`+"\n")
	path := filepath.Join(t.TempDir(), "app.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestAnalyzeCommand(t *testing.T) {
	path := writeIncidentLog(t)
	var out, errb bytes.Buffer
	code := run([]string{"analyze", "--source", "file:" + path, "--from", "2026-03-10T13:20:00Z",
		"--to", "2026-03-10T15:20:00Z", "--text", "Checkout fails for jane@example.com since 2pm", "--service", "checkout"},
		strings.NewReader(""), &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var a struct {
		Status string `json:"status"`
		Result struct {
			Summary     string `json:"summary"`
			LogsScanned int64  `json:"logs_scanned"`
			RootCause   struct {
				Service, Category string
			} `json:"root_cause"`
			Identifiers []struct {
				Value string
				Count int
			} `json:"identifiers"`
		} `json:"result"`
	}
	if err := json.Unmarshal(out.Bytes(), &a); err != nil {
		t.Fatalf("output is not the analysis JSON: %v\n%s", err, out.String())
	}
	if a.Status != "complete" || a.Result.RootCause.Service != "payment-api" || a.Result.RootCause.Category != "timeout" {
		t.Errorf("analysis: %s %+v", a.Status, a.Result.RootCause)
	}
	if a.Result.LogsScanned == 0 || len(a.Result.Identifiers) != 1 || a.Result.Identifiers[0].Count != 1 {
		t.Errorf("scanned %d identifiers %+v", a.Result.LogsScanned, a.Result.Identifiers)
	}
}

func TestAnalyzeCommandRefusesBadFlags(t *testing.T) {
	cases := map[string][]string{
		"--from":          {"analyze", "--source", "file:/x", "--from", "yesterday", "--to", "2026-03-10T15:20:00Z"},
		"must be after":   {"analyze", "--source", "file:/x", "--from", "2026-03-10T15:20:00Z", "--to", "2026-03-10T15:00:00Z"},
		"no file matches": {"analyze", "--source", "file:/nonexistent/*.log", "--from", "2026-03-10T14:00:00Z", "--to", "2026-03-10T15:00:00Z"},
		"want file:PATH":  {"analyze", "--source", "loki:x", "--from", "2026-03-10T14:00:00Z", "--to", "2026-03-10T15:00:00Z"},
		"at least one":    {"analyze", "--from", "2026-03-10T14:00:00Z", "--to", "2026-03-10T15:00:00Z"},
	}
	for want, args := range cases {
		var out, errb bytes.Buffer
		if code := run(args, strings.NewReader(""), &out, &errb); code != 2 || !strings.Contains(errb.String(), want) {
			t.Errorf("%v: exit %d, stderr %q, want it to say %q", args, code, errb.String(), want)
		}
	}
}
