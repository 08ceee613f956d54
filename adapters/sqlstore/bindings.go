package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/binding"
)

const bindingColumns = `id, project_id, platform, status, workspace_id, config, desk, token_sealed, status_reason,
	last_webhook_at, last_posted_at, last_error, last_error_at, created_at, updated_at`

// CreateBinding stores a new binding with its token sealed. A second
// connected binding of one workspace is a conflict; a missing project is
// not found.
func (s *Store) CreateBinding(ctx context.Context, b *binding.Binding) error {
	config, desk, token, err := s.encodeBinding(b)
	if err == nil {
		a := b.Activity
		_, err = s.db.ExecContext(ctx, s.q(`INSERT INTO bindings (`+bindingColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			b.ID, b.ProjectID, b.Platform, string(b.Status), b.WorkspaceID, config, desk, token, b.StatusReason,
			nullMicros(a.LastWebhookAt), nullMicros(a.LastPostedAt), a.LastError, nullMicros(a.LastErrorAt),
			micros(b.CreatedAt), micros(b.UpdatedAt))
	}
	if derr := s.domainError(err, s.bindingWrite(ctx, b)); derr != nil {
		return derr
	}
	return wrap(err, "create binding %s", b.ID)
}

// UpdateBinding saves a binding's status, workspace, configuration, desk
// facts, token and status reason. Its activity is left alone: only
// RecordActivity writes it, so an admin's change made from a copy read
// earlier cannot undo the pipeline's latest record.
func (s *Store) UpdateBinding(ctx context.Context, b *binding.Binding) error {
	config, desk, token, err := s.encodeBinding(b)
	if err == nil {
		var res sql.Result
		res, err = s.db.ExecContext(ctx, s.q(`UPDATE bindings SET status = ?, workspace_id = ?, config = ?, desk = ?,
			token_sealed = ?, status_reason = ?, updated_at = ? WHERE id = ?`),
			string(b.Status), b.WorkspaceID, config, desk, token, b.StatusReason, micros(b.UpdatedAt), b.ID)
		if err == nil {
			err = affected(res, "binding", b.ID)
		}
	}
	if derr := s.domainError(err, s.bindingWrite(ctx, b)); derr != nil {
		return derr
	}
	return wrap(err, "update binding %s", b.ID)
}

// bindingWrite explains a binding's constraint violations; when the
// workspace is taken it names the binding and project that hold it.
func (s *Store) bindingWrite(ctx context.Context, b *binding.Binding) onWrite {
	return onWrite{kind: "binding", id: b.ID,
		missing: func() error { return core.NotFound("project", b.ProjectID) },
		unique: []uniqueRule{{match: "workspace", err: func() error {
			holder := "another binding"
			if other, err := s.FindByWorkspace(ctx, b.Platform, b.WorkspaceID); err == nil {
				holder = fmt.Sprintf("binding %s of project %s", other.ID, other.ProjectID)
			}
			return &core.Error{Code: core.ErrConflict, Field: "workspace_id", Message: fmt.Sprintf(
				"%s workspace %q is already connected to %s; disconnect that binding before connecting the workspace again",
				b.Platform, b.WorkspaceID, holder)}
		}}}}
}

// GetBinding returns one binding with its token opened.
func (s *Store) GetBinding(ctx context.Context, id string) (*binding.Binding, error) {
	b, err := s.scanBinding(s.db.QueryRowContext(ctx, s.q(`SELECT `+bindingColumns+` FROM bindings WHERE id = ?`), id))
	if err != nil {
		return nil, wrap(noRows(err, "binding", id), "get binding %s", id)
	}
	return b, nil
}

// ListBindings returns a project's bindings in the order they were created.
// A missing project is not found.
func (s *Store) ListBindings(ctx context.Context, projectID string) ([]*binding.Binding, error) {
	items, err := queryAll(ctx, s.db, s.scanBinding,
		s.q(`SELECT `+bindingColumns+` FROM bindings WHERE project_id = ? ORDER BY id`), projectID)
	if err == nil && len(items) == 0 {
		_, err = s.GetProject(ctx, projectID)
	}
	if err != nil {
		return nil, wrap(err, "list bindings of project %s", projectID)
	}
	return items, nil
}

// FindByWorkspace returns the connected binding of a desk workspace.
func (s *Store) FindByWorkspace(ctx context.Context, platform, workspaceID string) (*binding.Binding, error) {
	b, err := s.scanBinding(s.db.QueryRowContext(ctx, s.q(`SELECT `+bindingColumns+` FROM bindings
		WHERE platform = ? AND workspace_id = ? AND status IN ('active', 'needs_reinstall')`), platform, workspaceID))
	if err != nil {
		err = noRows(err, "connected binding of "+platform+" workspace", workspaceID)
		return nil, wrap(err, "find binding of %s workspace %s", platform, workspaceID)
	}
	return b, nil
}

// ConnectedID returns the id of the connected binding of a desk workspace.
func (s *Store) ConnectedID(ctx context.Context, platform, workspaceID string) (string, error) {
	var id string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT id FROM bindings
		WHERE platform = ? AND workspace_id = ? AND status IN ('active', 'needs_reinstall')`), platform, workspaceID).Scan(&id)
	if err != nil {
		err = noRows(err, "connected binding of "+platform+" workspace", workspaceID)
		return "", wrap(err, "find binding of %s workspace %s", platform, workspaceID)
	}
	return id, nil
}

// RecordActivity merges the non-nil fields of a into the binding's activity
// and touches nothing else. LastError is written when it or LastErrorAt is
// set.
func (s *Store) RecordActivity(ctx context.Context, id string, a binding.Activity) error {
	var lastError sql.NullString
	if a.LastError != "" || a.LastErrorAt != nil {
		lastError = sql.NullString{String: a.LastError, Valid: true}
	}
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE bindings SET
		last_webhook_at = COALESCE(?, last_webhook_at),
		last_posted_at = COALESCE(?, last_posted_at),
		last_error = COALESCE(?, last_error),
		last_error_at = COALESCE(?, last_error_at)
		WHERE id = ?`),
		nullMicros(a.LastWebhookAt), nullMicros(a.LastPostedAt), lastError, nullMicros(a.LastErrorAt), id)
	if err == nil {
		err = affected(res, "binding", id)
	}
	return wrap(err, "record activity of binding %s", id)
}

