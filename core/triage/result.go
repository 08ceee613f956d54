package triage

import (
	"context"
	"time"

	"github.com/sigsentry/hub/core"
)

// Result is the triage of one conversation. It is explainable: Evidence holds
// the phrases that decided severity, service and window.
type Result struct {
	ID              string        `json:"id"`
	BindingID       string        `json:"binding_id"`
	ProjectID       string        `json:"project_id"`
	ConversationID  string        `json:"conversation_id"`
	Severity        core.Severity `json:"severity"`
	Confidence      float64       `json:"confidence"`
	AffectedService *string       `json:"affected_service"`
	Window          core.Window   `json:"window"`
	Evidence        []string      `json:"evidence"`
	CreatedAt       time.Time     `json:"created_at"`
	UpdatedAt       time.Time     `json:"updated_at"`
}

// Store keeps the latest triage of each conversation of a binding.
type Store interface {
	// SaveTriage inserts or replaces the triage of (BindingID, ConversationID).
	SaveTriage(ctx context.Context, r *Result) error
	// GetTriage returns the triage of a conversation, or core.ErrNotFound.
	GetTriage(ctx context.Context, bindingID, conversationID string) (*Result, error)
}
