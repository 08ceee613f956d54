package storetest

import (
	"testing"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/project"
)

// Fixtures create valid rows with every field filled, so that a round trip
// proves each column is written and read back.

func createProject(t *testing.T, s Stores, slug string) *project.Project {
	t.Helper()
	p := &project.Project{
		ID:   core.NewID(core.PrefixProject),
		Name: "Project " + slug,
		Slug: slug,
		Services: []project.Service{
			{Name: "checkout", Aliases: []string{"payment", "pay"}, CriticalPath: true},
			{Name: "search", Aliases: []string{}},
		},
		Context:   "Shop for " + slug + ".",
		CreatedAt: base,
		UpdatedAt: base,
	}
	must(t, s.CreateProject(t.Context(), p), "create project")
	return p
}

func newLogSource(projectID string) *project.LogSource {
	return &project.LogSource{
		ID:        core.NewID(core.PrefixLogSource),
		ProjectID: projectID,
		Name:      "Production Loki",
		Type:      project.SourceLoki,
		Config: map[string]any{
			"url": "https://loki.example.com", "query": `{app="shop"}`,
			"tls": map[string]any{"insecure": false}, "limit": 5000.0,
		},
		Credentials: map[string]string{"password": "plaintext-password-for-tests", "api_key": "key-123"},
		Active:      true,
		CreatedAt:   base,
		UpdatedAt:   at(1),
	}
}

func createLogSource(t *testing.T, s Stores, projectID string) *project.LogSource {
	t.Helper()
	src := newLogSource(projectID)
	must(t, s.CreateLogSource(t.Context(), src), "create log source")
	return src
}

// newBinding is a binding of platform "intercom" in the given status; a
// connected one has a workspace, desk facts and a token.
func newBinding(projectID string, status binding.Status, workspaceID string) *binding.Binding {
	b := binding.NewPending(projectID, "intercom", base)
	b.Status = status
	b.WorkspaceID = workspaceID
	if status != binding.StatusPending {
		b.Desk = map[string]string{"region": "eu", "admin_id": "991"}
		b.Token = &binding.Token{AccessToken: "plaintext-access-token-" + b.ID, TokenType: "Bearer",
			RefreshToken: "refresh-" + b.ID, Expiry: at(60)}
	}
	return b
}

func createBinding(t *testing.T, s Stores, projectID string, status binding.Status, workspaceID string) *binding.Binding {
	t.Helper()
	b := newBinding(projectID, status, workspaceID)
	must(t, s.CreateBinding(t.Context(), b), "create binding")
	return b
}

// newAnalysis is an analysis of a conversation; a done one has a result of
// the given severity.
func newAnalysis(projectID, bindingID, conversationID string, status analysis.Status, sev core.Severity) *analysis.Analysis {
	a := &analysis.Analysis{
		ID:        core.NewID(core.PrefixAnalysis),
		ProjectID: projectID,
		BindingID: bindingID,
		Conversation: &analysis.Conversation{Platform: "intercom", WorkspaceID: "w1",
			ConversationID: conversationID, Excerpt: "Checkout fails with error 502 since 2pm"},
		Trigger:   analysis.TriggerAuto,
		Status:    status,
		Service:   "checkout",
		Window:    core.Window{Start: at(-120), End: at(0)},
		CreatedAt: at(1),
	}
	if status != analysis.StatusPending {
		a.StartedAt = ptr(at(2))
	}
	if status.Done() {
		a.CompletedAt = ptr(at(3))
		a.Result = newResult(sev)
	}
	return a
}

func newResult(sev core.Severity) *analysis.Result {
	return &analysis.Result{
		Summary:    "Payment provider timeouts since 14:05.",
		Severity:   sev,
		Confidence: 0.87,
		RootCause: analysis.RootCause{Description: "Upstream timeouts", Service: "payments-gw",
			ErrorType: "TimeoutError", Category: "timeout"},
		AffectedServices: []analysis.AffectedService{{Name: "checkout", Role: analysis.RoleAffected,
			ErrorCount: 412, FirstSeen: at(-75), LastSeen: at(-1)}},
		Timeline:         []analysis.TimelineEvent{{At: at(-75), Service: "payments-gw", Event: "first timeout"}},
		SuggestedActions: []analysis.Action{{Kind: analysis.ActionInvestigate, Description: "Check the gateway"}},
		LogsScanned:      120_000,
		TimeWindow:       core.Window{Start: at(-120), End: at(0)},
		Baseline:         core.Window{Start: at(-240), End: at(-120)},
		Patterns: []analysis.PatternChange{{Template: "timeout after <NUM>ms", Service: "payments-gw",
			Level: "error", WindowCount: 400, BaselineCount: 2, New: false, PValue: 1e-9, Example: "timeout after 3000ms"}},
		Identifiers:  []analysis.IdentifierMatch{{Kind: "email", Value: "a@example.com", Count: 3, Evidence: []string{"line"}}},
		Series:       []analysis.Bucket{{Start: at(-120), Errors: 4, BaselineErrors: 1}},
		SourceErrors: []analysis.SourceError{{Source: "elastic", Error: "connection refused"}},
	}
}
