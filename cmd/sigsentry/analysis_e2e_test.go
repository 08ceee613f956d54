package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/plugins/intercom/intercomsim"
)

// writeLiveIncident writes logs that end now: two quiet hours, then
// payment-api timeouts for the last 40 minutes, and the customer's email.
func writeLiveIncident(t *testing.T, dir string) string {
	t.Helper()
	var b bytes.Buffer
	now := time.Now().UTC()
	i := 0
	for ts := now.Add(-4 * time.Hour); ts.Before(now); ts = ts.Add(5 * time.Second) {
		i++
		fmt.Fprintf(&b, `{"time":%q,"level":"info","service":"checkout","msg":"order placed in %dms"}`+"\n", ts.Format(time.RFC3339), ts.Unix()%400)
		if ts.After(now.Add(-40*time.Minute)) && i%2 == 0 {
			fmt.Fprintf(&b, `{"time":%q,"level":"error","service":"payment-api","msg":"Timeout calling provider after %dms"}`+"\n", ts.Format(time.RFC3339), 5000+ts.Unix()%9)
		}
	}
	fmt.Fprintf(&b, `{"time":%q,"level":"error","service":"checkout","msg":"payment failed for jane@example.com"}`+"\n", now.Add(-5*time.Minute).Format(time.RFC3339))
	path := filepath.Join(dir, "app.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestAutoAnalysisPostsItsLink: a high-severity conversation starts an
// analysis of the project's logs; its note links to the analysis, which
// the API serves complete.
func TestAutoAnalysisPostsItsLink(t *testing.T) {
	w := startIntercomWorld(t)
	projectID, _ := w.install(t)
	path := writeLiveIncident(t, t.TempDir())
	if code, b := w.hub.do("POST", "/api/v1/projects/"+projectID+"/log-sources", e2eToken,
		`{"name":"app","type":"file","config":{"path":"`+path+`","format":"json"}}`); code != 201 {
		t.Fatalf("log source: %d %v", code, b)
	}
	conv, err := w.sim.AddConversation(w.ws.ID, intercomsim.Message{
		Contact: intercomsim.Contact{Email: "jane@example.com"},
		Body:    "Checkout fails for all our customers with error 500 for the last 30 minutes! I'm jane@example.com",
	})
	if err != nil {
		t.Fatal(err)
	}
	var note string
	waitFor(t, "the analysis note", 30*time.Second, func() bool {
		for _, p := range w.sim.Parts(conv) {
			if strings.Contains(p.Body, "SigSentry analysis") {
				note = p.Body
				return true
			}
		}
		return false
	})
	i := strings.Index(note, "/analyses/ana_")
	if i < 0 {
		t.Fatalf("analysis note without its link: %s", note)
	}
	id := note[i+len("/analyses/") : i+len("/analyses/")+30]
	code, a := w.hub.do("GET", "/api/v1/analyses/"+id, e2eToken, "")
	if code != 200 || a["status"] != "complete" {
		t.Fatalf("analysis %s: %d %v", id, code, a)
	}
	res := a["result"].(map[string]any)
	rc := res["root_cause"].(map[string]any)
	if rc["service"] != "payment-api" || rc["category"] != "timeout" {
		t.Errorf("root cause %v\nresult %v\nwindow %v", rc, res["logs_scanned"], a["window"])
	}
	if !strings.Contains(fmt.Sprint(res["identifiers"]), "jane@example.com") {
		t.Errorf("identifiers %v", res["identifiers"])
	}
	// The attribute is set after the note is posted.
	waitFor(t, "the analysis_url attribute", 10*time.Second, func() bool {
		return strings.Contains(fmt.Sprint(w.sim.Attributes(conv)["sigsentry_analysis_url"]), id)
	})
}
