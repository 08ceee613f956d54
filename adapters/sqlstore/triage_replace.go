package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/triage"
)

// ReplaceTriage saves r only while the stored triage is the one read with
// updated_at prev (none stored when prev is zero); otherwise it reports a
// conflict and writes nothing. The comparison happens in the write itself,
// so two workers of one conversation cannot overwrite each other.
func (s *Store) ReplaceTriage(ctx context.Context, r *triage.Result, prev time.Time) error {
	if prev.IsZero() {
		return s.insertTriageOnce(ctx, r)
	}
	evidence, err := toJSON(r.Evidence)
	if err != nil {
		return wrap(err, "encode triage evidence")
	}
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE triage_results SET
			project_id = ?, severity = ?, confidence = ?, affected_service = ?, window_start = ?, window_end = ?,
			evidence = ?, conversation_text = ?, timezone = ?, posted_severity = ?, updated_at = ?
		WHERE binding_id = ? AND conversation_id = ? AND updated_at = ?`),
		r.ProjectID, string(r.Severity), r.Confidence, nullString(r.AffectedService), micros(r.Window.Start),
		micros(r.Window.End), evidence, r.Text, r.Timezone, string(r.PostedSeverity), micros(r.UpdatedAt),
		r.BindingID, r.ConversationID, micros(prev))
	if err != nil {
		return wrap(err, "replace triage of conversation %s", r.ConversationID)
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrap(err, "replace triage of conversation %s", r.ConversationID)
	} else if n == 0 {
		return core.Conflict("the triage of conversation %s changed meanwhile", r.ConversationID)
	}
	return nil
}

func (s *Store) insertTriageOnce(ctx context.Context, r *triage.Result) error {
	if r.ID == "" {
		r.ID = core.NewID(core.PrefixTriage)
	}
	evidence, err := toJSON(r.Evidence)
	if err != nil {
		return wrap(err, "encode triage evidence")
	}
	var id string
	err = s.db.QueryRowContext(ctx, s.q(`INSERT INTO triage_results (`+triageColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (binding_id, conversation_id) DO NOTHING RETURNING id`),
		r.ID, r.BindingID, r.ProjectID, r.ConversationID, string(r.Severity), r.Confidence,
		nullString(r.AffectedService), micros(r.Window.Start), micros(r.Window.End), evidence,
		r.Text, r.Timezone, string(r.PostedSeverity), micros(r.CreatedAt), micros(r.UpdatedAt)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return core.Conflict("the triage of conversation %s was created meanwhile", r.ConversationID)
	}
	if derr := s.domainError(err, onWrite{kind: "triage", id: r.ID, missing: func() error {
		return core.NotFound("binding", r.BindingID)
	}}); derr != nil {
		return derr
	}
	return wrap(err, "insert triage of conversation %s", r.ConversationID)
}
