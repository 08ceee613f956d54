package dashboard_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sigsentry/hub/adapters/dashboard"
	"github.com/sigsentry/hub/adapters/dashboard/browsertest"
	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/pipeline"
	"github.com/sigsentry/hub/core/project"
)

// TestDashboardScreenshots opens every main page in headless Chromium over
// realistic data and takes a picture of each: a check that every page
// renders in a real browser, and the README's screenshots. With
// SIGSENTRY_SCREENSHOTS=docs/ (relative to the repository root) the PNGs go
// to docs/screenshots/; otherwise into the test's artifact directory.
func TestDashboardScreenshots(t *testing.T) {
	s := newSite(t, func(d *dashboard.Deps) { d.Sampler = dashboard.SamplerFunc(sampleLines) })
	ids := seedShowcase(t, s)
	dir := screenshotDir(t)
	b := browsertest.Start(t, 60*time.Second)
	base := s.srv.URL

	shoot := func(name, path string, wait string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		all := append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(base + path)}, steps...)
		all = append(all, chromedp.WaitVisible(chromedp.CSS(wait)))
		b.Do("open "+path, all...)
		b.Screenshot(filepath.Join(dir, name+".png"))
		if problems := b.AccessibilityProblems(); len(problems) > 0 {
			t.Errorf("%s: accessibility problems: %q", path, problems)
		}
	}
	shoot("login", "/login", "#f-token")
	if got := b.FirstTabStop(); got != "Skip to content" {
		t.Errorf("the first Tab stop is %q, want the skip link", got)
	}
	b.Do("log in", chromedp.SendKeys(chromedp.ID("f-token"), adminToken), chromedp.Submit(chromedp.ID("f-token")),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/projects/new"]`)))
	shoot("projects", "/projects", "table.list")
	shoot("project", "/projects/"+ids.project, "#sources-h")
	shoot("log-source-test", "/projects/"+ids.project+"/log-sources/"+ids.source, ".test-result",
		chromedp.WaitVisible(chromedp.CSS(`button[type="submit"].secondary`)),
		chromedp.Click(chromedp.CSS(`form[action$="/test"] button`)))
	shoot("support-desk", "/projects/"+ids.project+"/support-desk", "#connect-h")
	shoot("binding", "/bindings/"+ids.binding, "#reply-preview")
	shoot("binding-validation", "/bindings/"+ids.binding, "#f-public_reply_template-error",
		chromedp.WaitVisible(chromedp.ID("f-public_reply_template")),
		chromedp.Clear(chromedp.ID("f-public_reply_template")),
		chromedp.SendKeys(chromedp.ID("f-public_reply_template"), "Hi {{.Customer}}, we are on it."),
		chromedp.Click(chromedp.CSS(`button[value="preview"]`)))
	shoot("disconnect", "/bindings/"+ids.binding+"/disconnect", "#confirm-disconnect")
	shoot("analyses", "/projects/"+ids.project+"/analyses", "table.list")
	shoot("analysis", "/analyses/"+ids.analysis, "figure.chart svg")
	shoot("analysis-running", "/analyses/"+ids.running, ".running")
	for _, name := range []string{"login", "project", "binding", "analysis"} {
		if st, err := os.Stat(filepath.Join(dir, name+".png")); err != nil || st.Size() < 10_000 {
			t.Errorf("screenshot %s missing or blank: %v", name, err)
		}
	}
}

