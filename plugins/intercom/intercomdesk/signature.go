package intercomdesk

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// verifyHubSignature checks X-Hub-Signature: "sha1=" + hex(HMAC-SHA1(client
// secret, raw body)) (FACTS §3.4). hmac.Equal compares in constant time.
func verifyHubSignature(body []byte, header, secret string) bool {
	if secret == "" || !strings.HasPrefix(header, "sha1=") {
		return false
	}
	got, err := hex.DecodeString(strings.TrimPrefix(header, "sha1="))
	if err != nil {
		return false
	}
	m := hmac.New(sha1.New, []byte(secret))
	m.Write(body)
	return hmac.Equal(got, m.Sum(nil))
}

// verifyBodySignature checks X-Body-Signature: hex(HMAC-SHA256(client
// secret, raw body)), no prefix (FACTS §5.6); it signs canvas requests and
// the uninstall notification.
func verifyBodySignature(body []byte, header, secret string) bool {
	if secret == "" {
		return false
	}
	got, err := hex.DecodeString(strings.TrimSpace(header))
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hmac.Equal(got, m.Sum(nil))
}
