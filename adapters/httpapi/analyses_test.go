package httpapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
)

// seedAnalysis stores an analysis as the engine would.
func (h *hub) seedAnalysis(projectID string, status analysis.Status, severity core.Severity) string {
	h.t.Helper()
	// Ids order by millisecond only; within one the order is random, and
	// this test asserts newest-first.
	time.Sleep(2 * time.Millisecond)
	now := time.Now().UTC().Truncate(time.Second)
	window := core.Window{Start: now.Add(-2 * time.Hour), End: now}
	a := &analysis.Analysis{
		ID:        core.NewID(core.PrefixAnalysis),
		ProjectID: projectID,
		Conversation: &analysis.Conversation{
			Platform: "intercom", WorkspaceID: "ws_1", ConversationID: "c1", Excerpt: "Checkout fails",
		},
		Trigger:   analysis.TriggerManual,
		Status:    status,
		Window:    window,
		CreatedAt: now,
	}
	if status.Done() {
		a.StartedAt, a.CompletedAt = &now, &now
		a.Result = &analysis.Result{
			Summary: "Payment provider timeouts.", Severity: severity, Confidence: 0.8,
			RootCause:   analysis.RootCause{Description: "Timeouts", Service: "checkout", Category: "timeout"},
			TimeWindow:  window,
			Baseline:    window.Baseline(),
			LogsScanned: 1200,
			Timeline:    []analysis.TimelineEvent{{At: now, Service: "checkout", Event: "first timeout"}},
		}
	}
	if err := h.store.CreateAnalysis(context.Background(), a); err != nil {
		h.t.Fatalf("seed analysis: %v", err)
	}
	return a.ID
}

func TestAnalysisGet(t *testing.T) {
	h := newHub(t)
	pid := h.createProject("Shop")
	id := h.seedAnalysis(pid, analysis.StatusComplete, core.SeverityHigh)

	r := h.do("GET", "/api/v1/analyses/"+id, nil).want(t, http.StatusOK)
	result, _ := r.json["result"].(map[string]any)
	if r.str("id") != id || r.str("project_id") != pid || r.str("status") != "complete" ||
		result["severity"] != "high" || result["logs_scanned"] != float64(1200) {
		t.Fatalf("analysis: %s", r.raw)
	}
	h.do("GET", "/api/v1/analyses/ana_00000000000000000000000000", nil).wantError(t, http.StatusNotFound, "not_found", "")
}

func TestAnalysisListFiltersAndPages(t *testing.T) {
	h := newHub(t)
	shop, other := h.createProject("Shop"), h.createProject("Other")
	high := h.seedAnalysis(shop, analysis.StatusComplete, core.SeverityHigh)
	h.seedAnalysis(shop, analysis.StatusComplete, core.SeverityLow)
	pending := h.seedAnalysis(shop, analysis.StatusPending, "")
	h.seedAnalysis(other, analysis.StatusFailed, core.SeverityCritical)

	ids := func(r reply) []string {
		var out []string
		for _, it := range r.items() {
			out = append(out, it.(map[string]any)["id"].(string))
		}
		return out
	}
	if got := ids(h.do("GET", "/api/v1/analyses", nil).want(t, http.StatusOK)); len(got) != 4 {
		t.Fatalf("all analyses: %v", got)
	}
	if got := ids(h.do("GET", "/api/v1/analyses?project_id="+shop, nil).want(t, http.StatusOK)); len(got) != 3 || got[0] != pending {
		t.Fatalf("shop's analyses, newest first: %v", got)
	}
	if got := ids(h.do("GET", "/api/v1/analyses?project_id="+shop+"&severity=high", nil).want(t, http.StatusOK)); len(got) != 1 || got[0] != high {
		t.Fatalf("severity filter: %v", got)
	}
	if got := ids(h.do("GET", "/api/v1/analyses?status=pending", nil).want(t, http.StatusOK)); len(got) != 1 || got[0] != pending {
		t.Fatalf("status filter: %v", got)
	}
	if got := ids(h.do("GET", "/api/v1/analyses?binding_id=bnd_none", nil).want(t, http.StatusOK)); len(got) != 0 {
		t.Fatalf("binding filter: %v", got)
	}

	first := h.do("GET", "/api/v1/analyses?project_id="+shop+"&limit=2", nil).want(t, http.StatusOK)
	cursor := first.str("next_cursor")
	if len(first.items()) != 2 || cursor == "" {
		t.Fatalf("first page: %s", first.raw)
	}
	second := h.do("GET", "/api/v1/analyses?project_id="+shop+"&limit=2&after="+cursor, nil).want(t, http.StatusOK)
	if got := ids(second); len(got) != 1 || got[0] != high || second.str("next_cursor") != "" {
		t.Fatalf("second page: %s", second.raw)
	}

	h.do("GET", "/api/v1/analyses?status=done", nil).wantError(t, http.StatusBadRequest, "invalid", "status")
	h.do("GET", "/api/v1/analyses?severity=urgent", nil).wantError(t, http.StatusBadRequest, "invalid", "severity")
	h.do("GET", "/api/v1/analyses?projectid="+shop, nil).wantError(t, http.StatusBadRequest, "invalid", "projectid")
	h.do("GET", "/api/v1/analyses?limit=-1", nil).wantError(t, http.StatusBadRequest, "invalid", "limit")
}
