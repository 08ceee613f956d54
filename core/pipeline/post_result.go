package pipeline

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/triage"
)

// conversationKey names a conversation in the effects record.
func conversationKey(b *binding.Binding, conversationID string) string {
	return "conversation:" + b.ID + ":" + conversationID
}

// postTriage posts a risen triage as the binding's posting mode says:
// internal and both post a note; public posts the templated reply once, so
// customers never read raw triage. Attributes follow the mapping, and an
// analysis starts when severity reaches the threshold.
func (p *Processor) postTriage(ctx context.Context, b *binding.Binding, projectName string, r *triage.Result, ev Event, job Job) error {
	key := conversationKey(b, r.ConversationID)
	analysisURL := ""
	if b.Config.AutoAnalyze(r.Severity) {
		id, err := p.startAnalysis(ctx, b, r, ev, "auto")
		if err != nil {
			return err
		}
		analysisURL = p.AnalysisURL(id)
	}
	switch b.Config.PostingMode {
	case binding.PostInternal, binding.PostBoth:
		if err := p.postOnce(ctx, b, r.ConversationID, key, "triage-note:"+string(r.Severity), Internal,
			TriageNote(r, analysisURL), job); err != nil {
			return err
		}
	case binding.PostPublic:
		reply, err := binding.RenderReply(b.Config.PublicReplyTemplate, replyData(r, projectName, "", analysisURL))
		if err != nil {
			return permanent("public reply template: %v", err)
		}
		if err := p.postOnce(ctx, b, r.ConversationID, key, "public-reply", Public, reply, job); err != nil {
			return err
		}
	}
	if err := p.setAttributes(ctx, b, r, analysisURL, "", key); err != nil {
		return err
	}
	now := p.now()
	if err := p.bindings.RecordActivity(ctx, b.ID, binding.Activity{LastPostedAt: &now}); err != nil {
		p.log.WarnContext(ctx, "could not record post activity", "binding_id", b.ID, "error", err)
	}
	return nil
}

// postOnce posts body unless (key, stage) was posted, or is being posted,
// by a job. The job first claims the stage in the effects record, where
// the first record wins: two jobs of one conversation running at once (a
// message and a quick follow-up, leased by two workers or two hubs) both
// see the triage rise, but only the claimant posts. A retry of the
// claimant finds its own claim and goes on. The desk's message id is
// recorded right after the desk confirms; a crash between the two is
// covered by the desk's own idempotency (the key) or, for desks without
// it, by the plugin's look-up on later attempts. A claim is never taken
// back: when its job dead-letters, reviving that job posts.
func (p *Processor) postOnce(ctx context.Context, b *binding.Binding, conversationID, key, stage string, v Visibility, body string, job Job) error {
	claim := "claimed by job " + job.ID
	if err := p.effects.RecordEffect(ctx, key, stage, claim); err != nil {
		return fmt.Errorf("claim effect %s: %w", stage, err)
	}
	holder, _, err := p.effects.EffectDone(ctx, key, stage)
	if err != nil {
		return fmt.Errorf("check effect %s: %w", stage, err)
	}
	if holder != claim {
		// Another job's claim, or the message id recorded before claims.
		return nil
	}
	posted := stage + ":posted"
	if job.Attempt > 1 {
		if _, done, err := p.effects.EffectDone(ctx, key, posted); err != nil {
			return fmt.Errorf("check effect %s: %w", posted, err)
		} else if done {
			return nil
		}
	}
	id, err := p.poster.Post(ctx, b, conversationID, v, body, key+":"+stage, job.Attempt)
	if err != nil {
		return fmt.Errorf("post %s to conversation %s: %w", stage, conversationID, err)
	}
	if err := p.effects.RecordEffect(ctx, key, posted, id); err != nil {
		return fmt.Errorf("record effect %s: %w", posted, err)
	}
	return nil
}

// setAttributes writes the mapped SigSentry fields to the conversation. A PUT
// of the same values is harmless, so no effect record is needed.
func (p *Processor) setAttributes(ctx context.Context, b *binding.Binding, r *triage.Result, analysisURL, rootCause, key string) error {
	values := map[string]string{
		"severity":     string(r.Severity),
		"window_start": r.Window.Start.UTC().Format(time.RFC3339),
		"window_end":   r.Window.End.UTC().Format(time.RFC3339),
		"confidence":   strconv.FormatFloat(r.Confidence, 'f', 2, 64),
	}
	if r.AffectedService != nil {
		values["affected_service"] = *r.AffectedService
	}
	if analysisURL != "" {
		values["analysis_url"] = analysisURL
	}
	if rootCause != "" {
		values["root_cause_category"] = rootCause
	}
	attrs := map[string]string{}
	for field, attr := range b.Config.AttributeMapping {
		if v, ok := values[field]; ok {
			attrs[attr] = v
		}
	}
	if len(attrs) == 0 {
		return nil
	}
	if err := p.poster.SetAttributes(ctx, b, r.ConversationID, attrs, key+":attributes:"+string(r.Severity)); err != nil {
		return fmt.Errorf("set attributes on conversation %s: %w", r.ConversationID, err)
	}
	return nil
}

func replyData(r *triage.Result, projectName, summary, analysisURL string) binding.ReplyData {
	d := binding.ReplyData{
		Severity: string(r.Severity), Summary: summary, AnalysisURL: analysisURL, ProjectName: projectName,
		WindowStart: r.Window.Start.UTC().Format(time.RFC3339), WindowEnd: r.Window.End.UTC().Format(time.RFC3339),
	}
	if r.AffectedService != nil {
		d.AffectedService = *r.AffectedService
	}
	return d
}
