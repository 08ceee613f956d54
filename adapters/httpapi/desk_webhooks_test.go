package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/sigsentry/hub/adapters/httpapi"
	"github.com/sigsentry/hub/core/pipeline"
)

// A delivery that does not verify is 401 and says nothing more: the sender
// is nobody the hub trusts, and is not worth a log line beyond the access
// log. A signed delivery the plugin cannot read is 400 with the plugin's
// reason, in the answer and in the log, since the desk changed something.
func TestWebhookRefusalsSayWhatTheyShould(t *testing.T) {
	cases := []struct {
		name    string
		err     error
		status  int
		code    string
		answer  string // in the body's message
		logged  bool
		private string // never in the body
	}{
		{"bad signature", fmt.Errorf("%w: X-Hub-Signature missing or wrong", pipeline.ErrBadSignature),
			http.StatusUnauthorized, "unauthorized", "signature does not verify", false, "X-Hub-Signature"},
		{"malformed", fmt.Errorf("%w: conversation.user.created: created_at 9e18 is out of range", pipeline.ErrMalformedDelivery),
			http.StatusBadRequest, "invalid", "created_at 9e18 is out of range", true, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHub(t, func(d *httpapi.Deps) { d.Ingest = failingIngester{c.err} })
			r := h.do("POST", "/webhooks/intercom", `{"type":"notification_event"}`, withoutAuth()).
				wantError(t, c.status, c.code, "")
			if msg := r.errField("message"); !strings.Contains(msg, c.answer) {
				t.Errorf("message %q, want it to contain %q", msg, c.answer)
			}
			if c.private != "" && strings.Contains(r.raw, c.private) {
				t.Errorf("the answer tells an unverified sender why: %s", r.raw)
			}
			logged := strings.Contains(h.logs.String(), "refused as malformed")
			if logged != c.logged || c.logged && !strings.Contains(h.logs.String(), c.answer) {
				t.Errorf("logged the reason: %v, want %v; log:\n%s", logged, c.logged, h.logs)
			}
		})
	}
}
