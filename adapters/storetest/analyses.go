package storetest

import (
	"testing"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/binding"
)

var analysisTests = map[string]func(t *testing.T, s Stores){
	"RoundTrip":      testAnalysisRoundTrip,
	"NotFound":       testAnalysisNotFound,
	"UpdateProgress": testAnalysisUpdate,
	"ListFilters":    testAnalysisFilters,
	"ListPages":      testAnalysisPages,
}

func testAnalysisRoundTrip(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	b := createBinding(t, s, p.ID, binding.StatusActive, "w1")
	for _, a := range []*analysis.Analysis{
		newAnalysis(p.ID, b.ID, "c1", analysis.StatusComplete, core.SeverityHigh),
		newAnalysis(p.ID, b.ID, "c2", analysis.StatusPending, ""),
	} {
		must(t, s.CreateAnalysis(ctx, a), "create")
		got, err := s.GetAnalysis(ctx, a.ID)
		must(t, err, "get")
		equal(t, "analysis", got, a)
		equal(t, "result", got.Result, a.Result)
	}
	cli := newAnalysis(p.ID, "", "", analysis.StatusPending, "")
	cli.Conversation, cli.Trigger, cli.Service = nil, analysis.TriggerCLI, ""
	must(t, s.CreateAnalysis(ctx, cli), "create from the CLI")
	got, err := s.GetAnalysis(ctx, cli.ID)
	must(t, err, "get")
	equal(t, "CLI analysis", got, cli)
}

func testAnalysisNotFound(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	missing := newAnalysis(p.ID, "", "c1", analysis.StatusPending, "")
	_, err := s.GetAnalysis(ctx, missing.ID)
	wantCode(t, err, core.ErrNotFound, "get missing analysis")
	wantMessage(t, err, missing.ID)
	wantCode(t, s.UpdateAnalysis(ctx, missing), core.ErrNotFound, "update missing analysis")
	orphan := newAnalysis(core.NewID(core.PrefixProject), "", "c1", analysis.StatusPending, "")
	wantCode(t, s.CreateAnalysis(ctx, orphan), core.ErrNotFound, "create for a missing project")
}

func testAnalysisUpdate(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	a := newAnalysis(p.ID, "", "c1", analysis.StatusPending, "")
	must(t, s.CreateAnalysis(ctx, a), "create")

	a.Status, a.StartedAt = analysis.StatusProcessing, ptr(at(2))
	must(t, s.UpdateAnalysis(ctx, a), "start")
	got, err := s.GetAnalysis(ctx, a.ID)
	must(t, err, "get")
	equal(t, "processing analysis", got, a)

	a.Status, a.CompletedAt, a.Result = analysis.StatusPartial, ptr(at(4)), newResult(core.SeverityCritical)
	a.Error = "elastic: connection refused"
	must(t, s.UpdateAnalysis(ctx, a), "finish")
	got, err = s.GetAnalysis(ctx, a.ID)
	must(t, err, "get")
	equal(t, "finished analysis", got, a)

	found, _, err := s.ListAnalyses(ctx, analysis.Filter{Severity: core.SeverityCritical}, core.Page{})
	must(t, err, "list by the new severity")
	equal(t, "listed by severity", idsOf(found, analysisID), []string{a.ID})
	found, _, err = s.ListAnalyses(ctx, analysis.Filter{Status: analysis.StatusPending}, core.Page{})
	must(t, err, "list by the old status")
	if len(found) != 0 {
		t.Errorf("still listed as pending after finishing")
	}
}

func analysisID(a *analysis.Analysis) string { return a.ID }

func testAnalysisFilters(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	q := createProject(t, s, "other")
	b1 := createBinding(t, s, p.ID, binding.StatusActive, "w1")
	b2 := createBinding(t, s, p.ID, binding.StatusActive, "w2")
	create := func(projectID, bindingID, conv string, st analysis.Status, sev core.Severity) string {
		a := newAnalysis(projectID, bindingID, conv, st, sev)
		must(t, s.CreateAnalysis(ctx, a), "create")
		return a.ID
	}
	highDone := create(p.ID, b1.ID, "c1", analysis.StatusComplete, core.SeverityHigh)
	lowDone := create(p.ID, b1.ID, "c2", analysis.StatusComplete, core.SeverityLow)
	pending := create(p.ID, b2.ID, "c1", analysis.StatusPending, "")
	failed := create(p.ID, b2.ID, "c3", analysis.StatusFailed, core.SeverityHigh)
	otherProject := create(q.ID, "", "c9", analysis.StatusComplete, core.SeverityHigh)

	for _, c := range []struct {
		name   string
		filter analysis.Filter
		want   []string
	}{
		{"everything", analysis.Filter{}, []string{highDone, lowDone, pending, failed, otherProject}},
		{"project", analysis.Filter{ProjectID: p.ID}, []string{highDone, lowDone, pending, failed}},
		{"other project", analysis.Filter{ProjectID: q.ID}, []string{otherProject}},
		{"binding", analysis.Filter{BindingID: b2.ID}, []string{pending, failed}},
		{"conversation", analysis.Filter{BindingID: b1.ID, ConversationID: "c1"}, []string{highDone}},
		{"conversation across bindings", analysis.Filter{ConversationID: "c1"}, []string{highDone, pending}},
		{"status", analysis.Filter{Status: analysis.StatusComplete}, []string{highDone, lowDone, otherProject}},
		{"severity", analysis.Filter{Severity: core.SeverityHigh}, []string{highDone, failed, otherProject}},
		{"project and severity", analysis.Filter{ProjectID: p.ID, Severity: core.SeverityHigh}, []string{highDone, failed}},
		{"project, status and severity", analysis.Filter{ProjectID: p.ID, Status: analysis.StatusComplete,
			Severity: core.SeverityLow}, []string{lowDone}},
		{"no match", analysis.Filter{ProjectID: q.ID, Status: analysis.StatusPending}, nil},
	} {
		got, next, err := s.ListAnalyses(ctx, c.filter, core.Page{})
		must(t, err, "list "+c.name)
		equal(t, c.name, idsOf(got, analysisID), newestFirstOrEmpty(c.want))
		if next != "" {
			t.Errorf("%s: next cursor %q on the only page", c.name, next)
		}
	}
}

func newestFirstOrEmpty(ids []string) []string {
	if len(ids) == 0 {
		return []string{}
	}
	return newestFirst(ids)
}

func testAnalysisPages(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	q := createProject(t, s, "other")
	var mine []string
	for i := range 5 {
		a := newAnalysis(p.ID, "", "c", analysis.StatusPending, "")
		must(t, s.CreateAnalysis(ctx, a), "create")
		mine = append(mine, a.ID)
		if i%2 == 0 { // interleave rows the filter must skip
			must(t, s.CreateAnalysis(ctx, newAnalysis(q.ID, "", "c", analysis.StatusPending, "")), "create other")
		}
	}
	var got []string
	cursor := ""
	for range 4 {
		page, next, err := s.ListAnalyses(ctx, analysis.Filter{ProjectID: p.ID}, core.Page{Limit: 2, After: cursor})
		must(t, err, "list page")
		got = append(got, idsOf(page, analysisID)...)
		if next == "" {
			break
		}
		cursor = next
	}
	equal(t, "ids over pages of 2", got, newestFirst(mine))
}
