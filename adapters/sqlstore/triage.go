package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/triage"
)

const triageColumns = `id, binding_id, project_id, conversation_id, severity, confidence, affected_service,
	window_start, window_end, evidence, conversation_text, timezone, posted_severity, created_at, updated_at`

// SaveTriage inserts the triage of (BindingID, ConversationID) or replaces
// the one stored. A replaced triage keeps its first id and creation time,
// which are written back into r. An empty r.ID gets a new id.
func (s *Store) SaveTriage(ctx context.Context, r *triage.Result) error {
	if r.ID == "" {
		r.ID = core.NewID(core.PrefixTriage)
	}
	evidence, err := toJSON(r.Evidence)
	if err == nil {
		var created int64
		err = s.db.QueryRowContext(ctx, s.q(`INSERT INTO triage_results (`+triageColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (binding_id, conversation_id) DO UPDATE SET
				project_id = excluded.project_id, severity = excluded.severity,
				confidence = excluded.confidence, affected_service = excluded.affected_service,
				window_start = excluded.window_start, window_end = excluded.window_end,
				evidence = excluded.evidence, conversation_text = excluded.conversation_text,
				timezone = excluded.timezone, posted_severity = excluded.posted_severity,
				updated_at = excluded.updated_at
			RETURNING id, created_at`),
			r.ID, r.BindingID, r.ProjectID, r.ConversationID, string(r.Severity), r.Confidence,
			nullString(r.AffectedService), micros(r.Window.Start), micros(r.Window.End), evidence,
			r.Text, r.Timezone, string(r.PostedSeverity),
			micros(r.CreatedAt), micros(r.UpdatedAt)).Scan(&r.ID, &created)
		if err == nil {
			r.CreatedAt = fromMicros(created)
		}
	}
	if derr := s.domainError(err, onWrite{kind: "triage", id: r.ID, missing: func() error {
		return &core.Error{Code: core.ErrNotFound,
			Message: fmt.Sprintf("binding %q or project %q not found", r.BindingID, r.ProjectID)}
	}}); derr != nil {
		return derr
	}
	return wrap(err, "save triage of conversation %s", r.ConversationID)
}

// GetTriage returns the triage of a conversation.
func (s *Store) GetTriage(ctx context.Context, bindingID, conversationID string) (*triage.Result, error) {
	var r triage.Result
	var service sql.NullString
	var evidence string
	var start, end, created, updated int64
	err := s.db.QueryRowContext(ctx, s.q(`SELECT `+triageColumns+` FROM triage_results
		WHERE binding_id = ? AND conversation_id = ?`), bindingID, conversationID).Scan(
		&r.ID, &r.BindingID, &r.ProjectID, &r.ConversationID, &r.Severity, &r.Confidence, &service,
		&start, &end, &evidence, &r.Text, &r.Timezone, &r.PostedSeverity, &created, &updated)
	if err != nil {
		return nil, wrap(noRows(err, "triage of conversation", conversationID), "get triage of conversation %s", conversationID)
	}
	r.AffectedService = fromNullString(service)
	r.Window = core.Window{Start: fromMicros(start), End: fromMicros(end)}
	r.CreatedAt, r.UpdatedAt = fromMicros(created), fromMicros(updated)
	if err := fromJSON(evidence, &r.Evidence); err != nil {
		return nil, fmt.Errorf("triage %s evidence: %w", r.ID, err)
	}
	return &r, nil
}