// screenshotDir is $SIGSENTRY_SCREENSHOTS/screenshots (relative paths from
// the repository root), or the test's artifact directory.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("SIGSENTRY_SCREENSHOTS")
	if dir == "" {
		return t.ArtifactDir()
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join("..", "..", dir) // this package is adapters/dashboard
	}
	dir = filepath.Join(dir, "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

type showcase struct{ project, source, binding, analysis, running string }

// seedShowcase fills the store the way a few weeks of use would.
func seedShowcase(t *testing.T, s *site) showcase {
	ctx := context.Background()
	s.login() // the test's own client connects the binding through the dashboard
	s.project("Billing portal")
	p := s.project("Shop",
		project.Service{Name: "checkout", Aliases: []string{"payment", "cart"}, CriticalPath: true},
		project.Service{Name: "payments-gw", Aliases: []string{"gateway"}, CriticalPath: true},
		project.Service{Name: "search", Aliases: []string{"catalog"}},
		project.Service{Name: "accounts", Aliases: []string{"login", "sign in"}})
	ctxText := "Web shop for EU customers. checkout calls payments-gw, which calls the payment provider (Adyen). search reads the product catalog."
	if _, err := s.projects.Update(ctx, p.ID, project.Patch{Context: &ctxText}); err != nil {
		t.Fatal(err)
	}
	src := mustSource(t, s, p.ID, project.LogSource{Name: "app logs", Type: "file",
		Config: map[string]any{"path": "/var/log/shop/*.jsonl", "format": "json"}})
	mustSource(t, s, p.ID, project.LogSource{Name: "production Loki", Type: "loki",
		Config: map[string]any{"url": "https://loki.internal:3100", "query": `{app="shop"}`}, Credentials: map[string]string{"bearer_token": "x"}})
	es := mustSource(t, s, p.ID, project.LogSource{Name: "legacy Elasticsearch", Type: "elastic",
		Config: map[string]any{"url": "https://es.internal:9200", "index": "shop-*"}, Credentials: map[string]string{"api_key": "x"}})
	off := false
	if _, err := s.projects.UpdateLogSource(ctx, p.ID, es.ID, project.SourcePatch{Active: &off}); err != nil {
		t.Fatal(err)
	}

	now := time.Now().UTC().Truncate(time.Minute)
	bnd := s.connected(p.ID)
	webhook, posted, failed := now.Add(-2*time.Minute), now.Add(-2*time.Minute), now.Add(-3*time.Hour)
	_ = s.store.RecordActivity(ctx, bnd.ID, binding.Activity{LastWebhookAt: &webhook, LastPostedAt: &posted,
		LastError: "post note: Intercom answered 429 (rate limited); retried", LastErrorAt: &failed})
	old, _, _ := s.bindings.Install(ctx, p.ID, "intercom")
	old.Status, old.WorkspaceID, old.StatusReason = binding.StatusNeedsReinstall, "ws_eu_7", "Intercom answered 401 to a note"
	_ = s.store.UpdateBinding(ctx, old)
	s.dead.jobs = []pipeline.DeadJob{{Job: pipeline.Job{ID: "job_01hx9f2m7", Kind: pipeline.KindEvent, Attempt: 8,
		EnqueuedAt: failed.Add(-time.Hour), Payload: []byte(`{"binding_id":"` + bnd.ID + `"}`)},
		Reason: "post note: Intercom answered 503 eight times", DiedAt: failed}}

	w := core.Window{Start: now.Add(-2 * time.Hour), End: now}
	// Oldest first: ids sort by creation, and listings are newest first.
	storeAnalysis(t, s, p.ID, bnd.ID, analysis.StatusComplete, shift(w, -50*time.Hour), sampleResult(shift(w, -50*time.Hour), core.SeverityMedium))
	storeAnalysis(t, s, p.ID, bnd.ID, analysis.StatusFailed, shift(w, -26*time.Hour), nil)
	complete := storeAnalysis(t, s, p.ID, bnd.ID, analysis.StatusComplete, w, sampleResult(w, core.SeverityHigh))
	running := storeAnalysis(t, s, p.ID, bnd.ID, analysis.StatusProcessing, shift(w, time.Minute), nil)
	return showcase{project: p.ID, source: src.ID, binding: bnd.ID, analysis: complete.ID, running: running.ID}
}

func mustSource(t *testing.T, s *site, projectID string, src project.LogSource) *project.LogSource {
	t.Helper()
	out, err := s.projects.CreateLogSource(context.Background(), projectID, src)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func storeAnalysis(t *testing.T, s *site, projectID, bindingID string, st analysis.Status, w core.Window, r *analysis.Result) *analysis.Analysis {
	t.Helper()
	a := &analysis.Analysis{ID: core.NewID(core.PrefixAnalysis), ProjectID: projectID, BindingID: bindingID,
		Trigger: analysis.TriggerAuto, Status: st, Service: "checkout", Window: w, CreatedAt: w.End, Result: r,
		Conversation: &analysis.Conversation{Platform: "intercom", WorkspaceID: "ws_42", ConversationID: "215469612",
			Excerpt: "Hi, checkout fails with \"payment could not be processed\" since about 2pm. Order A-1042, we tried three cards. This is costing us sales!"}}
	if st == analysis.StatusFailed {
		a.Error = "every log source failed: app logs: no file matches /var/log/shop/*.jsonl"
	}
	if err := s.store.CreateAnalysis(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

// sampleLines stands in for the log reader's connection test.
func sampleLines(_ context.Context, _ *project.LogSource, n int) ([]dashboard.SampleLine, error) {
	now := time.Now().UTC().Truncate(time.Second)
	lines := []dashboard.SampleLine{
		{Time: now.Add(-40 * time.Second), Level: "info", Service: "checkout", Message: "order A-1042 created, 3 items"},
		{Time: now.Add(-31 * time.Second), Level: "error", Service: "payments-gw", Message: "payment timeout after 3000ms (provider adyen)"},
		{Time: now.Add(-30 * time.Second), Level: "error", Service: "checkout", Message: "payment could not be processed: upstream timeout"},
		{Message: `checkout worker restarted`, Problem: "no time field (looked for time, ts, timestamp, @timestamp); set config.time_field"},
		{Time: now.Add(-12 * time.Second), Level: "warn", Service: "search", Message: "slow query 1840ms on catalog"},
	}
	return lines[:min(n, len(lines))], nil
}

func shift(w core.Window, d time.Duration) core.Window {
	return core.Window{Start: w.Start.Add(d), End: w.End.Add(d)}
}
