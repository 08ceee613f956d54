package intercomdesk_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/plugins/intercom/intercomsim"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// TestWebhookTimesOutOfRangeAreRefused: Intercom's created_at values are
// Unix seconds. One the hub cannot hold (before 1970, after 9999, or so
// large that it overflows in milliseconds) is refused with a message naming
// the field and the value, instead of becoming a garbage event time; every
// accepted time is one the hub can encode as JSON, as its event jobs do.
func TestWebhookTimesOutOfRangeAreRefused(t *testing.T) {
	c := configured(t, newWorld(t))
	replied := func(envelopeAt, partAt int64) string {
		return fmt.Sprintf(`{"type":"notification_event","id":"notif_1","topic":"conversation.user.replied","app_id":"ws1","created_at":%d,`+
			`"data":{"type":"notification_event_data","item":{"type":"conversation","id":"42","conversation_parts":{"conversation_parts":[`+
			`{"id":"7","part_type":"comment","body":"Checkout is down","created_at":%d,"author":{"type":"user","id":"u1"}}]}}}}`, envelopeAt, partAt)
	}
	created := func(envelopeAt, convAt int64) string {
		return fmt.Sprintf(`{"type":"notification_event","id":"notif_2","topic":"conversation.user.created","app_id":"ws1","created_at":%d,`+
			`"data":{"type":"notification_event_data","item":{"type":"conversation","id":"43","created_at":%d,`+
			`"source":{"id":"9","body":"Login fails","author":{"type":"user","id":"u1"}},"conversation_parts":{"conversation_parts":[]}}}}`, envelopeAt, convAt)
	}
	const year9999End = 253402300799 // 9999-12-31T23:59:59Z
	for _, tc := range []struct {
		name, body string
		wantMs     int64  // when accepted
		wantErr    string // when refused: the field and value the message names
	}{
		{"part in 2023", replied(1700000000, 1700000001), 1700000001000, ""},
		{"part without time takes the notification's", replied(1700000000, 0), 1700000000000, ""},
		{"last second of 9999", replied(1700000000, year9999End), year9999End * 1000, ""},
		{"first second after 1970", created(1700000000, 1), 1000, ""},
		{"part time that overflows in ms", replied(1700000000, 9e18), 0, "created_at 9000000000000000000"},
		{"largest int64", replied(1700000000, 1<<63-1), 0, "created_at 9223372036854775807"},
		{"part before 1970", replied(1700000000, -1), 0, "created_at -1"},
		{"year 10000", replied(1700000000, year9999End+1), 0, "created_at 253402300800"},
		{"notification time used and absurd", replied(-9e18, 0), 0, "the notification's created_at -9000000000000000000"},
		{"conversation before year 1", created(1700000000, -62135596801), 0, "data.item.created_at -62135596801"},
		{"conversation time that overflows", created(1700000000, 9e18), 0, "data.item.created_at 9000000000000000000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := []byte(tc.body)
			resp := deliver(t, c, body, "events", "x-hub-signature", intercomsim.HubSignature(clientSecret, body))
			if tc.wantErr != "" {
				e := resp.GetError()
				if e.GetKind() != deskv1.DeskError_INVALID || len(resp.Events) != 0 ||
					!strings.Contains(e.GetMessage(), tc.wantErr) || !strings.Contains(e.GetMessage(), "between 1970 and 9999") {
					t.Fatalf("want INVALID naming %q, got %v with events %v", tc.wantErr, e, resp.Events)
				}
				return
			}
			if resp.GetError() != nil || len(resp.Events) != 1 {
				t.Fatalf("want one event, got %v %v", resp.GetError(), resp.Events)
			}
			ms := resp.Events[0].CreatedAtUnixMs
			if ms != tc.wantMs {
				t.Errorf("created_at_unix_ms %d, want %d", ms, tc.wantMs)
			}
			if _, err := json.Marshal(time.UnixMilli(ms).UTC()); err != nil {
				t.Errorf("the hub could not encode the event time: %v", err)
			}
		})
	}
}
