package analysis

import (
	"context"

	"github.com/sigsentry/hub/core"
)

// Manager holds the analysis use cases that read results. Running analyses
// arrives with the analysis engine.
type Manager struct {
	store Store
}

// NewManager returns the analysis use cases over store.
func NewManager(store Store) *Manager { return &Manager{store: store} }

// Get returns one analysis.
func (m *Manager) Get(ctx context.Context, id string) (*Analysis, error) {
	return m.store.GetAnalysis(ctx, id)
}

// List returns one page of analyses matching f, newest first.
func (m *Manager) List(ctx context.Context, f Filter, page core.Page) ([]*Analysis, string, error) {
	if f.Status != "" && !f.Status.Valid() {
		return nil, "", core.Invalid("status", "must be pending, processing, complete, partial or failed (got %q)", f.Status)
	}
	if f.Severity != "" && !f.Severity.Valid() {
		return nil, "", core.Invalid("severity", "must be critical, high, medium or low (got %q)", f.Severity)
	}
	return m.store.ListAnalyses(ctx, f, page.Normalize())
}
