package storetest

import (
	"testing"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/binding"
)

var bindingTests = map[string]func(t *testing.T, s Stores){
	"RoundTripWithToken":            testBindingRoundTrip,
	"NotFound":                      testBindingNotFound,
	"Update":                        testBindingUpdate,
	"ListPerProject":                testBindingList,
	"ConnectedWorkspaceIsUnique":    testBindingWorkspaceUnique,
	"InactiveDoesNotBlockReconnect": testBindingInactiveFreesWorkspace,
	"FindByWorkspaceOnlyConnected":  testBindingFindByWorkspace,
	"RecordActivityMerges":          testBindingActivityMerge,
	"UpdateLeavesActivityAlone":     testBindingUpdateKeepsActivity,
}

func testBindingRoundTrip(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	b := newBinding(p.ID, binding.StatusActive, "w1")
	b.StatusReason = "installed by admin 991"
	b.Config.PostingMode = binding.PostBoth
	b.Activity = binding.Activity{LastWebhookAt: ptr(at(1)), LastError: "desk said 502", LastErrorAt: ptr(at(2))}
	must(t, s.CreateBinding(ctx, b), "create")
	got, err := s.GetBinding(ctx, b.ID)
	must(t, err, "get")
	equal(t, "binding", got, b)
	equal(t, "token", got.Token, b.Token)

	pending := createBinding(t, s, p.ID, binding.StatusPending, "")
	got, err = s.GetBinding(ctx, pending.ID)
	must(t, err, "get pending")
	equal(t, "pending binding", got, pending)
	if got.Token != nil {
		t.Errorf("pending binding has a token %+v", got.Token)
	}
}

func testBindingNotFound(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	missing := newBinding(p.ID, binding.StatusActive, "w1")
	_, err := s.GetBinding(ctx, missing.ID)
	wantCode(t, err, core.ErrNotFound, "get missing binding")
	wantMessage(t, err, missing.ID)
	wantCode(t, s.UpdateBinding(ctx, missing), core.ErrNotFound, "update missing binding")
	wantCode(t, s.RecordActivity(ctx, missing.ID, binding.Activity{LastPostedAt: ptr(base)}),
		core.ErrNotFound, "record activity of missing binding")
	_, err = s.ListBindings(ctx, core.NewID(core.PrefixProject))
	wantCode(t, err, core.ErrNotFound, "list bindings of a missing project")
	err = s.CreateBinding(ctx, newBinding(core.NewID(core.PrefixProject), binding.StatusPending, ""))
	wantCode(t, err, core.ErrNotFound, "create a binding for a missing project")
}

func testBindingUpdate(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	b := createBinding(t, s, p.ID, binding.StatusPending, "")
	b.Status, b.WorkspaceID = binding.StatusActive, "w1"
	b.Desk = map[string]string{"region": "us"}
	b.Token = &binding.Token{AccessToken: "plaintext-access-token-new", TokenType: "Bearer"}
	b.Config.TimeBufferHours = 6
	b.StatusReason = ""
	b.UpdatedAt = at(3)
	must(t, s.UpdateBinding(ctx, b), "activate")
	got, err := s.GetBinding(ctx, b.ID)
	must(t, err, "get")
	equal(t, "activated binding", got, b)

	b.Status, b.Token, b.StatusReason, b.UpdatedAt = binding.StatusInactive, nil, "disconnected by an admin", at(4)
	must(t, s.UpdateBinding(ctx, b), "disconnect")
	got, err = s.GetBinding(ctx, b.ID)
	must(t, err, "get")
	equal(t, "disconnected binding", got, b)
}

func testBindingList(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	other := createProject(t, s, "other")
	first := createBinding(t, s, p.ID, binding.StatusActive, "w1")
	second := createBinding(t, s, p.ID, binding.StatusPending, "")
	createBinding(t, s, other.ID, binding.StatusActive, "w2")
	got, err := s.ListBindings(ctx, p.ID)
	must(t, err, "list")
	want := []string{first.ID, second.ID}
	if want[0] > want[1] { // created in the same millisecond: ids order them
		want[0], want[1] = want[1], want[0]
	}
	equal(t, "listed ids", idsOf(got, func(b *binding.Binding) string { return b.ID }), want)
	for _, b := range got {
		if b.ID == first.ID {
			equal(t, "listed binding", b, first)
		}
	}
	empty, err := s.ListBindings(ctx, createProject(t, s, "none").ID)
	must(t, err, "list a project without bindings")
	if len(empty) != 0 {
		t.Errorf("empty project lists %d bindings", len(empty))
	}
}

func testBindingWorkspaceUnique(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	q := createProject(t, s, "other")
	holder := createBinding(t, s, p.ID, binding.StatusActive, "w1")
	for _, status := range []binding.Status{binding.StatusActive, binding.StatusNeedsReinstall} {
		err := s.CreateBinding(ctx, newBinding(q.ID, status, "w1"))
		wantCode(t, err, core.ErrConflict, "create a second "+string(status)+" binding of a workspace")
		wantMessage(t, err, "w1", holder.ID, "disconnect")
	}
	// Waiting for an install does not claim the workspace; activating does.
	second := createBinding(t, s, q.ID, binding.StatusPending, "w1")
	second.Status, second.UpdatedAt = binding.StatusActive, at(1)
	err := s.UpdateBinding(ctx, second)
	wantCode(t, err, core.ErrConflict, "activate a second binding of a workspace")
	wantMessage(t, err, holder.ID)
	got, _ := s.GetBinding(ctx, second.ID)
	if got.Status != binding.StatusPending {
		t.Errorf("refused activation stored status %s", got.Status)
	}
	// The same workspace id on another platform is another workspace.
	zendesk := newBinding(q.ID, binding.StatusActive, "w1")
	zendesk.Platform = "zendesk"
	must(t, s.CreateBinding(ctx, zendesk), "same workspace id on another platform")
}

