// Package testdesk is a minimal but real desk plugin, for tests and as the
// template a third party copies to write the next desk.
//
// It speaks plain HTTP to a support desk whose API is served by Fake (an
// http.Handler meant for httptest): the same shape as a real REST desk, with
// OAuth, bearer tokens, idempotency keys, rate limits and HMAC-signed
// webhooks, small enough to read in one sitting. Every deskv1.DeskServer call
// is implemented, so the hub's plugin host and the conformance kit can test
// against it without a network.
//
// The binary lives in cmd/testdesk; Manifest describes it for tests that lay
// out a plugins directory. Settings (all from Configure, never from the
// environment, which the hub empties):
//
//	api_base       base URL of the desk's API (required)
//	client_id      OAuth client id (required)
//	client_secret  OAuth client secret, also the webhook signing key (required)
//	stdout_noise   "true" prints junk to stdout inside Configure, after the
//	               handshake, so that tests can prove the hub survives it
package testdesk
