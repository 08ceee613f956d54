package testdesk_test

import (
	"context"
	"maps"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
	"github.com/sigsentry/hub/plugins/sdk/sdktest/testdesk"
)

// setup serves a Fake on httptest and returns a configured testdesk behind
// an in-process gRPC connection, plus the fake and its URL.
func setup(t *testing.T) (deskv1.DeskClient, *testdesk.Fake, string) {
	t.Helper()
	fake := testdesk.NewFake()
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	client := sdk.TestClient(t, testdesk.New())
	resp, err := client.Configure(context.Background(), &deskv1.ConfigureRequest{Settings: testdesk.Settings(srv.URL)})
	if err != nil || resp.GetError() != nil {
		t.Fatalf("Configure = %v, %v", resp.GetError(), err)
	}
	return client, fake, srv.URL
}

// wantKind fails unless e is a desk error of kind k.
func wantKind(t *testing.T, e *deskv1.DeskError, k deskv1.DeskError_Kind) {
	t.Helper()
	if e.GetKind() != k {
		t.Fatalf("desk error = %v, want kind %s", e, k)
	}
}

func TestMetadataMatchesManifest(t *testing.T) {
	client := sdk.TestClient(t, testdesk.New())
	md, err := client.GetMetadata(context.Background(), &deskv1.GetMetadataRequest{})
	if err != nil {
		t.Fatal(err)
	}
	m := testdesk.Manifest()
	if md.GetId() != m.ID || md.GetVersion() != m.Version || md.GetProtocolVersion() != sdk.ProtocolVersion {
		t.Errorf("metadata = %v, want id %s version %s protocol %d", md, m.ID, m.Version, sdk.ProtocolVersion)
	}
	if !slices.Equal(md.GetCapabilities(), m.Capabilities) || len(m.Capabilities) != 7 {
		t.Errorf("capabilities = %v, want all seven of the manifest's %v", md.GetCapabilities(), m.Capabilities)
	}
	if err := m.Validate(testdesk.ID); err != nil {
		t.Errorf("Manifest().Validate: %v", err)
	}
}

func TestConfigureNamesEachMissingSetting(t *testing.T) {
	client := sdk.TestClient(t, testdesk.New())
	full := testdesk.Settings("http://desk.invalid")
	for _, key := range []string{testdesk.SettingAPIBase, testdesk.SettingClientID, testdesk.SettingClientSecret} {
		settings := maps.Clone(full)
		delete(settings, key)
		resp, err := client.Configure(context.Background(), &deskv1.ConfigureRequest{Settings: settings})
		if err != nil {
			t.Fatalf("without %s: gRPC error %v, want a desk error", key, err)
		}
		wantKind(t, resp.GetError(), deskv1.DeskError_INVALID)
		if !strings.Contains(resp.GetError().GetMessage(), key) {
			t.Errorf("without %s: message %q does not name the setting", key, resp.GetError().GetMessage())
		}
	}
}

func TestConfigureRefusesBadURLAndKeepsPreviousSettings(t *testing.T) {
	client, _, _ := setup(t)
	ctx := context.Background()
	for _, base := range []string{"desk.example", "ftp://desk.example", "http://", "://"} {
		resp, err := client.Configure(ctx, &deskv1.ConfigureRequest{Settings: testdesk.Settings(base)})
		if err != nil {
			t.Fatal(err)
		}
		wantKind(t, resp.GetError(), deskv1.DeskError_INVALID)
	}
	post, err := client.Post(ctx, &deskv1.PostRequest{Credentials: testdesk.FakeCredentials(),
		ConversationId: testdesk.FakeConversationID, Visibility: deskv1.PostRequest_INTERNAL, Body: "still here", IdempotencyKey: "k"})
	if err != nil || post.GetError() != nil {
		t.Fatalf("Post after refused Configure = %v, %v; want the previous settings kept", post.GetError(), err)
	}
}

