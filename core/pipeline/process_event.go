package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/triage"
)

// maxConversationText bounds what is kept of a conversation for re-triage:
// the first message and the latest ones matter, the middle rarely does.
const maxConversationText = 8000

// ProcessEvent triages the conversation an event belongs to and posts what
// changed. It is safe to run again for the same job: every side effect on
// the desk is recorded per conversation and stage before it is repeated.
func (p *Processor) ProcessEvent(ctx context.Context, job Job) error {
	var ej EventJob
	if err := json.Unmarshal(job.Payload, &ej); err != nil {
		return permanent("event job %s is not valid JSON: %v", job.ID, err)
	}
	ev := ej.Event
	b, err := p.eventBinding(ctx, ej)
	if err != nil || b == nil {
		return err
	}
	// Only the customer's words change the triage; teammates' notes and
	// replies, bots and our own echoes do not.
	if ev.AuthorKind != AuthorUser || strings.TrimSpace(ev.Text) == "" {
		return nil
	}
	if b.Status == binding.StatusNeedsReinstall {
		return &DeskFailure{Kind: FailUnauthorized, Message: "binding needs a reinstall"}
	}
	proj, err := p.projects.GetProject(ctx, b.ProjectID)
	if err != nil {
		return fmt.Errorf("get project %s: %w", b.ProjectID, err)
	}
	prev, err := p.triages.GetTriage(ctx, b.ID, ev.ConversationID)
	if err != nil && core.ErrorCode(err) != core.ErrNotFound {
		return fmt.Errorf("get triage of %s: %w", ev.ConversationID, err)
	}
	if prev == nil {
		prev = &triage.Result{}
	}
	tz := ev.Timezone
	if tz == "" {
		tz = prev.Timezone
	}
	text := appendText(prev.Text, ev.Text)
	d := p.triager.Triage(TriageRequest{Text: text, At: ev.CreatedAt, Services: proj.Services,
		Context: proj.Context, Timezone: tz, BufferHours: b.Config.TimeBufferHours})
	now := p.after(prev.UpdatedAt)
	created := prev.CreatedAt
	if created.IsZero() {
		created = now
	}
	r := &triage.Result{
		ID: prev.ID, BindingID: b.ID, ProjectID: b.ProjectID, ConversationID: ev.ConversationID,
		Severity: d.Severity, Confidence: d.Confidence, AffectedService: d.AffectedService,
		Window: d.Window, Evidence: d.Evidence, Text: text, Timezone: tz,
		PostedSeverity: prev.PostedSeverity, CreatedAt: created, UpdatedAt: now,
	}
	// Only from the state this job read: when another job of the same
	// conversation saved meanwhile, this one fails, is retried a second
	// later and starts from that job's text and posted severity.
	if err := p.triages.ReplaceTriage(ctx, r, prev.UpdatedAt); err != nil {
		return fmt.Errorf("save triage of %s: %w", ev.ConversationID, err)
	}
	if r.Severity.Rank() <= r.PostedSeverity.Rank() {
		return nil // a note is posted only when severity rises
	}
	if err := p.postTriage(ctx, b, proj.Name, r, ev, job); err != nil {
		return err
	}
	saved := r.UpdatedAt
	r.PostedSeverity, r.UpdatedAt = r.Severity, p.after(saved)
	if err := p.triages.ReplaceTriage(ctx, r, saved); err != nil {
		return fmt.Errorf("save posted severity of %s: %w", ev.ConversationID, err)
	}
	return nil
}

// after is now, at the stores' microsecond precision, and later than t: a
// triage's updated_at identifies the state it was saved in.
func (p *Processor) after(t time.Time) time.Time {
	now := p.now().Truncate(time.Microsecond)
	if !now.After(t) {
		now = t.Add(time.Microsecond)
	}
	return now
}

// appendText adds a new message to what the customer wrote. A retried job
// finds its text already there and adds nothing.
func appendText(prev, msg string) string {
	msg = strings.TrimSpace(msg)
	if prev == "" {
		return truncate(msg)
	}
	if strings.Contains(prev, msg) {
		return prev
	}
	return truncate(prev + "\n\n" + msg)
}

// truncate keeps the first message's start and the most recent text.
func truncate(s string) string {
	if len(s) <= maxConversationText {
		return s
	}
	head, tail := cutRunes(s, maxConversationText/4), s[len(s)-maxConversationText*3/4:]
	for !utf8.ValidString(tail) {
		tail = tail[1:]
	}
	return head + "\n…\n" + tail
}

// cutRunes keeps at most n bytes of s without splitting a character.
func cutRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// eventBinding returns the connected binding an event job belongs to, or
// nil when there is none and the event is to be dropped. The job names the
// binding its workspace had when the webhook came in; if that one has been
// disconnected since and the workspace connected again to the same project
// (a new binding), the event goes to the new one rather than being lost.
func (p *Processor) eventBinding(ctx context.Context, ej EventJob) (*binding.Binding, error) {
	b, err := p.bindings.GetBinding(ctx, ej.BindingID)
	switch {
	case core.ErrorCode(err) == core.ErrNotFound:
		return nil, nil // the binding was deleted with its project
	case err != nil:
		return nil, fmt.Errorf("get binding %s: %w", ej.BindingID, err)
	case b.Connected():
		return b, nil
	}
	id, err := p.bindings.ConnectedID(ctx, b.Platform, ej.Event.WorkspaceID)
	switch {
	case core.ErrorCode(err) == core.ErrNotFound || err == nil && id == b.ID:
		p.log.InfoContext(ctx, "event for a disconnected binding dropped", "binding_id", b.ID, "status", b.Status)
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("find binding of workspace %s: %w", ej.Event.WorkspaceID, err)
	}
	current, err := p.bindings.GetBinding(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("get binding %s: %w", id, err)
	}
	if !current.Connected() || current.ProjectID != b.ProjectID {
		// Connected to another project since: the event was accepted for
		// this one, and another project's people must not see it.
		p.log.InfoContext(ctx, "event for a disconnected binding dropped", "binding_id", b.ID, "status", b.Status)
		return nil, nil
	}
	p.log.InfoContext(ctx, "event of a reconnected workspace goes to its new binding",
		"old_binding_id", b.ID, "binding_id", current.ID, "workspace_id", ej.Event.WorkspaceID)
	return current, nil
}
