package intercomdesk

import (
	"context"
	"encoding/json"
	"fmt"
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
		return &deskv1.HandleWebhookResponse{Error: sdk.BadSignature("X-Hub-Signature missing or wrong (HMAC-SHA1 of the body with the app's client secret)")}, nil
	}
	var n notification
	if err := json.Unmarshal(req.Body, &n); err != nil || n.Type != "notification_event" {
		return &deskv1.HandleWebhookResponse{Error: sdk.Malformed("body is not an Intercom notification_event")}, nil
	}
	out := &deskv1.HandleWebhookResponse{WorkspaceId: n.AppID}
	if n.Topic == "ping" || (!createdTopics[n.Topic] && !partTopics[n.Topic]) {
		// Acknowledge everything else: an error would only make Intercom
		// retry a delivery we do not want.
		return out, nil
	}
	if n.AppID == "" {
		// An event of no workspace cannot be routed to a binding.
		return &deskv1.HandleWebhookResponse{Error: sdk.Malformed("%s: app_id missing", n.Topic)}, nil
	}
	var c conversation
	if err := json.Unmarshal(n.Data.Item, &c); err != nil || c.ID == "" {
		return &deskv1.HandleWebhookResponse{Error: sdk.Malformed("%s: data.item is not a conversation", n.Topic)}, nil
	}
	if createdTopics[n.Topic] {
		ev, err := d.createdEvent(n, c)
		if err != nil {
			return &deskv1.HandleWebhookResponse{Error: sdk.Malformed("%s: %v", n.Topic, err)}, nil
		}
		if ev != nil {
			out.Events = append(out.Events, ev)
		}
		return out, nil
	}
	for i, p := range c.ConversationParts.Parts {
		ev, err := d.partEvent(n, c, p, s)
		if err != nil {
			return &deskv1.HandleWebhookResponse{Error: sdk.Malformed("%s: conversation_parts[%d]: %v", n.Topic, i, err)}, nil
		}
		out.Events = append(out.Events, ev)
	}
	return out, nil
}

func (d *Desk) createdEvent(n notification, c conversation) (*deskv1.Event, error) {
	m := c.Source
	if m == nil {
		m = c.ConversationMessage
	}
	if m == nil {
		return nil, nil
	}
	at, err := eventTime(c.CreatedAt, "data.item.created_at", n.CreatedAt)
	if err != nil {
		return nil, err
	}
	return &deskv1.Event{
		Kind: deskv1.Event_CONVERSATION_CREATED, DeliveryId: n.ID, WorkspaceId: n.AppID,
		ConversationId: string(c.ID), PartId: string(m.ID), AuthorKind: authorKind(m.Author.Type),
		AuthorId: string(m.Author.ID), Text: plainText(m.Body), CreatedAtUnixMs: at, Topic: n.Topic,
	}, nil
}

func (d *Desk) partEvent(n notification, c conversation, p part, s settings) (*deskv1.Event, error) {
	kind := authorKind(p.Author.Type)
	// Parts our app created carry its package code: drop the echo of our
	// own notes and replies (FACTS §3.2).
	if s.appPackageCode != "" && p.AppPackageCode == s.appPackageCode {
		kind = "app"
	}
	at, err := eventTime(p.CreatedAt, "created_at", n.CreatedAt)
	if err != nil {
		return nil, err
	}
	return &deskv1.Event{
		Kind: deskv1.Event_PART_CREATED, DeliveryId: n.ID, WorkspaceId: n.AppID,
		ConversationId: string(c.ID), PartId: string(p.ID), AuthorKind: kind,
		AuthorId: string(p.Author.ID), Text: plainText(p.Body), CreatedAtUnixMs: at, Topic: n.Topic,
	}, nil
}

// handleUninstall reads {"app_id": "…"} signed with X-Body-Signature (FACTS §2).
func handleUninstall(req *deskv1.HandleWebhookRequest, secret string) *deskv1.HandleWebhookResponse {
	if !verifyBodySignature(req.Body, req.Headers["x-body-signature"], secret) {
		return &deskv1.HandleWebhookResponse{Error: sdk.BadSignature("X-Body-Signature missing or wrong (HMAC-SHA256 of the body with the app's client secret)")}
	}
	var body struct {
		AppID string `json:"app_id"`
	}
	if err := json.Unmarshal(req.Body, &body); err != nil || body.AppID == "" {
		return &deskv1.HandleWebhookResponse{Error: sdk.Malformed("uninstall notification without app_id")}
	}
	return &deskv1.HandleWebhookResponse{WorkspaceId: body.AppID, Events: []*deskv1.Event{{
		Kind: deskv1.Event_UNINSTALLED, WorkspaceId: body.AppID, CreatedAtUnixMs: time.Now().UnixMilli(),
	}}}
}

// maxUnixSeconds is 9999-12-31T23:59:59Z, the last second RFC 3339 (and so
// the hub's JSON) can write.
const maxUnixSeconds = 253402300799

// eventTime is an event's time in Unix milliseconds: at, the object's own
// created_at (Unix seconds, FACTS §3.3), or the notification's when at is
// absent (0). A time before 1970 or after 9999 is an error, not a
// timestamp: in milliseconds it would overflow int64 or name a year the hub
// cannot store (a garbage time, and an event job that cannot be encoded).
// No real notification carries one, so the delivery is refused as
// malformed rather than clamped to a made-up time.
func eventTime(at int64, field string, notificationAt int64) (int64, error) {
	if at == 0 {
		at, field = notificationAt, "the notification's created_at"
	}
	if at < 0 || at > maxUnixSeconds {
		return 0, fmt.Errorf("%s %d is not a Unix time in seconds between 1970 and 9999", field, at)
	}
	return at * 1000, nil
}
