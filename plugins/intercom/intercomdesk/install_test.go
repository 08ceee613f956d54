package intercomdesk_test

import (
	"strings"
	"testing"

	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// TestInstallCreatesMissingAttributes: the mapping's attributes are created
// through the 2.16 Conversation Attributes API, existing ones are left alone.
func TestInstallCreatesMissingAttributes(t *testing.T) {
	w := newWorld(t) // "severity" already exists
	c := configured(t, w)
	resp, err := c.CompleteInstall(t.Context(), &deskv1.CompleteInstallRequest{AccessToken: w.token,
		Attributes: []string{"severity", "affected_service", "sigsentry_analysis_url"}})
	if err != nil || resp.GetError() != nil {
		t.Fatalf("install: %v %v", err, resp.GetError())
	}
	if resp.WorkspaceId != w.ws.ID || resp.Desk["admin_id"] != w.ws.Admins[0].ID || resp.Desk["region"] != "US" {
		t.Errorf("install facts: %s %v", resp.WorkspaceId, resp.Desk)
	}
	if len(resp.Notices) != 0 {
		t.Errorf("unexpected notices: %v", resp.Notices)
	}
	names := map[string]int{}
	for _, a := range w.sim.AttributeDefs(w.ws.ID) {
		names[a.Name]++
	}
	for _, n := range []string{"severity", "affected_service", "sigsentry_analysis_url"} {
		if names[n] != 1 {
			t.Errorf("attribute %s defined %d times, want 1", n, names[n])
		}
	}
}

// TestInstallTellsWhatToCreateByHand: when Intercom refuses to create an
// attribute the install still succeeds and names it for the admin.
func TestInstallTellsWhatToCreateByHand(t *testing.T) {
	w := newWorld(t)
	c := configured(t, w)
	w.sim.FailNext("createConversationAttribute", 403, 1)
	resp, err := c.CompleteInstall(t.Context(), &deskv1.CompleteInstallRequest{AccessToken: w.token,
		Attributes: []string{"affected_service"}})
	if err != nil || resp.GetError() != nil {
		t.Fatalf("install must not fail on attributes: %v %v", err, resp.GetError())
	}
	if len(resp.Notices) != 1 || !strings.Contains(resp.Notices[0], "affected_service") ||
		!strings.Contains(resp.Notices[0], "Settings → Data → Conversation") {
		t.Errorf("notices: %v", resp.Notices)
	}
}
