package project

import (
	"context"
	"fmt"

	"github.com/sigsentry/hub/core"
)

// SourcePatch changes the fields of a log source that are set. Config
// replaces the whole non-secret configuration; Credentials are merged, and a
// credential set to "" is removed.
type SourcePatch struct {
	Name        *string
	Config      map[string]any
	Credentials map[string]string
	Active      *bool
}

// CreateLogSource validates and stores a new, active log source.
func (m *Manager) CreateLogSource(ctx context.Context, projectID string, s LogSource) (*LogSource, error) {
	if _, err := m.store.GetProject(ctx, projectID); err != nil {
		return nil, err
	}
	s.ID = core.NewID(core.PrefixLogSource)
	s.ProjectID = projectID
	s.Active = true
	s.CreatedAt = m.now()
	s.UpdatedAt = s.CreatedAt
	s.Normalize()
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if err := m.store.CreateLogSource(ctx, &s); err != nil {
		return nil, fmt.Errorf("create log source: %w", err)
	}
	return &s, nil
}

// UpdateLogSource applies patch to one source of a project. The type cannot
// change: a new type is a new source.
func (m *Manager) UpdateLogSource(ctx context.Context, projectID, id string, patch SourcePatch) (*LogSource, error) {
	s, err := m.store.GetLogSource(ctx, projectID, id)
	if err != nil {
		return nil, err
	}
	if patch.Name != nil {
		s.Name = *patch.Name
	}
	if patch.Config != nil {
		s.Config = patch.Config
	}
	if s.Credentials == nil {
		s.Credentials = map[string]string{}
	}
	for k, v := range patch.Credentials {
		if v == "" {
			delete(s.Credentials, k)
		} else {
			s.Credentials[k] = v
		}
	}
	if patch.Active != nil {
		s.Active = *patch.Active
	}
	s.UpdatedAt = m.now()
	s.Normalize()
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if err := m.store.UpdateLogSource(ctx, s); err != nil {
		return nil, fmt.Errorf("update log source %s: %w", id, err)
	}
	return s, nil
}

// GetLogSource returns one source of a project.
func (m *Manager) GetLogSource(ctx context.Context, projectID, id string) (*LogSource, error) {
	return m.store.GetLogSource(ctx, projectID, id)
}

// ListLogSources returns every source of a project.
func (m *Manager) ListLogSources(ctx context.Context, projectID string) ([]*LogSource, error) {
	if _, err := m.store.GetProject(ctx, projectID); err != nil {
		return nil, err
	}
	return m.store.ListLogSources(ctx, projectID)
}

// DeleteLogSource removes one source of a project.
func (m *Manager) DeleteLogSource(ctx context.Context, projectID, id string) error {
	return m.store.DeleteLogSource(ctx, projectID, id)
}