func testBindingInactiveFreesWorkspace(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	old := createBinding(t, s, p.ID, binding.StatusActive, "w1")
	old.Status, old.Token, old.UpdatedAt = binding.StatusInactive, nil, at(1)
	must(t, s.UpdateBinding(ctx, old), "disconnect")
	fresh := createBinding(t, s, p.ID, binding.StatusActive, "w1")
	got, err := s.FindByWorkspace(ctx, "intercom", "w1")
	must(t, err, "find")
	if got.ID != fresh.ID {
		t.Errorf("found %s, want the new binding %s", got.ID, fresh.ID)
	}
	// Two inactive bindings of a workspace may coexist.
	fresh.Status, fresh.UpdatedAt = binding.StatusInactive, at(2)
	must(t, s.UpdateBinding(ctx, fresh), "disconnect again")
}

func testBindingFindByWorkspace(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	createBinding(t, s, p.ID, binding.StatusInactive, "w-inactive")
	createBinding(t, s, p.ID, binding.StatusPending, "w-pending")
	for _, ws := range []string{"w-inactive", "w-pending", "w-unknown"} {
		_, err := s.FindByWorkspace(ctx, "intercom", ws)
		wantCode(t, err, core.ErrNotFound, "find "+ws)
		_, err = s.ConnectedID(ctx, "intercom", ws)
		wantCode(t, err, core.ErrNotFound, "connected id of "+ws)
	}
	reinstall := createBinding(t, s, p.ID, binding.StatusNeedsReinstall, "w-reinstall")
	got, err := s.FindByWorkspace(ctx, "intercom", "w-reinstall")
	must(t, err, "find needs_reinstall")
	equal(t, "found binding", got, reinstall)
	id, err := s.ConnectedID(ctx, "intercom", "w-reinstall")
	must(t, err, "connected id of needs_reinstall")
	if id != reinstall.ID {
		t.Errorf("connected id = %q, want %q", id, reinstall.ID)
	}
	_, err = s.FindByWorkspace(ctx, "zendesk", "w-reinstall")
	wantCode(t, err, core.ErrNotFound, "find on another platform")
	_, err = s.ConnectedID(ctx, "zendesk", "w-reinstall")
	wantCode(t, err, core.ErrNotFound, "connected id on another platform")
}

func testBindingActivityMerge(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	b := createBinding(t, s, p.ID, binding.StatusActive, "w1")
	steps := []struct {
		record binding.Activity
		want   binding.Activity
	}{
		{binding.Activity{LastWebhookAt: ptr(at(1))},
			binding.Activity{LastWebhookAt: ptr(at(1))}},
		{binding.Activity{LastPostedAt: ptr(at(2))},
			binding.Activity{LastWebhookAt: ptr(at(1)), LastPostedAt: ptr(at(2))}},
		{binding.Activity{LastError: "desk returned 502", LastErrorAt: ptr(at(3))},
			binding.Activity{LastWebhookAt: ptr(at(1)), LastPostedAt: ptr(at(2)), LastError: "desk returned 502", LastErrorAt: ptr(at(3))}},
		{binding.Activity{LastWebhookAt: ptr(at(4))},
			binding.Activity{LastWebhookAt: ptr(at(4)), LastPostedAt: ptr(at(2)), LastError: "desk returned 502", LastErrorAt: ptr(at(3))}},
		{binding.Activity{},
			binding.Activity{LastWebhookAt: ptr(at(4)), LastPostedAt: ptr(at(2)), LastError: "desk returned 502", LastErrorAt: ptr(at(3))}},
	}
	for i, step := range steps {
		must(t, s.RecordActivity(ctx, b.ID, step.record), "record activity")
		got, err := s.GetBinding(ctx, b.ID)
		must(t, err, "get")
		equal(t, "activity after step "+string(rune('1'+i)), got.Activity, step.want)
		b.Activity = step.want
		equal(t, "the rest of the binding", got, b) // untouched, updated_at included
	}
}

func testBindingUpdateKeepsActivity(t *testing.T, s Stores) {
	ctx := t.Context()
	p := createProject(t, s, "shop")
	b := createBinding(t, s, p.ID, binding.StatusActive, "w1")
	stale, _ := s.GetBinding(ctx, b.ID) // an admin opens the settings
	must(t, s.RecordActivity(ctx, b.ID, binding.Activity{LastWebhookAt: ptr(at(5))}), "record")
	stale.Config.PostingMode, stale.UpdatedAt = binding.PostPublic, at(6)
	must(t, s.UpdateBinding(ctx, stale), "save settings from the stale copy")
	got, err := s.GetBinding(ctx, b.ID)
	must(t, err, "get")
	equal(t, "last webhook", got.Activity.LastWebhookAt, ptr(at(5)))
	if got.Config.PostingMode != binding.PostPublic {
		t.Errorf("posting mode %s, want the admin's change", got.Config.PostingMode)
	}
}
