package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/plugins/intercom/intercomsim"
)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestInstallLinkWorksOnce: the OAuth state is single-use.
func TestInstallLinkWorksOnce(t *testing.T) {
	w := startIntercomWorld(t)
	code, p := w.hub.do("POST", "/api/v1/projects", e2eToken, `{"name":"Shop"}`)
	if code != 201 {
		t.Fatal(code, p)
	}
	_, b := w.hub.do("POST", "/api/v1/projects/"+p["id"].(string)+"/bindings", e2eToken, `{"platform":"intercom"}`)
	callback, err := w.sim.Authorize(b["authorize_url"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if status, body := get(t, callback); status != 200 || !strings.Contains(body, "Connected") {
		t.Fatalf("first use: %d %s", status, body)
	}
	status, body := get(t, callback)
	if status != 400 || !strings.Contains(body, "start the install again") {
		t.Errorf("second use of the same link: %d %s", status, body)
	}
	if status, _ := get(t, w.hub.base+"/oauth/intercom/callback?error=access_denied&state=x"); status != 400 {
		t.Errorf("refused install: %d", status)
	}
}

// TestRevokedTokenMarksNeedsReinstall: Intercom answering 401 turns the
// binding needs_reinstall, and the panel tells the agent.
func TestRevokedTokenMarksNeedsReinstall(t *testing.T) {
	w := startIntercomWorld(t)
	_, bindingID := w.install(t)
	w.sim.RevokeAll()
	conv, err := w.sim.AddConversation(w.ws.ID, intercomsim.Message{Body: "Login is broken for all users, error 500"})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "needs_reinstall", 15*time.Second, func() bool {
		_, b := w.hub.do("GET", "/api/v1/bindings/"+bindingID, e2eToken, "")
		return b["status"] == "needs_reinstall"
	})
	_, b := w.hub.do("GET", "/api/v1/bindings/"+bindingID, e2eToken, "")
	if !strings.Contains(b["hint"].(string), "Connect the platform again") {
		t.Errorf("hint for needs_reinstall: %v", b["hint"])
	}
	res, err := w.sim.CanvasInitialize(context.Background(), "", w.ws.ID, conv, w.ws.Admins[0].ID)
	if err != nil || len(res.Problems) > 0 {
		t.Fatalf("panel: %v %v", err, res.Problems)
	}
	if !strings.Contains(string(res.Body), "reinstall") {
		t.Errorf("panel does not tell the agent about the reinstall: %s", res.Body)
	}
	code, dead := w.hub.do("GET", "/api/v1/dead-jobs", e2eToken, "")
	if code != 200 || len(dead["items"].([]any)) == 0 {
		t.Errorf("the refused job should wait in the dead letters for a retry after reinstall: %d %v", code, dead)
	}
}

// TestPublicModeRepliesWithTheTemplate: customers read the template, never
// raw triage.
func TestPublicModeRepliesWithTheTemplate(t *testing.T) {
	w := startIntercomWorld(t)
	_, bindingID := w.install(t)
	code, b := w.hub.do("PATCH", "/api/v1/bindings/"+bindingID, e2eToken,
		`{"config":{"posting_mode":"public","auto_analyze_threshold":"disabled","public_reply_template":"Thanks! We are on it ({{.AffectedService}})."}}`)
	if code != 200 {
		t.Fatalf("configure: %d %v", code, b)
	}
	conv, err := w.sim.AddConversation(w.ws.ID, intercomsim.Message{Body: "Search returns an error 500 since this morning"})
	if err != nil {
		t.Fatal(err)
	}
	var reply intercomsim.Part
	waitFor(t, "the public reply", 15*time.Second, func() bool {
		for _, p := range w.sim.Parts(conv) {
			if p.PartType == "comment" && p.AuthorType == "admin" {
				reply = p
				return true
			}
		}
		return false
	})
	if !strings.Contains(reply.Body, "We are on it (search)") {
		t.Errorf("public reply: %s", reply.Body)
	}
	for _, p := range w.sim.Parts(conv) {
		if p.PartType == "note" || strings.Contains(p.Body, "triage") {
			t.Errorf("public mode posted %s: %s", p.PartType, p.Body)
		}
	}
}

// TestPanelRunAnalysisAndUninstall: the button queues an analysis and
// answers with the updated panel; Intercom's uninstall notification makes
// the binding inactive and the panel says so.
func TestPanelRunAnalysisAndUninstall(t *testing.T) {
	w := startIntercomWorld(t)
	_, bindingID := w.install(t)
	conv, err := w.sim.AddConversation(w.ws.ID, intercomsim.Message{Body: "How do I export my invoices?"})
	if err != nil {
		t.Fatal(err)
	}
	first, err := w.sim.CanvasInitialize(context.Background(), "", w.ws.ID, conv, w.ws.Admins[0].ID)
	if err != nil || len(first.Problems) > 0 || first.Response.Canvas.Component("run_analysis") == nil {
		t.Fatalf("panel without the Run analysis button: %v %v %s", err, first.Problems, first.Body)
	}
	res, err := w.sim.CanvasSubmit(context.Background(), "", intercomsim.CanvasSubmission{
		WorkspaceID: w.ws.ID, ConversationID: conv, AdminID: w.ws.Admins[0].ID,
		ComponentID: "run_analysis", Current: first.Response.Canvas})
	if err != nil || len(res.Problems) > 0 {
		t.Fatalf("submit: %v %v", err, res.Problems)
	}
	if !strings.Contains(string(res.Body), "Analysis queued") {
		t.Errorf("updated panel does not confirm the analysis: %s", res.Body)
	}
	code, list := w.hub.do("GET", "/api/v1/analyses?binding_id="+bindingID, e2eToken, "")
	if code != 200 || len(list["items"].([]any)) == 0 {
		t.Fatalf("no analysis recorded: %d %v", code, list)
	}

	status, err := w.sim.Uninstall(context.Background(), "", w.ws.ID)
	if err != nil || status != 200 {
		t.Fatalf("uninstall notification: %d %v", status, err)
	}
	_, b := w.hub.do("GET", "/api/v1/bindings/"+bindingID, e2eToken, "")
	if b["status"] != "inactive" {
		t.Errorf("binding after uninstall: %v", b["status"])
	}
	after, err := w.sim.CanvasInitialize(context.Background(), "", w.ws.ID, conv, w.ws.Admins[0].ID)
	if err != nil || len(after.Problems) > 0 || !strings.Contains(string(after.Body), "not connected") {
		t.Errorf("panel after uninstall: %v %v %s", err, after.Problems, after.Body)
	}
}

// TestNewNoteOnlyWhenSeverityRises: every customer reply re-triages the
// conversation; a note is posted only when severity goes up.
func TestNewNoteOnlyWhenSeverityRises(t *testing.T) {
	w := startIntercomWorld(t)
	w.install(t)
	conv, err := w.sim.AddConversation(w.ws.ID, intercomsim.Message{Body: "How do I change the logo on my invoices?"})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the first triage note", 15*time.Second, func() bool { return len(notes(w.sim.Parts(conv))) == 1 })
	if first := notes(w.sim.Parts(conv))[0]; !strings.Contains(first.Body, "LOW") {
		t.Errorf("a how-to question should be low: %s", first.Body)
	}
	if _, err := w.sim.ContactReply(conv, "Forget it — now checkout is down for all our customers, every payment fails with error 500!"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the raised triage note", 15*time.Second, func() bool { return len(notes(w.sim.Parts(conv))) == 2 })
	raised := notes(w.sim.Parts(conv))[1]
	if !strings.Contains(raised.Body, "CRITICAL") && !strings.Contains(raised.Body, "HIGH") {
		t.Errorf("raised note: %s", raised.Body)
	}
	if _, err := w.sim.ContactReply(conv, "Thanks for looking."); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond)
	if n := len(notes(w.sim.Parts(conv))); n != 2 {
		t.Errorf("%d triage notes after a reply that does not raise severity, want 2", n)
	}
}
