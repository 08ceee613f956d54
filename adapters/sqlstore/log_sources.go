package sqlstore

import (
	"context"
	"fmt"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/project"
)

const logSourceColumns = `id, project_id, name, type, config, credentials_sealed, active, created_at, updated_at`

// CreateLogSource stores a new log source with its credentials sealed. A
// missing project is not found.
func (s *Store) CreateLogSource(ctx context.Context, src *project.LogSource) error {
	config, credentials, err := s.encodeLogSource(src)
	if err == nil {
		_, err = s.db.ExecContext(ctx, s.q(`INSERT INTO log_sources (`+logSourceColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			src.ID, src.ProjectID, src.Name, src.Type, config, credentials, src.Active,
			micros(src.CreatedAt), micros(src.UpdatedAt))
	}
	if derr := s.domainError(err, onWrite{kind: "log source", id: src.ID,
		missing: func() error { return core.NotFound("project", src.ProjectID) }}); derr != nil {
		return derr
	}
	return wrap(err, "create log source %s", src.ID)
}

// UpdateLogSource replaces a source's name, configuration, credentials and
// active flag. Its type and project do not change.
func (s *Store) UpdateLogSource(ctx context.Context, src *project.LogSource) error {
	config, credentials, err := s.encodeLogSource(src)
	if err == nil {
		res, xerr := s.db.ExecContext(ctx, s.q(`UPDATE log_sources SET name = ?, config = ?,
			credentials_sealed = ?, active = ?, updated_at = ? WHERE id = ? AND project_id = ?`),
			src.Name, config, credentials, src.Active, micros(src.UpdatedAt), src.ID, src.ProjectID)
		if err = xerr; err == nil {
			err = affected(res, "log source", src.ID)
		}
	}
	return wrap(err, "update log source %s", src.ID)
}

// DeleteLogSource removes one source of a project.
func (s *Store) DeleteLogSource(ctx context.Context, projectID, id string) error {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM log_sources WHERE id = ? AND project_id = ?`), id, projectID)
	if err == nil {
		err = affected(res, "log source", id)
	}
	return wrap(err, "delete log source %s", id)
}

// GetLogSource returns one source of a project with its credentials opened.
// A source of another project is not found.
func (s *Store) GetLogSource(ctx context.Context, projectID, id string) (*project.LogSource, error) {
	src, err := s.scanLogSource(s.db.QueryRowContext(ctx,
		s.q(`SELECT `+logSourceColumns+` FROM log_sources WHERE id = ? AND project_id = ?`), id, projectID))
	if err != nil {
		return nil, wrap(noRows(err, "log source", id), "get log source %s", id)
	}
	return src, nil
}

// ListLogSources returns every source of a project in the order they were
// created. A missing project is not found.
func (s *Store) ListLogSources(ctx context.Context, projectID string) ([]*project.LogSource, error) {
	items, err := queryAll(ctx, s.db, s.scanLogSource,
		s.q(`SELECT `+logSourceColumns+` FROM log_sources WHERE project_id = ? ORDER BY id`), projectID)
	if err == nil && len(items) == 0 {
		_, err = s.GetProject(ctx, projectID)
	}
	if err != nil {
		return nil, wrap(err, "list log sources of project %s", projectID)
	}
	return items, nil
}

func (s *Store) encodeLogSource(src *project.LogSource) (config string, credentials []byte, err error) {
	if config, err = toJSON(src.Config); err != nil {
		return "", nil, err
	}
	if len(src.Credentials) > 0 {
		credentials, err = s.seal(src.Credentials, credentialsAD(src.ID))
	}
	return config, credentials, err
}

func (s *Store) scanLogSource(r scanner) (*project.LogSource, error) {
	var src project.LogSource
	var config string
	var credentials []byte
	var created, updated int64
	if err := r.Scan(&src.ID, &src.ProjectID, &src.Name, &src.Type, &config, &credentials, &src.Active,
		&created, &updated); err != nil {
		return nil, err
	}
	src.CreatedAt, src.UpdatedAt = fromMicros(created), fromMicros(updated)
	if err := fromJSON(config, &src.Config); err != nil {
		return nil, fmt.Errorf("log source %s config: %w", src.ID, err)
	}
	src.Credentials = map[string]string{}
	if err := s.open(credentials, credentialsAD(src.ID), &src.Credentials); err != nil {
		return nil, fmt.Errorf("log source %s credentials: %w", src.ID, err)
	}
	return &src, nil
}
