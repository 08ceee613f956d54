package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/triage"
)

// Analyzer runs one analysis over its project's log sources, filling in
// Result and the final Status (complete, partial or failed). A failing log
// source makes the analysis partial, not an error.
type Analyzer interface {
	Analyze(ctx context.Context, a *analysis.Analysis) error
}

// AnalysisJob is the payload of a KindAnalysis job.
type AnalysisJob struct {
	AnalysisID string `json:"analysis_id"`
	BindingID  string `json:"binding_id,omitempty"`
}

// maxExcerpt bounds the conversation text kept with an analysis.
const maxExcerpt = 2000

// startAnalysis creates and queues the analysis of a conversation, once per
// (conversation, trigger): the id is recorded as an effect before anything
// else, so a retried job finds and reuses it.
func (p *Processor) startAnalysis(ctx context.Context, b *binding.Binding, r *triage.Result, ev Event, trigger string) (string, error) {
	key, stage := conversationKey(b, r.ConversationID), "analysis:"+trigger
	if err := p.effects.RecordEffect(ctx, key, stage, core.NewID(core.PrefixAnalysis)); err != nil {
		return "", fmt.Errorf("reserve analysis id: %w", err)
	}
	id, _, err := p.effects.EffectDone(ctx, key, stage)
	if err != nil {
		return "", fmt.Errorf("read analysis id: %w", err)
	}
	if _, err := p.analyses.GetAnalysis(ctx, id); core.ErrorCode(err) == core.ErrNotFound {
		excerpt := cutRunes(r.Text, maxExcerpt)
		a := &analysis.Analysis{
			ID: id, ProjectID: b.ProjectID, BindingID: b.ID, Trigger: triggerOf(trigger),
			Status: analysis.StatusPending, Window: r.Window, CreatedAt: p.now(),
			Conversation: &analysis.Conversation{Platform: b.Platform, WorkspaceID: b.WorkspaceID,
				ConversationID: r.ConversationID, Excerpt: excerpt},
		}
		if r.AffectedService != nil {
			a.Service = *r.AffectedService
		}
		if err := p.analyses.CreateAnalysis(ctx, a); err != nil {
			return "", fmt.Errorf("create analysis: %w", err)
		}
	} else if err != nil {
		return "", fmt.Errorf("get analysis %s: %w", id, err)
	}
	payload, _ := json.Marshal(AnalysisJob{AnalysisID: id, BindingID: b.ID})
	if _, err := p.queue.EnqueueOnce(ctx, "analysis:"+id, DedupeTTL,
		Job{ID: core.NewID("job"), Kind: KindAnalysis, Payload: payload, EnqueuedAt: p.now()}); err != nil {
		return "", fmt.Errorf("queue analysis %s: %w", id, err)
	}
	return id, nil
}

// ProcessAnalysis runs a queued analysis and posts its result to the
// conversation it came from.
func (p *Processor) ProcessAnalysis(ctx context.Context, job Job) error {
	var aj AnalysisJob
	if err := json.Unmarshal(job.Payload, &aj); err != nil {
		return permanent("analysis job %s is not valid JSON: %v", job.ID, err)
	}
	a, err := p.analyses.GetAnalysis(ctx, aj.AnalysisID)
	if core.ErrorCode(err) == core.ErrNotFound {
		return nil
	}
	if err != nil {
		return fmt.Errorf("get analysis %s: %w", aj.AnalysisID, err)
	}
	if !a.Status.Done() {
		if err := p.run(ctx, a); err != nil {
			return err
		}
	}
	if a.BindingID == "" || a.Conversation == nil {
		return nil
	}
	return p.postAnalysis(ctx, a, job)
}

func (p *Processor) run(ctx context.Context, a *analysis.Analysis) error {
	started := p.now()
	a.Status, a.StartedAt = analysis.StatusProcessing, &started
	if err := p.analyses.UpdateAnalysis(ctx, a); err != nil {
		return fmt.Errorf("mark analysis %s processing: %w", a.ID, err)
	}
	if p.analyzer == nil {
		a.Status, a.Error = analysis.StatusFailed, "this hub has no analysis engine"
	} else if err := p.analyzer.Analyze(ctx, a); err != nil {
		a.Status, a.Error = analysis.StatusFailed, err.Error()
	}
	done := p.now()
	a.CompletedAt = &done
	if err := p.analyses.UpdateAnalysis(ctx, a); err != nil {
		return fmt.Errorf("save analysis %s: %w", a.ID, err)
	}
	return nil
}

// StartManualAnalysis queues an analysis an agent asked for from the panel,
// over the conversation's triage window (or the binding's time buffer up to
// now when nothing was triaged yet). Every press starts a new analysis.
func (p *Processor) StartManualAnalysis(ctx context.Context, b *binding.Binding, conversationID string) (string, error) {
	r, err := p.triages.GetTriage(ctx, b.ID, conversationID)
	if core.ErrorCode(err) == core.ErrNotFound {
		now := p.now()
		r = &triage.Result{ConversationID: conversationID,
			Window: core.Window{Start: now.Add(-time.Duration(b.Config.TimeBufferHours) * time.Hour), End: now}}
	} else if err != nil {
		return "", fmt.Errorf("get triage of %s: %w", conversationID, err)
	}
	return p.startAnalysis(ctx, b, r, Event{}, "manual:"+core.NewID("run"))
}

func triggerOf(stage string) analysis.Trigger {
	if strings.HasPrefix(stage, "manual") {
		return analysis.TriggerManual
	}
	return analysis.TriggerAuto
}
