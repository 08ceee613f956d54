package pipeline

import (
	"context"
	"fmt"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/triage"
)

// postAnalysis posts a finished analysis: a note with its link (internal,
// both), the templated public reply (both; public when none went out yet),
// and the mapped attributes.
func (p *Processor) postAnalysis(ctx context.Context, a *analysis.Analysis, job Job) error {
	b, err := p.bindings.GetBinding(ctx, a.BindingID)
	if core.ErrorCode(err) == core.ErrNotFound {
		return nil
	}
	if err != nil {
		return fmt.Errorf("get binding %s: %w", a.BindingID, err)
	}
	if !b.Connected() {
		return nil
	}
	if b.Status == binding.StatusNeedsReinstall {
		return &DeskFailure{Kind: FailUnauthorized, Message: "binding needs a reinstall"}
	}
	conv := a.Conversation.ConversationID
	key, url := conversationKey(b, conv), p.AnalysisURL(a.ID)
	if b.Config.PostingMode != binding.PostPublic {
		if err := p.postOnce(ctx, b, conv, key, "analysis-note:"+a.ID, Internal, AnalysisNote(a, url), job); err != nil {
			return err
		}
	}
	r, err := p.triages.GetTriage(ctx, b.ID, conv)
	if core.ErrorCode(err) == core.ErrNotFound {
		r = &triage.Result{ConversationID: conv, Window: a.Window}
		if a.Result != nil {
			r.Severity, r.Confidence = a.Result.Severity, a.Result.Confidence
		}
	} else if err != nil {
		return fmt.Errorf("get triage of %s: %w", conv, err)
	}
	summary, category := "", ""
	if a.Result != nil {
		summary, category = a.Result.Summary, a.Result.RootCause.Category
	}
	if b.Config.PostingMode != binding.PostInternal && a.Status != analysis.StatusFailed {
		proj, err := p.projects.GetProject(ctx, b.ProjectID)
		if err != nil {
			return fmt.Errorf("get project %s: %w", b.ProjectID, err)
		}
		reply, err := binding.RenderReply(b.Config.PublicReplyTemplate, replyData(r, proj.Name, summary, url))
		if err != nil {
			return permanent("public reply template: %v", err)
		}
		if err := p.postOnce(ctx, b, conv, key, "public-reply", Public, reply, job); err != nil {
			return err
		}
	}
	if r.Severity.Valid() {
		if err := p.setAttributes(ctx, b, r, url, category, key); err != nil {
			return err
		}
	}
	return nil
}
