package dashboard_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
)

// analysisOf stores an analysis of projectID in status st; a finished one
// gets a full result of severity sev.
func (s *site) analysisOf(projectID string, st analysis.Status, sev core.Severity) *analysis.Analysis {
	s.t.Helper()
	end := time.Date(2026, 3, 10, 15, 20, 0, 0, time.UTC)
	w := core.Window{Start: end.Add(-2 * time.Hour), End: end}
	a := &analysis.Analysis{ID: core.NewID(core.PrefixAnalysis), ProjectID: projectID, Trigger: analysis.TriggerAuto,
		Status: st, Service: "checkout", Window: w, CreatedAt: end,
		Conversation: &analysis.Conversation{Platform: "intercom", WorkspaceID: "ws_42", ConversationID: "c_1",
			Excerpt: "Checkout fails <script>alert(1)</script> since 2pm"}}
	if st == analysis.StatusFailed {
		a.Error = "no log source could be read: the analysis engine is not configured"
	}
	if st.Done() && st != analysis.StatusFailed {
		a.Result = sampleResult(w, sev)
	}
	if err := s.store.CreateAnalysis(context.Background(), a); err != nil {
		s.t.Fatal(err)
	}
	return a
}

func sampleResult(w core.Window, sev core.Severity) *analysis.Result {
	r := &analysis.Result{
		Summary: "Payment provider timeouts make checkout fail for most customers.", Severity: sev, Confidence: 0.87,
		RootCause: analysis.RootCause{Description: "The payment gateway times out calling the provider.",
			Service: "payments-gw", ErrorType: "TimeoutError", Category: "timeout"},
		AffectedServices: []analysis.AffectedService{
			{Name: "payments-gw", Role: analysis.RoleOrigin, ErrorCount: 380, FirstSeen: w.Start.Add(65 * time.Minute), LastSeen: w.End},
			{Name: "checkout", Role: analysis.RoleAffected, ErrorCount: 412, FirstSeen: w.Start.Add(66 * time.Minute), LastSeen: w.End},
		},
		Timeline:         []analysis.TimelineEvent{{At: w.Start.Add(65 * time.Minute), Service: "payments-gw", Event: "first timeout calling the provider"}},
		SuggestedActions: []analysis.Action{{Kind: analysis.ActionInvestigate, Description: "Check the payment provider's status page."}},
		LogsScanned:      120_000, TimeWindow: w, Baseline: w.Baseline(),
		Patterns: []analysis.PatternChange{{Template: "payment timeout after <NUM>ms", Service: "payments-gw", Level: "error",
			WindowCount: 380, BaselineCount: 2, PValue: 1e-12, Example: "payment timeout after 3000ms"}},
		Identifiers: []analysis.IdentifierMatch{{Kind: "order_id", Value: "A-1042", Count: 3, Evidence: []string{"order A-1042 payment failed"}}},
	}
	for i := 0; i < 30; i++ {
		b := analysis.Bucket{Start: w.Start.Add(time.Duration(i) * 4 * time.Minute), BaselineErrors: int64(i % 3)}
		if i >= 16 {
			b.Errors = int64(20 + i*3)
		}
		r.Series = append(r.Series, b)
	}
	return r
}

func TestAnalysisPageShowsTheWholeResult(t *testing.T) {
	s := newSite(t)
	s.login()
	p := s.project("Shop")
	a := s.analysisOf(p.ID, analysis.StatusComplete, core.SeverityHigh)
	page := s.get("/analyses/" + a.ID)
	if page.status != http.StatusOK {
		t.Fatalf("%d\n%s", page.status, page.body)
	}
	for _, want := range []string{
		"Payment provider timeouts make checkout fail", `<span class="badge sev-high">high</span>`, "87 %", "120,000",
		"The payment gateway times out", "<code>TimeoutError</code>",
		`<span class="role role-origin">origin</span>`, `<span class="role role-affected">affected</span>`,
		`<svg viewBox="0 0 760 280"`, `role="img" aria-labelledby="chart-title chart-desc"`,
		"payment timeout after &lt;NUM&gt;ms", "&lt; 0.001", "<code>A-1042</code>", "order A-1042 payment failed",
		"first timeout calling the provider", "Check the payment provider", "conversation <code>c_1</code>",
		"Checkout fails &lt;script&gt;alert(1)&lt;/script&gt; since 2pm",
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("analysis page lacks %q", want)
		}
	}
	if n := strings.Count(page.body, "<rect class="); n != 60 {
		t.Errorf("%d bars, want 2 per bucket (60)", n)
	}
	if strings.Contains(page.body, `http-equiv="refresh"`) {
		t.Error("a finished analysis must not reload")
	}
}

