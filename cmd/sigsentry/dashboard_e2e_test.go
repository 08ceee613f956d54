package main

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sigsentry/hub/adapters/dashboard/browsertest"
	"github.com/sigsentry/hub/plugins/intercom/intercomsim"
)

// browserLimit bounds the browser part of the test: a page that never
// comes fails the test instead of hanging the suite.
const browserLimit = 60 * time.Second

// TestDashboardInBrowser walks the guide in headless Chromium against the
// real hub, the real Intercom plugin and the simulator: log in, create a
// project, add a file log source and test it, connect Intercom, configure,
// open an analysis, disconnect.
func TestDashboardInBrowser(t *testing.T) {
	w := startIntercomWorld(t)
	logFile := filepath.Join(t.TempDir(), "app.jsonl")
	now := time.Now().UTC()
	var lines strings.Builder
	for i := 0; i < 40; i++ {
		at := now.Add(-time.Duration(40-i) * time.Minute).Format(time.RFC3339)
		fmt.Fprintf(&lines, `{"time":%q,"level":"error","service":"checkout","msg":"payment timeout after 3000ms order A-%d"}`+"\n", at, i)
	}
	if err := os.WriteFile(logFile, []byte(lines.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	b := browsertest.Start(t, browserLimit)
	base := w.hub.base

	// Log in: the dashboard sends a stranger to the login page first.
	b.Do("open the dashboard", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.ID("f-token")))
	b.Do("log in", chromedp.SendKeys(chromedp.ID("f-token"), e2eToken),
		chromedp.Submit(chromedp.ID("f-token")), chromedp.WaitVisible(chromedp.CSS(`a[href="/projects/new"]`)))

	// Create a project with a service catalog and context.
	b.Do("create a project", chromedp.Click(chromedp.CSS(`a[href="/projects/new"]`)),
		chromedp.WaitVisible(chromedp.ID("f-name")),
		chromedp.SendKeys(chromedp.ID("f-name"), "Shop"),
		chromedp.SendKeys(chromedp.ID("f-services-0-name"), "checkout"),
		chromedp.SendKeys(chromedp.ID("f-services-0-aliases"), "payment, cart"),
		chromedp.Click(chromedp.ID("f-services-0-critical_path")),
		chromedp.SendKeys(chromedp.ID("f-context"), "Web shop; checkout calls the payment provider."),
		chromedp.Click(chromedp.CSS(`button.primary[value="save"]`)),
		chromedp.WaitVisible(chromedp.CSS("p.notice")))
	if got := b.Text("h1"); got != "Shop" {
		t.Fatalf("project page heading %q", got)
	}
	projectURL := b.Location()

	// Add a file log source.
	b.Do("add a file log source", chromedp.Click(chromedp.CSS(`a[href$="/log-sources/new?type=file"]`)),
		chromedp.WaitVisible(chromedp.ID("f-config-path")),
		chromedp.SendKeys(chromedp.ID("f-name"), "app"),
		chromedp.SendKeys(chromedp.ID("f-config-path"), logFile),
		chromedp.Click(chromedp.CSS(`button.primary`)),
		chromedp.WaitVisible(chromedp.CSS("p.notice")))
	if got := b.Text("p.notice"); got != "Log source added." {
		t.Errorf("after adding the source: %q", got)
	}
	if !strings.Contains(b.Text("#sources-h + table"), logFile) {
		t.Error("the project page does not list the log source")
	}
	b.Do("test the connection", chromedp.Click(chromedp.CSS(`a[href*="/log-sources/lsrc_"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/test"] button`)),
		chromedp.Click(chromedp.CSS(`form[action$="/test"] button`)),
		chromedp.WaitVisible(chromedp.CSS(".test-result")))
	if got := b.Text(".test-result"); !strings.Contains(got, "Connected.") || !strings.Contains(got, "payment timeout after 3000ms order A-39") {
		t.Errorf("connection test of the file source: %s", got)
	}

	// Support Desk → Connect platform → Intercom: approve in the simulator's
	// authorize page, come back through the OAuth callback to the binding.
	b.Do("connect Intercom", chromedp.Click(chromedp.CSS(`nav.tabs a[href$="/support-desk"]`)),
		chromedp.WaitVisible(chromedp.ID("connect-intercom")),
		chromedp.Click(chromedp.ID("connect-intercom")),
		chromedp.WaitVisible(chromedp.ID("authorize")),
		chromedp.Click(chromedp.ID("authorize")),
		chromedp.WaitVisible(chromedp.CSS(`a[href^="/bindings/"]`)),
		chromedp.Click(chromedp.CSS(`a[href^="/bindings/"]`)),
		chromedp.WaitVisible(chromedp.ID("configure-h")))
	bindingURL := b.Location()
	if got := b.Text(".status-line .badge"); !strings.EqualFold(got, "active") {
		t.Fatalf("binding status after install: %q", got)
	}

	// Configure: preview the reply template, then save.
	b.Do("preview the reply", chromedp.Click(chromedp.ID("f-posting_mode-both")),
		chromedp.Clear(chromedp.ID("f-time_buffer_hours")),
		chromedp.SendKeys(chromedp.ID("f-time_buffer_hours"), "4"),
		chromedp.Clear(chromedp.ID("f-public_reply_template")),
		chromedp.SendKeys(chromedp.ID("f-public_reply_template"), "{{.ProjectName}}: we are looking into {{.AffectedService}}."))
	b.Submit("preview the reply", chromedp.Click(chromedp.CSS(`button[value="preview"]`)), "#reply-preview")
	if got := b.Text("#reply-preview output"); got != "Shop: we are looking into checkout." {
		t.Errorf("preview %q", got)
	}
	b.Do("save the settings", chromedp.Click(chromedp.CSS(`button.primary[value="save"]`)),
		chromedp.WaitVisible(chromedp.CSS("p.notice")))
	if got := b.Text("p.notice"); got != "Settings saved." {
		t.Errorf("after saving: %q", got)
	}
	bindingID := bindingURL[strings.LastIndex(bindingURL, "/")+1:]
	if _, got := w.hub.do("GET", "/api/v1/bindings/"+bindingID, e2eToken, ""); got["config"].(map[string]any)["posting_mode"] != "both" ||
		got["config"].(map[string]any)["time_buffer_hours"] != 4.0 {
		t.Errorf("saved config: %v", got["config"])
	}

	// A customer writes in; triage reaches the threshold and an analysis
	// starts. Open it from the project's analyses, as an agent's link would.
	if _, err := w.sim.AddConversation(w.ws.ID, intercomsim.Message{
		Body: "Checkout fails with error 500 for all our customers since 20 minutes, we are losing sales!"}); err != nil {
		t.Fatal(err)
	}
	var analysisID string
	waitFor(t, "an analysis", 15*time.Second, func() bool {
		_, list := w.hub.do("GET", "/api/v1/analyses?binding_id="+bindingID, e2eToken, "")
		items, _ := list["items"].([]any)
		if len(items) == 0 {
			return false
		}
		analysisID, _ = items[0].(map[string]any)["id"].(string)
		return true
	})
	b.Do("open the analysis", chromedp.Navigate(projectURL+"/analyses"),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/analyses/`+analysisID+`"]`)),
		chromedp.Click(chromedp.CSS(`a[href="/analyses/`+analysisID+`"]`)),
		chromedp.WaitVisible(chromedp.ID("conv-h")))
	if u, _ := url.Parse(b.Location()); u.Path != "/analyses/"+analysisID {
		t.Errorf("analysis page at %s, want the analysis_url path /analyses/%s", u.Path, analysisID)
	}
	if got := b.Text("#conv-h + p + blockquote"); !strings.Contains(got, "Checkout fails with error 500") {
		t.Errorf("conversation on the analysis page: %q", got)
	}
	// Whatever the engine made of it, the page says so; a finished result
	// has its summary and the error chart.
	status := strings.ToLower(b.Text(".badges .badge"))
	t.Logf("analysis %s is %s", analysisID, status)
	if status == "complete" || status == "partial" {
		b.Do("read the result", chromedp.WaitVisible(chromedp.CSS("#summary-h")),
			chromedp.WaitVisible(chromedp.CSS(`figure.chart svg[role="img"]`)))
	}

	// Disconnect asks first and says what it does.
	b.Do("disconnect", chromedp.Navigate(bindingURL),
		chromedp.Click(chromedp.CSS(`a[href$="/disconnect"]`)),
		chromedp.WaitVisible(chromedp.ID("confirm-disconnect")))
	if got := b.Text("main"); !strings.Contains(got, "revokes SigSentry's access token") {
		t.Errorf("confirmation page does not say what disconnecting does: %s", got)
	}
	b.Do("confirm", chromedp.Click(chromedp.ID("confirm-disconnect")), chromedp.WaitVisible(chromedp.CSS("p.notice")))
	if got := b.Text(".status-line .badge"); !strings.EqualFold(got, "inactive") {
		t.Errorf("status after disconnect: %q", got)
	}
	if _, got := w.hub.do("GET", "/api/v1/bindings/"+bindingID, e2eToken, ""); got["status"] != "inactive" {
		t.Errorf("binding after disconnect: %v", got["status"])
	}
}
