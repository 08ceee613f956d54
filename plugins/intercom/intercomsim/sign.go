package intercomsim

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
)

// Intercom signs with the app's client_secret in two different ways (FACTS §3.4, §5.6, ASKS 6).

// HubSignature is the X-Hub-Signature value of a webhook body: "sha1=" followed by the hex
// HMAC-SHA1 of the exact bytes sent.
func HubSignature(clientSecret string, body []byte) string {
	m := hmac.New(sha1.New, []byte(clientSecret))
	m.Write(body)
	return "sha1=" + hex.EncodeToString(m.Sum(nil))
}

// BodySignature is the X-Body-Signature value of a Canvas Kit request or an uninstall
// notification: the bare hex HMAC-SHA256 of the exact bytes sent, without prefix.
func BodySignature(clientSecret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(clientSecret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}