func (s *Store) encodeBinding(b *binding.Binding) (config, desk string, token []byte, err error) {
	if config, err = toJSON(b.Config); err != nil {
		return
	}
	if desk, err = toJSON(b.Desk); err != nil {
		return
	}
	if b.Token != nil {
		token, err = s.seal(b.Token, tokenAD(b.ID))
	}
	return
}

func (s *Store) scanBinding(r scanner) (*binding.Binding, error) {
	var b binding.Binding
	var config, desk string
	var token []byte
	var webhook, posted, errorAt sql.NullInt64
	var created, updated int64
	if err := r.Scan(&b.ID, &b.ProjectID, &b.Platform, &b.Status, &b.WorkspaceID, &config, &desk, &token,
		&b.StatusReason, &webhook, &posted, &b.Activity.LastError, &errorAt, &created, &updated); err != nil {
		return nil, err
	}
	b.Activity.LastWebhookAt, b.Activity.LastPostedAt = fromNullMicros(webhook), fromNullMicros(posted)
	b.Activity.LastErrorAt = fromNullMicros(errorAt)
	b.CreatedAt, b.UpdatedAt = fromMicros(created), fromMicros(updated)
	if err := fromJSON(config, &b.Config); err != nil {
		return nil, fmt.Errorf("binding %s config: %w", b.ID, err)
	}
	if err := fromJSON(desk, &b.Desk); err != nil {
		return nil, fmt.Errorf("binding %s desk: %w", b.ID, err)
	}
	if token != nil {
		b.Token = &binding.Token{}
		if err := s.open(token, tokenAD(b.ID), b.Token); err != nil {
			return nil, fmt.Errorf("binding %s token: %w", b.ID, err)
		}
	}
	return &b, nil
}
