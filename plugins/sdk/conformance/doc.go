// Package conformance is for desk plugin authors: it checks a plugin against
// the rules every SigSentry desk must follow, using the author's own fake of
// the desk's API.
//
// The rules are the ones the hub relies on and cannot check at run time:
// desk failures come back as DeskError data rather than gRPC errors; a
// webhook with a bad or missing signature yields no events; delivery ids are
// stable, because the hub de-duplicates on them; a post retried with the same
// idempotency key is stored once; 429, 5xx and 401 answers are classified so
// that the hub's queue waits, retries or asks for a reinstall; and the binary
// keeps stdout to the go-plugin handshake and exits promptly when stopped.
//
// Call Run from a test in the plugin's package, with a Harness wired to the
// plugin (in-process through sdk.TestClient, or a process started with
// sdktest.Start) and to the fake desk:
//
//	func TestConformance(t *testing.T) {
//		fake := mydesk.NewFake()
//		srv := httptest.NewServer(fake)
//		t.Cleanup(srv.Close)
//		conformance.Run(t, conformance.Harness{
//			Client:         sdk.TestClient(t, mydesk.New()),
//			Settings:       map[string]string{"api_base": srv.URL, "client_id": "id", "client_secret": "secret"},
//			SecretSetting:  "client_secret",
//			Credentials:    &deskv1.Credentials{AccessToken: "tok", WorkspaceId: "w1"},
//			ConversationID: "c1",
//			SignedWebhook:  fake.SignedDelivery,
//			FailNext:       fake.FailNext,
//			PostCount:      fake.PostCount,
//			Binary:         binaryBuiltInTestMain, // optional: enables the process checks
//		})
//	}
//
// Checks run in order as subtests named after the rule they check, so a
// failure reads as the rule broken. Checks for capabilities the plugin does
// not declare in GetMetadata are skipped.
package conformance
