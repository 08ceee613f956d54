package conformance_test

import (
	"net/http/httptest"
	"testing"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/conformance"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
	"github.com/sigsentry/hub/plugins/sdk/sdktest/testdesk"
)

// testdeskHarness wires the kit to the test desk and a fresh fake of its
// API. A plugin author writes the same function for their own desk.
func testdeskHarness(t *testing.T, client deskv1.DeskClient) conformance.Harness {
	fake := testdesk.NewFake()
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	return conformance.Harness{
		Client:         client,
		Settings:       testdesk.Settings(srv.URL),
		SecretSetting:  testdesk.SettingClientSecret,
		Credentials:    testdesk.FakeCredentials(),
		ConversationID: testdesk.FakeConversationID,
		SignedWebhook: func() ([]byte, map[string]string) {
			return fake.Delivery(testdesk.FakeConversationID, "checkout fails with a 502")
		},
		FailNext:   fake.FailNext,
		PostCount:  fake.PostCount,
		Attributes: map[string]string{"sigsentry_status": "analysed"},
	}
}

// A desk plugin's conformance test: build a Harness over the plugin and its
// fake desk, and hand it to Run from a test function such as
//
//	func TestConformance(t *testing.T) { runConformance(t) }
func ExampleRun() {
	_ = runConformance
}

func runConformance(t *testing.T) {
	conformance.Run(t, testdeskHarness(t, sdk.TestClient(t, testdesk.New())))
}
