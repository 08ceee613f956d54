package analysis

import (
	"context"

	"github.com/sigsentry/hub/core"
)

// Filter narrows a listing of analyses. Empty fields match everything.
type Filter struct {
	ProjectID      string
	BindingID      string
	ConversationID string
	Status         Status
	Severity       core.Severity
}

// Store keeps analyses. Missing ids yield core.ErrNotFound.
type Store interface {
	CreateAnalysis(ctx context.Context, a *Analysis) error
	UpdateAnalysis(ctx context.Context, a *Analysis) error
	GetAnalysis(ctx context.Context, id string) (*Analysis, error)
	// ListAnalyses returns one page, newest first, and the next cursor.
	ListAnalyses(ctx context.Context, f Filter, page core.Page) ([]*Analysis, string, error)
}
