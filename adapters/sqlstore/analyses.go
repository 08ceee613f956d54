package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
)

// Analyses are stored whole as JSON; the columns beside it are what the
// listings filter and sort on, and they win over the JSON when read back.
const analysisColumns = `id, project_id, binding_id, conversation_id, status, severity, trigger_kind, data,
	created_at, started_at, completed_at`

// CreateAnalysis stores a new analysis. A missing project is not found.
func (s *Store) CreateAnalysis(ctx context.Context, a *analysis.Analysis) error {
	data, err := toJSON(a)
	if err == nil {
		_, err = s.db.ExecContext(ctx, s.q(`INSERT INTO analyses (`+analysisColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			a.ID, a.ProjectID, a.BindingID, conversationID(a), string(a.Status), severity(a), string(a.Trigger),
			data, micros(a.CreatedAt), nullMicros(a.StartedAt), nullMicros(a.CompletedAt))
	}
	if derr := s.domainError(err, onWrite{kind: "analysis", id: a.ID,
		missing: func() error { return core.NotFound("project", a.ProjectID) }}); derr != nil {
		return derr
	}
	return wrap(err, "create analysis %s", a.ID)
}

// UpdateAnalysis saves an analysis's progress: status, result, error and
// times. Its project, binding, conversation and creation time do not change.
func (s *Store) UpdateAnalysis(ctx context.Context, a *analysis.Analysis) error {
	data, err := toJSON(a)
	if err == nil {
		var res sql.Result
		res, err = s.db.ExecContext(ctx, s.q(`UPDATE analyses SET status = ?, severity = ?, data = ?,
			started_at = ?, completed_at = ? WHERE id = ?`),
			string(a.Status), severity(a), data, nullMicros(a.StartedAt), nullMicros(a.CompletedAt), a.ID)
		if err == nil {
			err = affected(res, "analysis", a.ID)
		}
	}
	return wrap(err, "update analysis %s", a.ID)
}

// GetAnalysis returns one analysis.
func (s *Store) GetAnalysis(ctx context.Context, id string) (*analysis.Analysis, error) {
	a, err := scanAnalysis(s.db.QueryRowContext(ctx, s.q(`SELECT `+analysisColumns+` FROM analyses WHERE id = ?`), id))
	if err != nil {
		return nil, wrap(noRows(err, "analysis", id), "get analysis %s", id)
	}
	return a, nil
}

// ListAnalyses returns one page of the analyses matching f, newest first.
func (s *Store) ListAnalyses(ctx context.Context, f analysis.Filter, page core.Page) ([]*analysis.Analysis, string, error) {
	var where []string
	var args []any
	for _, c := range []struct{ column, value string }{
		{"project_id", f.ProjectID}, {"binding_id", f.BindingID}, {"conversation_id", f.ConversationID},
		{"status", string(f.Status)}, {"severity", string(f.Severity)},
	} {
		if c.value != "" {
			where = append(where, c.column+" = ?")
			args = append(args, c.value)
		}
	}
	query, args := pageQuery(`SELECT `+analysisColumns+` FROM analyses`, where, args, page)
	items, err := queryAll(ctx, s.db, scanAnalysis, s.q(query), args...)
	if err != nil {
		return nil, "", fmt.Errorf("list analyses: %w", err)
	}
	items, next := cutPage(items, page, func(a *analysis.Analysis) string { return a.ID })
	return items, next, nil
}

func conversationID(a *analysis.Analysis) string {
	if a.Conversation == nil {
		return ""
	}
	return a.Conversation.ConversationID
}

// severity is the result's severity, NULL while there is no result.
func severity(a *analysis.Analysis) sql.NullString {
	if a.Result == nil || a.Result.Severity == "" {
		return sql.NullString{}
	}
	return sql.NullString{String: string(a.Result.Severity), Valid: true}
}

func scanAnalysis(r scanner) (*analysis.Analysis, error) {
	var id, projectID, bindingID, conversation, status, trigger, data string
	var sev sql.NullString
	var created int64
	var started, completed sql.NullInt64
	if err := r.Scan(&id, &projectID, &bindingID, &conversation, &status, &sev, &trigger, &data,
		&created, &started, &completed); err != nil {
		return nil, err
	}
	var a analysis.Analysis
	if err := fromJSON(data, &a); err != nil {
		return nil, fmt.Errorf("analysis %s: %w", id, err)
	}
	a.ID, a.ProjectID, a.BindingID = id, projectID, bindingID
	a.Status, a.Trigger = analysis.Status(status), analysis.Trigger(trigger)
	a.CreatedAt, a.StartedAt, a.CompletedAt = fromMicros(created), fromNullMicros(started), fromNullMicros(completed)
	return &a, nil
}
