package project

import (
	"context"
	"fmt"
	"time"

	"github.com/sigsentry/hub/core"
)

// Manager holds the project use cases: it validates input, fills ids and
// times, and hands the result to the Store.
type Manager struct {
	store Store
	now   func() time.Time
}

// NewManager returns the project use cases over store.
func NewManager(store Store) *Manager {
	return &Manager{store: store, now: func() time.Time { return time.Now().UTC() }}
}

// Patch changes the fields that are set and leaves the others alone.
type Patch struct {
	Name     *string
	Slug     *string
	Services *[]Service
	Context  *string
}

// Create validates and stores a new project.
func (m *Manager) Create(ctx context.Context, p Project) (*Project, error) {
	p.ID = core.NewID(core.PrefixProject)
	p.CreatedAt = m.now()
	p.UpdatedAt = p.CreatedAt
	p.Normalize()
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := m.store.CreateProject(ctx, &p); err != nil {
		return nil, fmt.Errorf("create project: %w", err)
	}
	return &p, nil
}

// Update applies patch to project id.
func (m *Manager) Update(ctx context.Context, id string, patch Patch) (*Project, error) {
	p, err := m.store.GetProject(ctx, id)
	if err != nil {
		return nil, err
	}
	if patch.Name != nil {
		p.Name = *patch.Name
	}
	if patch.Slug != nil {
		p.Slug = *patch.Slug
	}
	if patch.Services != nil {
		p.Services = *patch.Services
	}
	if patch.Context != nil {
		p.Context = *patch.Context
	}
	p.UpdatedAt = m.now()
	p.Normalize()
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := m.store.UpdateProject(ctx, p); err != nil {
		return nil, fmt.Errorf("update project %s: %w", id, err)
	}
	return p, nil
}

// Get returns one project.
func (m *Manager) Get(ctx context.Context, id string) (*Project, error) {
	return m.store.GetProject(ctx, id)
}

// List returns one page of projects, newest first.
func (m *Manager) List(ctx context.Context, page core.Page) ([]*Project, string, error) {
	return m.store.ListProjects(ctx, page.Normalize())
}

// Delete removes a project and its log sources.
func (m *Manager) Delete(ctx context.Context, id string) error {
	return m.store.DeleteProject(ctx, id)
}

// ProjectExists returns nil when the project exists, core.ErrNotFound otherwise.
func (m *Manager) ProjectExists(ctx context.Context, id string) error {
	_, err := m.store.GetProject(ctx, id)
	return err
}
