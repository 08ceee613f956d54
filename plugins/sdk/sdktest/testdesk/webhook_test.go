package testdesk_test

import (
	"context"
	"testing"

	"github.com/sigsentry/hub/plugins/sdk/deskv1"
	"github.com/sigsentry/hub/plugins/sdk/sdktest/testdesk"
)

func TestWebhookDeliveryBecomesOneEvent(t *testing.T) {
	client, _, _ := setup(t)
	body := []byte(`{"id":"dlv_1","workspace":"w1","conversation":"c1","part":"p1","text":"checkout fails","created_at":1700000000}`)
	resp, err := client.HandleWebhook(context.Background(), &deskv1.HandleWebhookRequest{
		Body:     body,
		Headers:  map[string]string{"x-test-signature": testdesk.Sign(testdesk.FakeClientSecret, body)}, // any case
		Endpoint: "events",
	})
	if err != nil || resp.GetError() != nil {
		t.Fatalf("HandleWebhook = %v, %v", resp.GetError(), err)
	}
	if len(resp.GetEvents()) != 1 {
		t.Fatalf("events = %v, want one", resp.GetEvents())
	}
	ev := resp.GetEvents()[0]
	want := &deskv1.Event{Kind: deskv1.Event_CONVERSATION_CREATED, DeliveryId: "dlv_1", WorkspaceId: "w1",
		ConversationId: "c1", PartId: "p1", AuthorKind: "user", Text: "checkout fails", CreatedAtUnixMs: 1700000000000}
	if ev.String() != want.String() {
		t.Errorf("event = %v\nwant    %v", ev, want)
	}
	if resp.GetWorkspaceId() != "w1" || resp.GetStatus() != 200 {
		t.Errorf("workspace %q status %d, want w1 200", resp.GetWorkspaceId(), resp.GetStatus())
	}
}

func TestWebhookWithoutEvents(t *testing.T) {
	client, _, _ := setup(t)
	cases := map[string]struct {
		body     string
		endpoint string
		want     deskv1.Event_Kind // KIND_UNSPECIFIED: no event
	}{
		"ping":            {body: `{"type":"ping"}`},
		"unknown type":    {body: `{"type":"conversation.rated","id":"dlv_9","workspace":"w1"}`},
		"uninstall type":  {body: `{"type":"app.uninstalled","id":"dlv_2","workspace":"w1"}`, want: deskv1.Event_UNINSTALLED},
		"uninstall route": {body: `{"id":"dlv_3","workspace":"w1"}`, endpoint: "uninstall", want: deskv1.Event_UNINSTALLED},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			body := []byte(tc.body)
			resp, err := client.HandleWebhook(context.Background(), &deskv1.HandleWebhookRequest{Body: body,
				Headers: map[string]string{testdesk.SignatureHeader: testdesk.Sign(testdesk.FakeClientSecret, body)}, Endpoint: tc.endpoint})
			if err != nil || resp.GetError() != nil || resp.GetStatus() != 200 {
				t.Fatalf("HandleWebhook = %v (status %d), %v", resp.GetError(), resp.GetStatus(), err)
			}
			switch {
			case tc.want == deskv1.Event_KIND_UNSPECIFIED && len(resp.GetEvents()) != 0:
				t.Errorf("events = %v, want none", resp.GetEvents())
			case tc.want != deskv1.Event_KIND_UNSPECIFIED && (len(resp.GetEvents()) != 1 || resp.GetEvents()[0].GetKind() != tc.want):
				t.Errorf("events = %v, want one %s", resp.GetEvents(), tc.want)
			}
		})
	}
}

func TestWebhookRefusals(t *testing.T) {
	client, fake, _ := setup(t)
	body, headers := fake.Delivery(testdesk.FakeConversationID, "hello")
	sig := headers[testdesk.SignatureHeader]
	notJSON := []byte(`not json`)
	cases := map[string]struct {
		body []byte
		sig  string
	}{
		"tampered body":   {append(append([]byte{}, body...), ' '), sig},
		"wrong secret":    {body, testdesk.Sign("someone-else", body)},
		"missing header":  {body, ""},
		"no sha256= tag":  {body, sig[len("sha256="):]},
		"not hex":         {body, "sha256=zz"},
		"signed not JSON": {notJSON, testdesk.Sign(testdesk.FakeClientSecret, notJSON)},
		"no workspace":    {[]byte(`{"id":"d","conversation":"c1"}`), testdesk.Sign(testdesk.FakeClientSecret, []byte(`{"id":"d","conversation":"c1"}`))},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			h := map[string]string{"Content-Type": "application/json"}
			if tc.sig != "" {
				h[testdesk.SignatureHeader] = tc.sig
			}
			resp, err := client.HandleWebhook(context.Background(), &deskv1.HandleWebhookRequest{Body: tc.body, Headers: h})
			if err != nil {
				t.Fatalf("gRPC error %v, want a desk error", err)
			}
			wantKind(t, resp.GetError(), deskv1.DeskError_INVALID)
			if len(resp.GetEvents()) != 0 {
				t.Errorf("events = %v, want none from a refused delivery", resp.GetEvents())
			}
		})
	}
}