func TestRunningAnalysisReloadsAndFailedOneSaysWhy(t *testing.T) {
	s := newSite(t)
	s.login()
	p := s.project("Shop")
	for _, st := range []analysis.Status{analysis.StatusPending, analysis.StatusProcessing} {
		page := s.get("/analyses/" + s.analysisOf(p.ID, st, "").ID)
		if page.status != http.StatusOK || !strings.Contains(page.body, `<meta http-equiv="refresh" content="3">`) ||
			!strings.Contains(page.body, `aria-live="polite"`) {
			t.Errorf("%s analysis: %d, no reload", st, page.status)
		}
	}
	failed := s.get("/analyses/" + s.analysisOf(p.ID, analysis.StatusFailed, "").ID)
	if !strings.Contains(failed.body, "The analysis failed") || !strings.Contains(failed.body, "the analysis engine is not configured") ||
		strings.Contains(failed.body, `http-equiv="refresh"`) || !strings.Contains(failed.body, "since 2pm") {
		t.Errorf("failed analysis page:\n%s", failed.body)
	}
}

func TestAnalysisLinkAsksForALoginFirst(t *testing.T) {
	s := newSite(t)
	a := s.analysisOf(s.project("Shop").ID, analysis.StatusComplete, core.SeverityLow)
	p := s.get("/analyses/" + a.ID)
	if p.status != http.StatusSeeOther || p.location != "/login?next=%2Fanalyses%2F"+a.ID {
		t.Fatalf("logged out: %d %q", p.status, p.location)
	}
	if s.get("/analyses/ana_missing").status != http.StatusSeeOther {
		t.Error("missing analyses must not be told apart before login")
	}
}

func TestAnalysesListFilters(t *testing.T) {
	s := newSite(t)
	s.login()
	p := s.project("Shop")
	high := s.analysisOf(p.ID, analysis.StatusComplete, core.SeverityHigh)
	low := s.analysisOf(p.ID, analysis.StatusComplete, core.SeverityLow)
	failed := s.analysisOf(p.ID, analysis.StatusFailed, "")
	all := s.get("/projects/" + p.ID + "/analyses")
	for _, a := range []*analysis.Analysis{high, low, failed} {
		if !strings.Contains(all.body, "/analyses/"+a.ID) {
			t.Errorf("unfiltered list lacks %s", a.ID)
		}
	}
	bySev := s.get("/projects/" + p.ID + "/analyses?severity=high")
	if !strings.Contains(bySev.body, "/analyses/"+high.ID) || strings.Contains(bySev.body, "/analyses/"+low.ID) ||
		!strings.Contains(bySev.body, `<option value="high" selected>`) {
		t.Errorf("severity filter:\n%s", bySev.body)
	}
	byStatus := s.get("/projects/" + p.ID + "/analyses?status=failed")
	if !strings.Contains(byStatus.body, "/analyses/"+failed.ID) || strings.Contains(byStatus.body, "/analyses/"+high.ID) {
		t.Error("status filter")
	}
	bad := s.get("/projects/" + p.ID + "/analyses?status=exploded")
	if bad.status != http.StatusBadRequest || !strings.Contains(bad.body, "must be pending, processing") {
		t.Errorf("bad filter: %d", bad.status)
	}
}
