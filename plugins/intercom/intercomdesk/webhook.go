package intercomdesk

import (
	"context"
	"encoding/json"
	"time"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// Topics that start or add to a conversation (FACTS §3.2). Intercom has no
// "conversation.created" or "conversation_part.created" topic: these are the
// real ones behind SigSentry's two events.
var (
	createdTopics = map[string]bool{
		"conversation.user.created":         true,
		"conversation.admin.single.created": true,
	}
	partTopics = map[string]bool{
		"conversation.user.replied":     true,
		"conversation.admin.replied":    true,
		"conversation.admin.noted":      true,
		"conversation.operator.replied": true,
	}
)

// HandleWebhook verifies and normalises one delivery. On the "uninstall"
// endpoint it reads Intercom's uninstall notification instead.
func (d *Desk) HandleWebhook(_ context.Context, req *deskv1.HandleWebhookRequest) (*deskv1.HandleWebhookResponse, error) {
	s := d.current()
	if req.Endpoint == "uninstall" {
		return handleUninstall(req, s.clientSecret), nil
	}
	if !verifyHubSignature(req.Body, req.Headers["x-hub-signature"], s.clientSecret) {
		return &deskv1.HandleWebhookResponse{Error: sdk.Invalid("X-Hub-Signature missing or wrong (HMAC-SHA1 of the body with the app's client secret)")}, nil
	}
	var n notification
	if err := json.Unmarshal(req.Body, &n); err != nil || n.Type != "notification_event" {
		return &deskv1.HandleWebhookResponse{Error: sdk.Invalid("body is not an Intercom notification_event")}, nil
	}
	out := &deskv1.HandleWebhookResponse{WorkspaceId: n.AppID}
	if n.Topic == "ping" || (!createdTopics[n.Topic] && !partTopics[n.Topic]) {
		// Acknowledge everything else: an error would only make Intercom
		// retry a delivery we do not want.
		return out, nil
	}
	if n.AppID == "" {
		// An event of no workspace cannot be routed to a binding.
		return &deskv1.HandleWebhookResponse{Error: sdk.Invalid("%s: app_id missing", n.Topic)}, nil
	}
	var c conversation
	if err := json.Unmarshal(n.Data.Item, &c); err != nil || c.ID == "" {
		return &deskv1.HandleWebhookResponse{Error: sdk.Invalid("%s: data.item is not a conversation", n.Topic)}, nil
	}
	if createdTopics[n.Topic] {
		if ev := d.createdEvent(n, c); ev != nil {
			out.Events = append(out.Events, ev)
		}
		return out, nil
	}
	for _, p := range c.ConversationParts.Parts {
		out.Events = append(out.Events, d.partEvent(n, c, p, s))
	}
	return out, nil
}

func (d *Desk) createdEvent(n notification, c conversation) *deskv1.Event {
	m := c.Source
	if m == nil {
		m = c.ConversationMessage
	}
	if m == nil {
		return nil
	}
	at := c.CreatedAt
	if at == 0 {
		at = n.CreatedAt
	}
	return &deskv1.Event{
		Kind: deskv1.Event_CONVERSATION_CREATED, DeliveryId: n.ID, WorkspaceId: n.AppID,
		ConversationId: string(c.ID), PartId: string(m.ID), AuthorKind: authorKind(m.Author.Type),
		AuthorId: string(m.Author.ID), Text: plainText(m.Body), CreatedAtUnixMs: unixMs(at), Topic: n.Topic,
	}
}

func (d *Desk) partEvent(n notification, c conversation, p part, s settings) *deskv1.Event {
	kind := authorKind(p.Author.Type)
	// Parts our app created carry its package code: drop the echo of our
	// own notes and replies (FACTS §3.2).
	if s.appPackageCode != "" && p.AppPackageCode == s.appPackageCode {
		kind = "app"
	}
	at := p.CreatedAt
	if at == 0 {
		at = n.CreatedAt
	}
	return &deskv1.Event{
		Kind: deskv1.Event_PART_CREATED, DeliveryId: n.ID, WorkspaceId: n.AppID,
		ConversationId: string(c.ID), PartId: string(p.ID), AuthorKind: kind,
		AuthorId: string(p.Author.ID), Text: plainText(p.Body), CreatedAtUnixMs: unixMs(at), Topic: n.Topic,
	}
}

// handleUninstall reads {"app_id": "…"} signed with X-Body-Signature (FACTS §2).
func handleUninstall(req *deskv1.HandleWebhookRequest, secret string) *deskv1.HandleWebhookResponse {
	if !verifyBodySignature(req.Body, req.Headers["x-body-signature"], secret) {
		return &deskv1.HandleWebhookResponse{Error: sdk.Invalid("X-Body-Signature missing or wrong (HMAC-SHA256 of the body with the app's client secret)")}
	}
	var body struct {
		AppID string `json:"app_id"`
	}
	if err := json.Unmarshal(req.Body, &body); err != nil || body.AppID == "" {
		return &deskv1.HandleWebhookResponse{Error: sdk.Invalid("uninstall notification without app_id")}
	}
	return &deskv1.HandleWebhookResponse{WorkspaceId: body.AppID, Events: []*deskv1.Event{{
		Kind: deskv1.Event_UNINSTALLED, WorkspaceId: body.AppID, CreatedAtUnixMs: time.Now().UnixMilli(),
	}}}
}

func unixMs(sec int64) int64 { return sec * 1000 }
