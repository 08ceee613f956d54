package testdesk_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/sigsentry/hub/plugins/sdk/deskv1"
	"github.com/sigsentry/hub/plugins/sdk/sdktest"
	"github.com/sigsentry/hub/plugins/sdk/sdktest/testdesk"
)

// TestBinarySurvivesStdoutNoise runs the real binary as the hub does (empty
// environment, AutoMTLS) and has it print junk to stdout after the
// handshake: the connection must keep working.
func TestBinarySurvivesStdoutNoise(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the plugin binary")
	}
	fake := testdesk.NewFake()
	srv := httptest.NewServer(fake)
	defer srv.Close()
	client, proc := sdktest.Start(t, sdktest.Build(t, sdktest.TestdeskPackage))
	ctx := context.Background()

	settings := testdesk.Settings(srv.URL)
	settings[testdesk.SettingStdoutNoise] = "true"
	for i := range 3 {
		if resp, err := client.Configure(ctx, &deskv1.ConfigureRequest{Settings: settings}); err != nil || resp.GetError() != nil {
			t.Fatalf("noisy Configure #%d = %v, %v", i+1, resp.GetError(), err)
		}
	}
	body, headers := fake.Delivery(testdesk.FakeConversationID, "after the noise")
	hook, err := client.HandleWebhook(ctx, &deskv1.HandleWebhookRequest{Body: body, Headers: headers})
	if err != nil || hook.GetError() != nil || len(hook.GetEvents()) != 1 {
		t.Fatalf("HandleWebhook after noise = %v, %v, %v", hook.GetEvents(), hook.GetError(), err)
	}
	post, err := client.Post(ctx, note("after-noise"))
	if err != nil || post.GetError() != nil {
		t.Fatalf("Post after noise = %v, %v", post.GetError(), err)
	}
	if fake.PostCount(testdesk.FakeConversationID) != 1 {
		t.Errorf("fake holds %d messages, want 1", fake.PostCount(testdesk.FakeConversationID))
	}
	if proc.Exited() {
		t.Error("plugin process exited")
	}
}
