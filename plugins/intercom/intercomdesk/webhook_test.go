package intercomdesk_test

import (
	"os"
	"strings"
	"testing"

	"github.com/sigsentry/hub/plugins/intercom/intercomdesk"
	"github.com/sigsentry/hub/plugins/intercom/intercomsim"
	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

func configured(t *testing.T, w *world) deskv1.DeskClient {
	t.Helper()
	c := sdk.TestClient(t, intercomdesk.New())
	resp, err := c.Configure(t.Context(), &deskv1.ConfigureRequest{Settings: w.settings})
	if err != nil || resp.GetError() != nil {
		t.Fatalf("configure: %v %v", err, resp.GetError())
	}
	return c
}

func deliver(t *testing.T, c deskv1.DeskClient, body []byte, endpoint, header, sig string) *deskv1.HandleWebhookResponse {
	t.Helper()
	resp, err := c.HandleWebhook(t.Context(), &deskv1.HandleWebhookRequest{Body: body, Endpoint: endpoint,
		Headers: map[string]string{header: sig}})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// TestTopicsMapToSigSentryEvents: Intercom's real topics, not the
// conversation.created of SigSentry's docs (FACTS §3.2).
func TestTopicsMapToSigSentryEvents(t *testing.T) {
	w := newWorld(t)
	c := configured(t, w)
	if _, err := w.sim.ContactReply(w.conv, "<p>Still <b>broken</b> &amp; slow</p>"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.sim.AddPart(w.conv, intercomsim.NewPart{PartType: "note", AuthorType: "admin", Body: "looking"}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		topic, kind, author string
	}{
		{intercomsim.TopicUserCreated, "CONVERSATION_CREATED", "user"},
		{intercomsim.TopicUserReplied, "PART_CREATED", "user"},
		{intercomsim.TopicAdminNoted, "PART_CREATED", "admin"},
	}
	for _, tc := range cases {
		body, hdr, err := w.sim.Webhook(tc.topic, w.conv)
		if err != nil {
			t.Fatal(err)
		}
		resp := deliver(t, c, body, "events", "x-hub-signature", hdr.Get("X-Hub-Signature"))
		if resp.GetError() != nil || len(resp.Events) != 1 {
			t.Fatalf("%s: %v %v", tc.topic, resp.GetError(), resp.Events)
		}
		ev := resp.Events[0]
		if ev.Kind.String() != tc.kind || ev.AuthorKind != tc.author || ev.WorkspaceId != w.ws.ID ||
			ev.ConversationId != w.conv || ev.DeliveryId == "" || ev.PartId == "" || ev.Topic != tc.topic {
			t.Errorf("%s: event %+v", tc.topic, ev)
		}
		if tc.topic == intercomsim.TopicUserReplied && ev.Text != "Still broken & slow" {
			t.Errorf("part text %q, want markup removed", ev.Text)
		}
	}
	// Topics we do not need are acknowledged, with no event.
	body, hdr, err := w.sim.Webhook(intercomsim.TopicPing, w.ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	if resp := deliver(t, c, body, "events", "x-hub-signature", hdr.Get("X-Hub-Signature")); resp.GetError() != nil || len(resp.Events) != 0 {
		t.Errorf("ping: %v %v", resp.GetError(), resp.Events)
	}
}

// TestOwnPostsEchoAsApp: our notes come back as conversation.admin.noted
// with our app_package_code and must be recognised as echoes.
func TestOwnPostsEchoAsApp(t *testing.T) {
	w := newWorld(t)
	c := configured(t, w)
	resp, err := c.Post(t.Context(), &deskv1.PostRequest{Credentials: w.credentials(), ConversationId: w.conv,
		Visibility: deskv1.PostRequest_INTERNAL, Body: "SigSentry triage: HIGH", IdempotencyKey: "k", Attempt: 1})
	if err != nil || resp.GetError() != nil || resp.MessageId == "" {
		t.Fatalf("post: %v %v", err, resp.GetError())
	}
	body, hdr, err := w.sim.Webhook(intercomsim.TopicAdminNoted, w.conv)
	if err != nil {
		t.Fatal(err)
	}
	got := deliver(t, c, body, "events", "x-hub-signature", hdr.Get("X-Hub-Signature"))
	if len(got.Events) != 1 || got.Events[0].AuthorKind != "app" || got.Events[0].PartId != resp.MessageId {
		t.Errorf("echo of our note: %+v (posted %s)", got.Events, resp.MessageId)
	}
}

// TestLegacyPayloadsAreRead: 1.x shapes carry the first message in
// conversation_message and HTML bodies.
func TestLegacyPayloadsAreRead(t *testing.T) {
	w := newWorld(t)
	c := configured(t, w)
	for file, wantText := range map[string]string{
		"webhook.conversation.user.created.legacy-api1x.json": "visitor initiated message 1",
		"webhook.conversation.admin.noted.legacy-api1x.json":  "admin note",
	} {
		body, err := os.ReadFile("testdata/" + file)
		if err != nil {
			t.Fatal(err)
		}
		resp := deliver(t, c, body, "events", "x-hub-signature", intercomsim.HubSignature(clientSecret, body))
		if resp.GetError() != nil || len(resp.Events) != 1 || resp.Events[0].Text != wantText ||
			resp.Events[0].ConversationId != "4584686769" {
			t.Errorf("%s: %v %+v", file, resp.GetError(), resp.Events)
		}
	}
	closed, _ := os.ReadFile("testdata/webhook.conversation.admin.closed.legacy-api1x.json")
	if resp := deliver(t, c, closed, "events", "x-hub-signature", intercomsim.HubSignature(clientSecret, closed)); resp.GetError() != nil || len(resp.Events) != 0 {
		t.Errorf("closed topic: want acknowledged without events, got %v %v", resp.GetError(), resp.Events)
	}
}

func TestUninstallNotification(t *testing.T) {
	w := newWorld(t)
	c := configured(t, w)
	body := []byte(`{"app_id":"` + w.ws.ID + `"}`)
	resp := deliver(t, c, body, "uninstall", "x-body-signature", intercomsim.BodySignature(clientSecret, body))
	if resp.GetError() != nil || len(resp.Events) != 1 || resp.Events[0].Kind != deskv1.Event_UNINSTALLED || resp.WorkspaceId != w.ws.ID {
		t.Fatalf("uninstall: %v %+v", resp.GetError(), resp.Events)
	}
	// The X-Hub-Signature of webhooks does not sign uninstall notifications.
	bad := deliver(t, c, body, "uninstall", "x-body-signature", intercomsim.HubSignature(clientSecret, body))
	if bad.GetError().GetKind() != deskv1.DeskError_INVALID || bad.GetError().GetHttpStatus() != 401 {
		t.Errorf("uninstall with a wrong signature: %v, want INVALID with 401 (a bad signature)", bad.GetError())
	}
	unreadable := []byte(`{"app":"x"}`)
	bad = deliver(t, c, unreadable, "uninstall", "x-body-signature", intercomsim.BodySignature(clientSecret, unreadable))
	if bad.GetError().GetKind() != deskv1.DeskError_INVALID || bad.GetError().GetHttpStatus() != 400 {
		t.Errorf("signed uninstall without app_id: %v, want INVALID with 400 (malformed)", bad.GetError())
	}
}

func TestDeletedConversationIsNotFound(t *testing.T) {
	w := newWorld(t)
	c := configured(t, w)
	if err := w.sim.DeleteConversation(w.conv); err != nil {
		t.Fatal(err)
	}
	resp, err := c.Post(t.Context(), &deskv1.PostRequest{Credentials: w.credentials(), ConversationId: w.conv,
		Visibility: deskv1.PostRequest_INTERNAL, Body: "x", IdempotencyKey: "k", Attempt: 1})
	if err != nil || resp.GetError().GetKind() != deskv1.DeskError_NOT_FOUND {
		t.Fatalf("post to a deleted conversation: %v %v", err, resp.GetError())
	}
}

// TestCanvasValidatesAgainstCanvasKit renders every item kind and checks the
// answer with the Canvas Kit schemas.
func TestCanvasValidatesAgainstCanvasKit(t *testing.T) {
	c := sdk.TestClient(t, intercomdesk.New())
	items := []*deskv1.View_Item{
		{Kind: deskv1.View_Item_HEADING, Text: "SigSentry"},
		{Kind: deskv1.View_Item_FIELD, Text: "Severity", Value: "HIGH"},
		{Kind: deskv1.View_Item_FIELD, Text: "Service", Value: "checkout"},
		{Kind: deskv1.View_Item_TEXT, Text: "No analysis yet", Style: "muted"},
		{Kind: deskv1.View_Item_DIVIDER},
		{Kind: deskv1.View_Item_LINK, Text: "Mar 10 15:20 · complete", Url: "https://hub.example.com/analyses/ana_1"},
		{Kind: deskv1.View_Item_SPACER},
		{Kind: deskv1.View_Item_BUTTON, Text: "Run analysis", Action: "run_analysis"},
	}
	resp, err := c.RenderCanvas(t.Context(), &deskv1.RenderCanvasRequest{View: &deskv1.View{Items: items}})
	if err != nil || resp.GetError() != nil {
		t.Fatal(err, resp.GetError())
	}
	for _, submit := range []bool{false, true} {
		problems, err := intercomsim.ValidateCanvasResponse(resp.Body, submit)
		if err != nil || len(problems) > 0 {
			t.Errorf("canvas (submit=%v) invalid: %v %v\n%s", submit, err, problems, resp.Body)
		}
	}
	if !strings.Contains(string(resp.Body), `"data-table"`) {
		t.Errorf("fields should render as one data-table: %s", resp.Body)
	}
}
