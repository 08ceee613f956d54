package pipeline

import (
	"context"
	"log/slog"
	"testing"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/binding"
)

// memBindings is BindingAccess over a slice of bindings.
type memBindings struct{ all []*binding.Binding }

func (m memBindings) GetBinding(_ context.Context, id string) (*binding.Binding, error) {
	for _, b := range m.all {
		if b.ID == id {
			return b, nil
		}
	}
	return nil, core.NotFound("binding", id)
}

func (m memBindings) ConnectedID(_ context.Context, platform, ws string) (string, error) {
	for _, b := range m.all {
		if b.Platform == platform && b.WorkspaceID == ws && b.Connected() {
			return b.ID, nil
		}
	}
	return "", core.NotFound("connected binding of workspace", ws)
}

func (memBindings) RecordActivity(context.Context, string, binding.Activity) error { return nil }

// TestEventOfAReconnectedWorkspace: an event queued for a binding that was
// disconnected since goes to the workspace's new binding in the same
// project, is dropped when the workspace is now another project's or not
// connected at all, and a connected binding is used as it is.
func TestEventOfAReconnectedWorkspace(t *testing.T) {
	old := &binding.Binding{ID: "bnd_old", ProjectID: "prj_1", Platform: "intercom", WorkspaceID: "ws1", Status: binding.StatusInactive}
	cases := []struct {
		name   string
		others []*binding.Binding
		want   string // binding id, "" for dropped
	}{
		{"reconnected in the same project", []*binding.Binding{
			{ID: "bnd_new", ProjectID: "prj_1", Platform: "intercom", WorkspaceID: "ws1", Status: binding.StatusActive}}, "bnd_new"},
		{"connected to another project", []*binding.Binding{
			{ID: "bnd_other", ProjectID: "prj_2", Platform: "intercom", WorkspaceID: "ws1", Status: binding.StatusActive}}, ""},
		{"not connected", nil, ""},
		{"same workspace on another platform", []*binding.Binding{
			{ID: "bnd_z", ProjectID: "prj_1", Platform: "zendesk", WorkspaceID: "ws1", Status: binding.StatusActive}}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := NewProcessor(ProcessorDeps{Bindings: memBindings{append([]*binding.Binding{old}, c.others...)},
				Log: slog.New(slog.DiscardHandler)})
			b, err := p.eventBinding(t.Context(), EventJob{BindingID: old.ID, Event: Event{WorkspaceID: "ws1"}})
			got := ""
			if b != nil {
				got = b.ID
			}
			if err != nil || got != c.want {
				t.Errorf("binding %q, %v; want %q", got, err, c.want)
			}
		})
	}
	active := &binding.Binding{ID: "bnd_a", ProjectID: "prj_1", Platform: "intercom", WorkspaceID: "ws2", Status: binding.StatusActive}
	p := NewProcessor(ProcessorDeps{Bindings: memBindings{[]*binding.Binding{active}}, Log: slog.New(slog.DiscardHandler)})
	if b, err := p.eventBinding(t.Context(), EventJob{BindingID: "bnd_a", Event: Event{WorkspaceID: "ws2"}}); err != nil || b != active {
		t.Errorf("connected binding: %v, %v", b, err)
	}
	if b, err := p.eventBinding(t.Context(), EventJob{BindingID: "bnd_gone"}); err != nil || b != nil {
		t.Errorf("deleted binding: %v, %v; want dropped", b, err)
	}
}
