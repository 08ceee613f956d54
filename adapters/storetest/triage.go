package storetest

import (
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/triage"
)

var triageTests = map[string]func(t *testing.T, s Stores){
	"RoundTrip":                     testTriageRoundTrip,
	"SaveReplaces":                  testTriageUpsert,
	"NotFound":                      testTriageNotFound,
	"KeyedByBindingAndConversation": testTriageKeys,
	"ReplaceOnlyWhenUnchanged":      testTriageReplace,
}

func newTriage(b *binding.Binding, conversationID string) *triage.Result {
	return &triage.Result{
		ID: core.NewID(core.PrefixTriage), BindingID: b.ID, ProjectID: b.ProjectID, ConversationID: conversationID,
		Severity: core.SeverityHigh, Confidence: 0.75, AffectedService: ptr("checkout"),
		Window:   core.Window{Start: at(-120), End: at(0)},
		Evidence: []string{`"can't pay" → checkout`, `"since 2pm" → window`},
		Text:     "I can't pay since 2pm", Timezone: "Europe/Berlin", PostedSeverity: core.SeverityMedium,
		CreatedAt: base, UpdatedAt: base,
	}
}

func testTriageRoundTrip(t *testing.T, s Stores) {
	ctx := t.Context()
	b := createBinding(t, s, createProject(t, s, "shop").ID, binding.StatusActive, "w1")
	r := newTriage(b, "c1")
	must(t, s.SaveTriage(ctx, r), "save")
	got, err := s.GetTriage(ctx, b.ID, "c1")
	must(t, err, "get")
	equal(t, "triage", got, r)

	none := newTriage(b, "c2")
	none.AffectedService, none.Evidence, none.Severity = nil, []string{}, core.SeverityLow
	must(t, s.SaveTriage(ctx, none), "save without service")
	got, err = s.GetTriage(ctx, b.ID, "c2")
	must(t, err, "get")
	equal(t, "triage without service", got, none)
}

func testTriageUpsert(t *testing.T, s Stores) {
	ctx := t.Context()
	b := createBinding(t, s, createProject(t, s, "shop").ID, binding.StatusActive, "w1")
	first := newTriage(b, "c1")
	must(t, s.SaveTriage(ctx, first), "save first")

	again := newTriage(b, "c1") // a new message in the conversation
	again.Severity, again.Confidence, again.AffectedService = core.SeverityCritical, 0.9, nil
	again.Evidence = []string{`"everyone" → critical`}
	again.Text, again.PostedSeverity = first.Text+"\n\nnow everyone is affected", core.SeverityHigh
	again.CreatedAt, again.UpdatedAt = at(30), at(30)
	must(t, s.SaveTriage(ctx, again), "save again")
	if again.ID != first.ID || !again.CreatedAt.Equal(first.CreatedAt) {
		t.Errorf("replacing triage reports id %s created %v; want the first's %s %v",
			again.ID, again.CreatedAt, first.ID, first.CreatedAt)
	}
	got, err := s.GetTriage(ctx, b.ID, "c1")
	must(t, err, "get")
	want := *again
	want.ID, want.CreatedAt = first.ID, first.CreatedAt
	equal(t, "replaced triage", got, &want)
}

func testTriageNotFound(t *testing.T, s Stores) {
	ctx := t.Context()
	b := createBinding(t, s, createProject(t, s, "shop").ID, binding.StatusActive, "w1")
	_, err := s.GetTriage(ctx, b.ID, "c-missing")
	wantCode(t, err, core.ErrNotFound, "get missing triage")
	orphan := newTriage(b, "c1")
	orphan.BindingID = core.NewID(core.PrefixBinding)
	wantCode(t, s.SaveTriage(ctx, orphan), core.ErrNotFound, "save triage for a missing binding")
}

func testTriageKeys(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	b1 := createBinding(t, s, p.ID, binding.StatusActive, "w1")
	b2 := createBinding(t, s, p.ID, binding.StatusActive, "w2")
	r1 := newTriage(b1, "c1")
	r2 := newTriage(b2, "c1") // same conversation id in another workspace
	r2.Severity = core.SeverityLow
	must(t, s.SaveTriage(ctx, r1), "save b1")
	must(t, s.SaveTriage(ctx, r2), "save b2")
	got, err := s.GetTriage(ctx, b1.ID, "c1")
	must(t, err, "get b1")
	equal(t, "triage of b1", got, r1)
	got, err = s.GetTriage(ctx, b2.ID, "c1")
	must(t, err, "get b2")
	equal(t, "triage of b2", got, r2)
}

// testTriageReplace: two workers that read the same triage cannot both
// replace it; the loser writes nothing.
func testTriageReplace(t *testing.T, s Stores) {
	ctx := t.Context()
	b := createBinding(t, s, createProject(t, s, "shop").ID, binding.StatusActive, "w1")
	first := newTriage(b, "c1")
	must(t, s.ReplaceTriage(ctx, first, time.Time{}), "insert when none stored")
	again := newTriage(b, "c1")
	wantCode(t, s.ReplaceTriage(ctx, again, time.Time{}), core.ErrConflict, "second insert")

	read, err := s.GetTriage(ctx, b.ID, "c1")
	must(t, err, "get")
	winner, loser := *read, *read
	winner.Text, winner.UpdatedAt = read.Text+" and the winner's message", read.UpdatedAt.Add(time.Second)
	loser.Text, loser.UpdatedAt = read.Text+" and the loser's message", read.UpdatedAt.Add(2*time.Second)
	must(t, s.ReplaceTriage(ctx, &winner, read.UpdatedAt), "replace from the read state")
	wantCode(t, s.ReplaceTriage(ctx, &loser, read.UpdatedAt), core.ErrConflict, "replace from a stale state")
	got, err := s.GetTriage(ctx, b.ID, "c1")
	must(t, err, "get")
	if got.Text != winner.Text || !got.UpdatedAt.Equal(winner.UpdatedAt) {
		t.Errorf("stored %q at %v; want the winner's %q", got.Text, got.UpdatedAt, winner.Text)
	}
}
