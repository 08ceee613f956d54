package analysis

import (
	"time"

	"github.com/sigsentry/hub/core"
)

// Status is where an analysis is in its life: pending → processing →
// complete | partial | failed.
type Status string

const (
	StatusPending    Status = "pending"
	StatusProcessing Status = "processing"
	StatusComplete   Status = "complete"
	// StatusPartial: finished, but at least one log source failed.
	StatusPartial Status = "partial"
	StatusFailed  Status = "failed"
)

// Done reports whether the analysis will not change any more.
func (s Status) Done() bool {
	return s == StatusComplete || s == StatusPartial || s == StatusFailed
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	return s == StatusPending || s == StatusProcessing || s.Done()
}

// Trigger says what started an analysis.
type Trigger string

const (
	TriggerAuto   Trigger = "auto"   // triage reached the binding's threshold
	TriggerManual Trigger = "manual" // an agent pressed "Run analysis"
	TriggerCLI    Trigger = "cli"    // bin/sigsentry analyze
)

// Conversation is the desk conversation an analysis came from.
type Conversation struct {
	Platform       string `json:"platform"`
	WorkspaceID    string `json:"workspace_id"`
	ConversationID string `json:"conversation_id"`
	// Excerpt is the customer's text, trimmed, shown on the analysis page.
	Excerpt string `json:"excerpt"`
}

// Analysis is one run over a project's logs.
type Analysis struct {
	ID           string        `json:"id"`
	ProjectID    string        `json:"project_id"`
	BindingID    string        `json:"binding_id,omitempty"`
	Conversation *Conversation `json:"conversation,omitempty"`
	Trigger      Trigger       `json:"trigger"`
	Status       Status        `json:"status"`
	// Service narrows the analysis to one catalog service when set.
	Service     string      `json:"service,omitempty"`
	Window      core.Window `json:"window"`
	Result      *Result     `json:"result,omitempty"`
	Error       string      `json:"error,omitempty"`
	CreatedAt   time.Time   `json:"created_at"`
	StartedAt   *time.Time  `json:"started_at,omitempty"`
	CompletedAt *time.Time  `json:"completed_at,omitempty"`
}
