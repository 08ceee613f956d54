package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/project"
)

const projectColumns = `id, name, slug, services, context, created_at, updated_at`

// CreateProject stores a new project. A slug already in use is a conflict.
func (s *Store) CreateProject(ctx context.Context, p *project.Project) error {
	services, err := toJSON(p.Services)
	if err == nil {
		_, err = s.db.ExecContext(ctx, s.q(`INSERT INTO projects (`+projectColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`),
			p.ID, p.Name, p.Slug, services, p.Context, micros(p.CreatedAt), micros(p.UpdatedAt))
	}
	if derr := s.domainError(err, projectWrite(p)); derr != nil {
		return derr
	}
	return wrap(err, "create project %s", p.ID)
}

// UpdateProject replaces a project's name, slug, services and context.
func (s *Store) UpdateProject(ctx context.Context, p *project.Project) error {
	services, err := toJSON(p.Services)
	if err != nil {
		return wrap(err, "update project %s", p.ID)
	}
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE projects SET name = ?, slug = ?, services = ?, context = ?,
		updated_at = ? WHERE id = ?`), p.Name, p.Slug, services, p.Context, micros(p.UpdatedAt), p.ID)
	if err == nil {
		err = affected(res, "project", p.ID)
	} else if derr := s.domainError(err, projectWrite(p)); derr != nil {
		return derr
	}
	return wrap(err, "update project %s", p.ID)
}

func projectWrite(p *project.Project) onWrite {
	return onWrite{kind: "project", id: p.ID, unique: []uniqueRule{{match: "slug", err: func() error {
		return &core.Error{Code: core.ErrConflict, Field: "slug",
			Message: fmt.Sprintf("%q is already used by another project; choose another slug", p.Slug)}
	}}}}
}

// DeleteProject removes a project with its log sources, its disconnected
// bindings and everything recorded for them (install states, triage
// results, analyses). A project with a connected binding is refused: its
// workspace would go on sending webhooks to nowhere.
func (s *Store) DeleteProject(ctx context.Context, id string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		// Lock the project (a new binding waits on its key), then every
		// binding of it, so that none becomes connected behind our back.
		// SQLite's write transactions are exclusive already.
		var found string
		err := tx.QueryRowContext(ctx, s.q(`SELECT id FROM projects WHERE id = ?`+s.d.forUpdate), id).Scan(&found)
		if err != nil {
			return noRows(err, "project", id)
		}
		bindings, err := queryAll(ctx, tx, func(r scanner) (*binding.Binding, error) {
			var b binding.Binding
			return &b, r.Scan(&b.Status, &b.Platform, &b.WorkspaceID)
		}, s.q(`SELECT status, platform, workspace_id FROM bindings WHERE project_id = ? ORDER BY id`+s.d.forUpdate), id)
		if err != nil {
			return fmt.Errorf("lock bindings: %w", err)
		}
		for _, b := range bindings {
			if b.Connected() {
				return core.Conflict("project %q is still connected to %s workspace %q; disconnect its bindings first",
					id, b.Platform, b.WorkspaceID)
			}
		}
		_, err = tx.ExecContext(ctx, s.q(`DELETE FROM projects WHERE id = ?`), id)
		return err
	})
	return wrap(err, "delete project %s", id)
}

// GetProject returns one project.
func (s *Store) GetProject(ctx context.Context, id string) (*project.Project, error) {
	p, err := scanProject(s.db.QueryRowContext(ctx, s.q(`SELECT `+projectColumns+` FROM projects WHERE id = ?`), id))
	if err != nil {
		return nil, wrap(noRows(err, "project", id), "get project %s", id)
	}
	return p, nil
}

// ListProjects returns one page of projects, newest first.
func (s *Store) ListProjects(ctx context.Context, page core.Page) ([]*project.Project, string, error) {
	query, args := pageQuery(`SELECT `+projectColumns+` FROM projects`, nil, nil, page)
	items, err := queryAll(ctx, s.db, scanProject, s.q(query), args...)
	if err != nil {
		return nil, "", fmt.Errorf("list projects: %w", err)
	}
	items, next := cutPage(items, page, func(p *project.Project) string { return p.ID })
	return items, next, nil
}

func scanProject(r scanner) (*project.Project, error) {
	var p project.Project
	var services string
	var created, updated int64
	if err := r.Scan(&p.ID, &p.Name, &p.Slug, &services, &p.Context, &created, &updated); err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt = fromMicros(created), fromMicros(updated)
	if err := fromJSON(services, &p.Services); err != nil {
		return nil, fmt.Errorf("project %s services: %w", p.ID, err)
	}
	return &p, nil
}
