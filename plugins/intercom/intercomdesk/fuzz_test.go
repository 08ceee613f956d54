package intercomdesk_test

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/plugins/intercom/intercomdesk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

const fuzzSecret = "fuzz-client-secret"

func fuzzDesk(f *testing.F) *intercomdesk.Desk {
	d := intercomdesk.New()
	resp, err := d.Configure(f.Context(), &deskv1.ConfigureRequest{Settings: map[string]string{
		intercomdesk.SettingClientID: "fuzz-client", intercomdesk.SettingClientSecret: fuzzSecret,
		intercomdesk.SettingAppPackageCode: "fuzzapp",
	}})
	if err != nil || resp.GetError() != nil {
		f.Fatalf("configure: %v %v", err, resp.GetError())
	}
	return d
}

func hubSignature(body []byte) string {
	m := hmac.New(sha1.New, []byte(fuzzSecret))
	m.Write(body)
	return "sha1=" + hex.EncodeToString(m.Sum(nil))
}

func bodySignature(body []byte) string {
	m := hmac.New(sha256.New, []byte(fuzzSecret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// FuzzHandleWebhook delivers arbitrary bodies with arbitrary signature
// headers, to the events and the uninstall endpoints. It must never panic
// nor answer a gRPC error; a wrong signature is always refused; a body
// signed right either becomes events the hub can route (a workspace, and a
// conversation for conversation events) or a DeskError.
// testdata/fuzz/FuzzHandleWebhook holds the nasty seeds (deep nesting,
// truncation, duplicate keys, huge numbers, invalid UTF-8, created_at
// values that overflow in milliseconds or fall before 1970).
func FuzzHandleWebhook(f *testing.F) {
	for _, seed := range []string{
		``, `{}`, `null`, `{"type":"notification_event","topic":"ping","app_id":"ws1","data":{"item":{}}}`,
		`{"type":"notification_event","id":"n1","topic":"conversation.user.replied","app_id":"ws1","created_at":1700000000,` +
			`"data":{"item":{"type":"conversation","id":"42","conversation_parts":{"conversation_parts":[{"id":7,"body":"<p>broken</p>","author":{"type":"user","id":"u1"}}]}}}}`,
		`{"app_id":"ws1"}`,
	} {
		f.Add([]byte(seed), "sha1=00", true, false)
		f.Add([]byte(seed), "", false, true)
	}
	d := fuzzDesk(f)
	f.Fuzz(func(t *testing.T, body []byte, header string, sign, uninstall bool) {
		endpoint, name := "events", "x-hub-signature"
		if uninstall {
			endpoint, name = "uninstall", "x-body-signature"
		}
		right := hubSignature(body)
		if uninstall {
			right = bodySignature(body)
		}
		if sign {
			header = right
		}
		resp, err := d.HandleWebhook(t.Context(), &deskv1.HandleWebhookRequest{
			Endpoint: endpoint, Body: body, Headers: map[string]string{name: header}})
		if err != nil {
			t.Fatalf("gRPC error %v; want a DeskError or events", err)
		}
		if resp == nil {
			t.Fatal("nil response")
		}
		if !signs(header, right, uninstall) {
			if resp.GetError() == nil || len(resp.Events) > 0 {
				t.Fatalf("wrong signature %q accepted: %+v", header, resp)
			}
			return
		}
		if e := resp.GetError(); e != nil {
			if len(resp.Events) > 0 || e.Message == "" {
				t.Fatalf("error %v with events %v", e, resp.Events)
			}
			return
		}
		for _, ev := range resp.Events {
			if ev == nil || ev.WorkspaceId == "" || ev.WorkspaceId != resp.WorkspaceId {
				t.Fatalf("event %+v of response for workspace %q", ev, resp.WorkspaceId)
			}
			if ev.Kind != deskv1.Event_UNINSTALLED && ev.ConversationId == "" {
				t.Fatalf("%s event without a conversation id: %+v", ev.Kind, ev)
			}
			// The hub stores the time in JSON (years 0–9999): an absurd
			// created_at must be refused, not overflow into garbage.
			if _, err := time.UnixMilli(ev.CreatedAtUnixMs).UTC().MarshalJSON(); err != nil || ev.CreatedAtUnixMs < 0 {
				t.Fatalf("event time %d ms is no time the hub can store (%v): %+v", ev.CreatedAtUnixMs, err, ev)
			}
		}
	})
}

// FuzzParseCanvas: arbitrary Canvas Kit requests and X-Body-Signature
// headers. Never a panic nor a gRPC error; a wrong signature is refused; a
// body signed right names its workspace or is a DeskError.
func FuzzParseCanvas(f *testing.F) {
	for _, seed := range []string{
		``, `{}`, `{"workspace_id":"ws1","component_id":"refresh","admin":{"id":5},"conversation":{"id":"42"}}`,
		`{"workspace_id":""}`, `{"workspace_id":"ws1","conversation":{"id":null}}`,
	} {
		f.Add([]byte(seed), "", true)
		f.Add([]byte(seed), " deadbeef ", false)
	}
	d := fuzzDesk(f)
	f.Fuzz(func(t *testing.T, body []byte, header string, sign bool) {
		right := bodySignature(body)
		if sign {
			header = right
		}
		resp, err := d.ParseCanvas(t.Context(), &deskv1.ParseCanvasRequest{Body: body, Kind: "submit",
			Headers: map[string]string{"x-body-signature": header}})
		if err != nil || resp == nil {
			t.Fatalf("gRPC error %v (response %v); want a DeskError or a request", err, resp)
		}
		if !signs(header, right, true) {
			if resp.GetError() == nil {
				t.Fatalf("wrong signature %q accepted: %+v", header, resp)
			}
			return
		}
		if e := resp.GetError(); e != nil {
			if e.Message == "" || resp.WorkspaceId != "" {
				t.Fatalf("error %v with workspace %q", e, resp.WorkspaceId)
			}
			return
		}
		if resp.WorkspaceId == "" {
			t.Fatalf("accepted canvas request without a workspace: %+v", resp)
		}
	})
}

// signs reports whether header carries the MAC want (hex, any case): as
// is after "sha1=" for X-Hub-Signature, trimmed for X-Body-Signature. The
// fuzzer cannot forge an HMAC, so only the right signature, spelt
// differently, passes.
func signs(header, want string, bodySig bool) bool {
	if bodySig {
		header = strings.TrimSpace(header)
	} else {
		var ok bool
		if header, ok = strings.CutPrefix(header, "sha1="); !ok {
			return false
		}
		want = strings.TrimPrefix(want, "sha1=")
	}
	got, err := hex.DecodeString(header)
	w, _ := hex.DecodeString(want)
	return err == nil && hmac.Equal(got, w)
}
