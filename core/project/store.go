package project

import (
	"context"

	"github.com/sigsentry/hub/core"
)

// Store keeps projects and their log sources. Get and list methods return a
// *core.Error with code core.ErrNotFound for missing ids. Implementations seal
// LogSource.Credentials at rest.
type Store interface {
	CreateProject(ctx context.Context, p *Project) error
	UpdateProject(ctx context.Context, p *Project) error
	// DeleteProject removes the project and its log sources.
	DeleteProject(ctx context.Context, id string) error
	GetProject(ctx context.Context, id string) (*Project, error)
	// ListProjects returns one page, newest first, and the cursor of the next
	// page ("" on the last).
	ListProjects(ctx context.Context, page core.Page) ([]*Project, string, error)

	CreateLogSource(ctx context.Context, s *LogSource) error
	UpdateLogSource(ctx context.Context, s *LogSource) error
	DeleteLogSource(ctx context.Context, projectID, id string) error
	// GetLogSource finds a source only within its project, so an id from
	// another project is not found.
	GetLogSource(ctx context.Context, projectID, id string) (*LogSource, error)
	ListLogSources(ctx context.Context, projectID string) ([]*LogSource, error)
}
