package pluginhost

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/pipeline"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
	"github.com/sigsentry/hub/plugins/sdk/sdktest/testdesk"
)

func TestAuthorizeURL(t *testing.T) {
	_, settings := fakeDesk(t)
	h, _ := startHost(t, Options{Dir: plugins(t, ""), PublicURL: "https://hub.example/"}, settings)

	b := binding.NewPending("prj_1", testdesk.ID, testNow)
	got, err := h.AuthorizeURL(context.Background(), b, "state-123")
	if err != nil {
		t.Fatalf("AuthorizeURL: %v", err)
	}
	u, err := url.Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	if want := settings[testdesk.SettingAPIBase] + "/oauth/authorize"; !strings.HasPrefix(got, want+"?") {
		t.Errorf("URL = %s; want it to start with %s", got, want)
	}
	q := u.Query()
	for k, want := range map[string]string{
		"client_id":     testdesk.FakeClientID,
		"redirect_uri":  "https://hub.example/oauth/testdesk/callback",
		"state":         "state-123",
		"response_type": "code",
	} {
		if q.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, q.Get(k), want)
		}
	}
	if strings.Contains(got, testdesk.FakeClientSecret) {
		t.Error("the authorize link carries the client secret")
	}

	_, err = h.AuthorizeURL(context.Background(), binding.NewPending("prj_1", "zendesk", testNow), "s")
	if core.ErrorCode(err) != core.ErrInvalid || core.ErrorField(err) != "platform" ||
		!strings.Contains(err.Error(), `platform "zendesk" is not loaded`) {
		t.Errorf("unknown platform = %v; want invalid platform", err)
	}
}

func TestRevoke(t *testing.T) {
	_, settings := fakeDesk(t)
	h, _ := startHost(t, Options{Dir: plugins(t, "")}, settings)
	b := binding.NewPending("prj_1", testdesk.ID, testNow)
	b.WorkspaceID = testdesk.FakeWorkspaceID
	b.Token = &binding.Token{AccessToken: testdesk.FakeToken}

	if err := h.Revoke(context.Background(), b); err != nil {
		t.Fatalf("Revoke: %v", err)
	}
	// The desk no longer accepts the token.
	desk, _, err := h.Desk(testdesk.ID)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := desk.Post(context.Background(), &deskv1.PostRequest{Credentials: testdesk.FakeCredentials(),
		ConversationId: testdesk.FakeConversationID, Visibility: deskv1.PostRequest_INTERNAL, Body: "x", IdempotencyKey: "k"})
	if err != nil || resp.GetError().GetKind() != deskv1.DeskError_UNAUTHORIZED {
		t.Errorf("Post with the revoked token = %v, %v; want UNAUTHORIZED", resp, err)
	}

	b.Token = nil
	if err := h.Revoke(context.Background(), b); err != nil {
		t.Errorf("Revoke without a token = %v; want nothing to do", err)
	}
}

// TestWebhookRefusals: the host tells the pipeline a forged delivery from a
// signed one its plugin cannot read, from the plugin's sdk.BadSignature and
// sdk.Malformed, so that the HTTP layer can answer 401 and 400.
func TestWebhookRefusals(t *testing.T) {
	_, settings := fakeDesk(t)
	h, _ := startHost(t, Options{Dir: plugins(t, "")}, settings)
	garbage := []byte("not json")
	cases := []struct {
		name    string
		headers map[string]string
		want    error
	}{
		{"unsigned", map[string]string{}, pipeline.ErrBadSignature},
		{"signed with another secret", map[string]string{"x-test-signature": testdesk.Sign("other", garbage)}, pipeline.ErrBadSignature},
		{"signed but not JSON", map[string]string{"x-test-signature": testdesk.Sign(testdesk.FakeClientSecret, garbage)}, pipeline.ErrMalformedDelivery},
	}
	for _, c := range cases {
		_, err := h.HandleWebhook(t.Context(), testdesk.ID, "events", garbage, c.headers)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}
