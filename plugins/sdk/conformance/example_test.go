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

// This file is the example: testdeskHarness above is what a desk author
// writes for their own plugin and fake desk, and runConformance is the body
// of their test, called from a test function such as
//
//	func TestConformance(t *testing.T) { runConformance(t) }
//
// (conformance_test.go does exactly that for the test desk).
func ExampleRun() {
	_ = runConformance
}

// runConformance runs the kit over an in-process connection to the plugin.
func runConformance(t *testing.T) {
	conformance.Run(t, testdeskHarness(t, sdk.TestClient(t, testdesk.New())))
}