func TestCallsBeforeConfigureAreDeskErrors(t *testing.T) {
	client := sdk.TestClient(t, testdesk.New())
	ctx := context.Background()
	health, err := client.CheckHealth(ctx, &deskv1.CheckHealthRequest{})
	if err != nil || health.GetOk() {
		t.Errorf("CheckHealth before Configure = %v, %v; want not ok", health, err)
	}
	oauth, err := client.OAuthConfig(ctx, &deskv1.OAuthConfigRequest{})
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, oauth.GetError(), deskv1.DeskError_INVALID)
	post, err := client.Post(ctx, &deskv1.PostRequest{ConversationId: "c1", Visibility: deskv1.PostRequest_PUBLIC})
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, post.GetError(), deskv1.DeskError_INVALID)
}

func TestCheckHealthAfterConfigure(t *testing.T) {
	client, _, _ := setup(t)
	health, err := client.CheckHealth(context.Background(), &deskv1.CheckHealthRequest{})
	if err != nil || !health.GetOk() {
		t.Errorf("CheckHealth = %v, %v; want ok", health, err)
	}
}

func TestOAuthConfigPointsAtTheDesk(t *testing.T) {
	client, _, base := setup(t)
	resp, err := client.OAuthConfig(context.Background(), &deskv1.OAuthConfigRequest{RedirectUrl: "https://hub.example/oauth/callback"})
	if err != nil || resp.GetError() != nil {
		t.Fatalf("OAuthConfig = %v, %v", resp.GetError(), err)
	}
	if resp.GetAuthUrl() != base+"/oauth/authorize" || resp.GetTokenUrl() != base+"/oauth/token" {
		t.Errorf("endpoints = %s, %s; want under %s", resp.GetAuthUrl(), resp.GetTokenUrl(), base)
	}
	if resp.GetClientId() != testdesk.FakeClientID || resp.GetClientSecret() != testdesk.FakeClientSecret || resp.GetAuthStyle() != 1 {
		t.Errorf("client = %q/%q style %d", resp.GetClientId(), resp.GetClientSecret(), resp.GetAuthStyle())
	}
}

func TestCompleteInstallAsksTheDeskWhoTheTokenIs(t *testing.T) {
	client, _, _ := setup(t)
	ctx := context.Background()
	resp, err := client.CompleteInstall(ctx, &deskv1.CompleteInstallRequest{AccessToken: testdesk.FakeToken})
	if err != nil || resp.GetError() != nil {
		t.Fatalf("CompleteInstall = %v, %v", resp.GetError(), err)
	}
	if resp.GetWorkspaceId() != testdesk.FakeWorkspaceID || resp.GetWorkspaceName() != testdesk.FakeWorkspaceName ||
		resp.GetDesk()["admin_id"] != testdesk.FakeAdminID {
		t.Errorf("install = %v", resp)
	}
	bad, err := client.CompleteInstall(ctx, &deskv1.CompleteInstallRequest{AccessToken: "forged"})
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, bad.GetError(), deskv1.DeskError_UNAUTHORIZED)
}

func TestDisconnectRevokesTheToken(t *testing.T) {
	client, _, _ := setup(t)
	ctx := context.Background()
	for i := range 2 { // the second call finds the token refused and still succeeds
		resp, err := client.Disconnect(ctx, &deskv1.DisconnectRequest{Credentials: testdesk.FakeCredentials()})
		if err != nil || resp.GetError() != nil {
			t.Fatalf("Disconnect #%d = %v, %v", i+1, resp.GetError(), err)
		}
	}
	post, err := client.Post(ctx, &deskv1.PostRequest{Credentials: testdesk.FakeCredentials(),
		ConversationId: testdesk.FakeConversationID, Visibility: deskv1.PostRequest_INTERNAL, Body: "x", IdempotencyKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, post.GetError(), deskv1.DeskError_UNAUTHORIZED)
}
