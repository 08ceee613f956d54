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
	// Text is what the customer wrote so far (bounded). Every new part is
	// triaged together with it, so a conversation's severity can rise.
	Text string `json:"-"`
	// Timezone is the customer's IANA zone when the desk gave one.
	Timezone string `json:"timezone,omitempty"`
	// PostedSeverity is the highest severity already posted to the desk: a
	// new note is posted only when severity rises above it.
	PostedSeverity core.Severity `json:"posted_severity,omitempty"`
	CreatedAt      time.Time     `json:"created_at"`
	UpdatedAt      time.Time     `json:"updated_at"`
}

// Store keeps the latest triage of each conversation of a binding.
type Store interface {
	// SaveTriage inserts or replaces the triage of (BindingID, ConversationID).
	SaveTriage(ctx context.Context, r *Result) error
	// ReplaceTriage saves r only while the stored triage is still the one
	// read with UpdatedAt prev (zero: none stored yet), else core.ErrConflict
	// and nothing is written: two workers of one conversation cannot
	// overwrite each other's view of it.
	ReplaceTriage(ctx context.Context, r *Result, prev time.Time) error
	// GetTriage returns the triage of a conversation, or core.ErrNotFound.
	GetTriage(ctx context.Context, bindingID, conversationID string) (*Result, error)
}
