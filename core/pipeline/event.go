package pipeline

import (
	"context"
	"errors"
	"time"
)

// Event kinds a desk reports.
const (
	EventConversationCreated = "conversation.created"
	EventPartCreated         = "conversation_part.created"
	EventUninstalled         = "app.uninstalled"
)

// Author kinds of a conversation part.
const (
	AuthorUser  = "user"  // the customer
	AuthorAdmin = "admin" // a teammate
	AuthorBot   = "bot"   // the desk's own bot
	AuthorApp   = "app"   // a part our app posted: an echo to drop
)

// Event is one thing that happened in a desk, normalised by its plugin.
type Event struct {
	Kind string `json:"kind"`
	// DeliveryID is the desk's id for the delivery (de-duplication key).
	DeliveryID     string    `json:"delivery_id"`
	Platform       string    `json:"platform"`
	WorkspaceID    string    `json:"workspace_id"`
	ConversationID string    `json:"conversation_id"`
	PartID         string    `json:"part_id,omitempty"`
	AuthorKind     string    `json:"author_kind"`
	AuthorID       string    `json:"author_id,omitempty"`
	Text           string    `json:"text"`
	CreatedAt      time.Time `json:"created_at"`
	Timezone       string    `json:"timezone,omitempty"`
	Topic          string    `json:"topic,omitempty"`
}

// WebhookResult is a verified, normalised delivery.
type WebhookResult struct {
	// Status is what to answer the desk when it wants something special
	// (0 means 200).
	Status      int
	WorkspaceID string
	Events      []Event
}

// Desks reach the desk plugins. The plugin host implements it.
type Desks interface {
	// HandleWebhook verifies and normalises one raw delivery. endpoint is
	// "events" or "uninstall".
	HandleWebhook(ctx context.Context, platform, endpoint string, body []byte, headers map[string]string) (*WebhookResult, error)
}

// Errors a Desks implementation returns (wrapped) so that the HTTP layer can
// answer the desk correctly.
var (
	// ErrDeskUnavailable: the plugin is down or restarting; the desk should
	// retry (503).
	ErrDeskUnavailable = errors.New("desk plugin unavailable")
	// ErrBadSignature: the request is not from the desk (401).
	ErrBadSignature = errors.New("desk signature invalid")
	// ErrMalformedDelivery: the request is signed by the desk but cannot be
	// read (400). Its message says why; retrying will not help.
	ErrMalformedDelivery = errors.New("malformed desk delivery")
	// ErrUnknownPlatform: no plugin serves this platform (404).
	ErrUnknownPlatform = errors.New("unknown platform")
)
