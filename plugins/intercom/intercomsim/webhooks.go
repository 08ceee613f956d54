package intercomsim

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
)

// The webhook topics the simulator sends (FACTS §3.2). There is no conversation.created or
// conversation_part.created topic in Intercom, so there is none here either.
const (
	TopicUserCreated        = "conversation.user.created"
	TopicUserReplied        = "conversation.user.replied"
	TopicAdminReplied       = "conversation.admin.replied"
	TopicAdminNoted         = "conversation.admin.noted"
	TopicAdminSingleCreated = "conversation.admin.single.created"
	TopicOperatorReplied    = "conversation.operator.replied"
	TopicAdminClosed        = "conversation.admin.closed"
	TopicPing               = "ping"
)

// Topics lists every topic Webhook accepts.
var Topics = []string{
	TopicUserCreated, TopicUserReplied, TopicAdminReplied, TopicAdminNoted,
	TopicAdminSingleCreated, TopicOperatorReplied, TopicAdminClosed, TopicPing,
}

// ErrNoTriggeringPart is returned when a conversation has no part a topic could be about.
var ErrNoTriggeringPart = errors.New("intercomsim: no part of the conversation matches the topic")

// notification is a built webhook; redeliveries resend the same one.
type notification struct {
	id, topic, appID string
	createdAt        int64
	item             json.RawMessage
	attempts         int
}

// envelope is the notification as Intercom posts it (FACTS §3.3), in the field order of
// Intercom's recorded samples, legacy fields included so that decoders that refuse unknown
// fields fail here rather than in production.
type envelope struct {
	Type             string       `json:"type"`
	AppID            string       `json:"app_id"`
	Data             envelopeData `json:"data"`
	Links            struct{}     `json:"links"`
	ID               string       `json:"id"`
	Topic            string       `json:"topic"`
	DeliveryStatus   *string      `json:"delivery_status"`
	DeliveryAttempts int          `json:"delivery_attempts"`
	DeliveredAt      int64        `json:"delivered_at"`
	FirstSentAt      int64        `json:"first_sent_at"`
	CreatedAt        int64        `json:"created_at"`
	Self             *string      `json:"self"`
}

type envelopeData struct {
	Type string          `json:"type"`
	Item json.RawMessage `json:"item"`
}

// Webhook builds a new notification for topic and returns the body and headers of its first
// delivery. id is a conversation id, except for TopicPing, where it is the workspace id (a
// ping concerns the app in a workspace, not a conversation).
//
// data.item is the conversation with bodies in plain text (API 2.15+) and in
// conversation_parts only the part that triggered the event: the newest part that fits the
// topic (a note for admin.noted, a bot comment for operator.replied, …). For user.created and
// admin.single.created the message is in source and conversation_parts is empty.
func (s *Sim) Webhook(topic, id string) ([]byte, http.Header, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := s.notificationFor(topic, id)
	if err != nil {
		return nil, nil, err
	}
	n.attempts = 1
	body, header := s.signedWebhook(n)
	return body, header, nil
}

// notificationFor builds and stores a notification. Callers hold s.mu.
func (s *Sim) notificationFor(topic, id string) (*notification, error) {
	if topic == TopicPing {
		if _, err := s.workspaceLocked(id); err != nil {
			return nil, err
		}
		item, _ := marshal(map[string]string{"type": "ping", "message": "Ping from intercomsim"})
		return s.storeNotification(topic, id, item), nil
	}
	if !slices.Contains(Topics, topic) {
		return nil, fmt.Errorf("intercomsim: topic %q is not one of %v", topic, Topics)
	}
	conv, _, err := s.conversationLocked(id)
	if err != nil {
		return nil, err
	}
	var trigger *part
	switch topic {
	case TopicUserCreated, TopicAdminSingleCreated:
		if (topic == TopicAdminSingleCreated) != (conv.deliveredAs == "admin_initiated") {
			return nil, fmt.Errorf("%w: conversation %s was %s", ErrNoTriggeringPart, id, conv.deliveredAs)
		}
	default:
		for i := len(conv.parts) - 1; i >= 0 && trigger == nil; i-- {
			if partFits(topic, conv.parts[i]) {
				trigger = conv.parts[i]
			}
		}
		if trigger == nil {
			return nil, fmt.Errorf("%w: %s in conversation %s", ErrNoTriggeringPart, topic, id)
		}
	}
	return s.newConversationNotification(topic, conv, trigger), nil
}

func (s *Sim) newConversationNotification(topic string, conv *conversation, trigger *part) *notification {
	var parts []*part
	if trigger != nil {
		parts = []*part{trigger}
	}
	item, err := marshal(conv.render(parts, true))
	if err != nil {
		panic(fmt.Sprintf("intercomsim: encode webhook item: %v", err))
	}
	return s.storeNotification(topic, conv.workspaceID, item)
}

func (s *Sim) storeNotification(topic, appID string, item json.RawMessage) *notification {
	n := &notification{id: "notif_" + newUUID(), topic: topic, appID: appID, createdAt: s.now(), item: item}
	s.notifications[n.id] = n
	return n
}

// signedWebhook serialises a notification compactly, as Intercom does, and signs it.
func (s *Sim) signedWebhook(n *notification) ([]byte, http.Header) {
	body, err := marshal(envelope{
		Type: "notification_event", AppID: n.appID,
		Data: envelopeData{Type: "notification_event_data", Item: n.item},
		ID:   n.id, Topic: n.topic, DeliveryAttempts: n.attempts,
		FirstSentAt: n.createdAt, CreatedAt: n.createdAt,
	})
	if err != nil {
		panic(fmt.Sprintf("intercomsim: encode webhook: %v", err))
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("Accept", "application/json")
	h.Set("User-Agent", "intercom-parrot-service-client/1.0")
	h.Set("X-Hub-Signature", HubSignature(s.opts.ClientSecret, body))
	return body, h
}

// partFits reports whether a part is what a topic is about.
func partFits(topic string, p *part) bool {
	byContact := p.author.Type == "user" || p.author.Type == "lead"
	reply := p.partType == "comment" || p.partType == "quick_reply"
	switch topic {
	case TopicUserReplied:
		return byContact && (p.partType == "comment" || p.partType == "open")
	case TopicAdminReplied: // bot replies arrive here too (FACTS §3.2)
		return (p.author.Type == "admin" || p.author.Type == "bot") && reply
	case TopicAdminNoted:
		return p.author.Type == "admin" && p.partType == "note"
	case TopicOperatorReplied:
		return p.author.Type == "bot" && reply
	case TopicAdminClosed:
		return p.author.Type == "admin" && p.partType == "close"
	}
	return false
}

// topicForPart is the topic a new part triggers first, or "" when it triggers none the
// simulator knows.
func topicForPart(p *part) string {
	for _, t := range []string{TopicAdminNoted, TopicAdminClosed, TopicUserReplied, TopicAdminReplied} {
		if partFits(t, p) {
			return t
		}
	}
	return ""
}
