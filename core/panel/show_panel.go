package panel

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/triage"
)

// Ports the panel reads through.
type (
	// Bindings finds the binding of a workspace.
	Bindings interface {
		FindByWorkspace(ctx context.Context, platform, workspaceID string) (*binding.Binding, error)
	}
	// Analyses lists a conversation's analyses.
	Analyses interface {
		ListAnalyses(ctx context.Context, f analysis.Filter, page core.Page) ([]*analysis.Analysis, string, error)
	}
	// Starter queues an analysis an agent asked for.
	Starter interface {
		StartManualAnalysis(ctx context.Context, b *binding.Binding, conversationID string) (string, error)
	}
)

// Panel holds the panel use case.
type Panel struct {
	desks     Desks
	bindings  Bindings
	triages   triage.Store
	analyses  Analyses
	starter   Starter
	publicURL string
	log       *slog.Logger
}

// New returns the panel use case.
func New(desks Desks, bindings Bindings, triages triage.Store, analyses Analyses, starter Starter, publicURL string, log *slog.Logger) *Panel {
	return &Panel{desks: desks, bindings: bindings, triages: triages, analyses: analyses,
		starter: starter, publicURL: publicURL, log: log}
}

// Serve answers one panel request with the rendered panel. Only a request
// that does not verify is an error; every other problem (unknown workspace,
// token refused, nothing triaged yet) is a panel that says what to do,
// because an error shows agents only "Something went wrong".
func (p *Panel) Serve(ctx context.Context, platform, kind string, body []byte, headers map[string]string) ([]byte, string, error) {
	req, err := p.desks.ParseCanvas(ctx, platform, kind, body, headers)
	if err != nil {
		return nil, "", err
	}
	req.Platform = platform
	v := p.build(ctx, req)
	return p.desks.RenderCanvas(ctx, platform, v)
}

func (p *Panel) build(ctx context.Context, req *Request) View {
	var v View
	v.add(Item{Kind: Heading, Text: "SigSentry"})
	b, err := p.bindings.FindByWorkspace(ctx, req.Platform, req.WorkspaceID)
	if err != nil {
		if core.ErrorCode(err) != core.ErrNotFound {
			p.log.ErrorContext(ctx, "panel: find binding", "workspace_id", req.WorkspaceID, "error", err)
			v.add(Item{Kind: Text, Style: StyleError, Text: "SigSentry cannot read its data right now. Try again in a minute."})
			return v
		}
		v.add(Item{Kind: Text, Text: "This workspace is not connected to SigSentry (or was disconnected). " +
			"Ask your SigSentry admin to connect it: Project → Support Desk → Connect platform."})
		return v
	}
	if b.Status == binding.StatusNeedsReinstall {
		v.add(Item{Kind: Text, Style: StyleError, Text: "SigSentry's access to this workspace was refused. " +
			"Ask your SigSentry admin to reinstall the app (Support Desk → Connect platform). Results are not posted until then."})
	}
	if req.ConversationID == "" {
		v.add(Item{Kind: Text, Style: StyleMuted, Text: "Open a conversation to see its triage."})
		return v
	}
	notice := ""
	if req.Action == ActionRunAnalysis {
		notice = p.runAnalysis(ctx, b, req.ConversationID)
	}
	p.addTriage(ctx, &v, b, req.ConversationID)
	p.addAnalyses(ctx, &v, b, req.ConversationID)
	if notice != "" {
		v.add(Item{Kind: Text, Style: StyleSuccess, Text: notice})
	}
	if b.Status == binding.StatusActive {
		v.add(Item{Kind: Button, Text: "Run analysis", Action: ActionRunAnalysis})
	}
	return v
}

func (p *Panel) runAnalysis(ctx context.Context, b *binding.Binding, conversationID string) string {
	if b.Status != binding.StatusActive {
		return ""
	}
	id, err := p.starter.StartManualAnalysis(ctx, b, conversationID)
	if err != nil {
		p.log.ErrorContext(ctx, "panel: start analysis", "binding_id", b.ID, "error", err)
		return "The analysis could not be queued; try again in a minute."
	}
	return "Analysis queued: " + p.publicURL + "/analyses/" + id
}

func (p *Panel) addTriage(ctx context.Context, v *View, b *binding.Binding, conversationID string) {
	r, err := p.triages.GetTriage(ctx, b.ID, conversationID)
	if err != nil {
		if core.ErrorCode(err) != core.ErrNotFound {
			p.log.ErrorContext(ctx, "panel: get triage", "error", err)
		}
		v.add(Item{Kind: Text, Style: StyleMuted, Text: "No triage yet: SigSentry triages a conversation when the customer writes. " +
			"You can run an analysis now."})
		return
	}
	service := "not recognised"
	if r.AffectedService != nil {
		service = *r.AffectedService
	}
	v.add(Item{Kind: Field, Text: "Severity", Value: strings.ToUpper(string(r.Severity))})
	v.add(Item{Kind: Field, Text: "Confidence", Value: fmt.Sprintf("%.0f%%", r.Confidence*100)})
	v.add(Item{Kind: Field, Text: "Service", Value: service})
	v.add(Item{Kind: Field, Text: "Window", Value: r.Window.Start.UTC().Format("Jan 2 15:04") + "–" +
		r.Window.End.UTC().Format("15:04") + " UTC"})
}

func (p *Panel) addAnalyses(ctx context.Context, v *View, b *binding.Binding, conversationID string) {
	list, _, err := p.analyses.ListAnalyses(ctx, analysis.Filter{BindingID: b.ID, ConversationID: conversationID}, core.Page{Limit: 3})
	if err != nil {
		p.log.ErrorContext(ctx, "panel: list analyses", "error", err)
		return
	}
	if len(list) == 0 {
		return
	}
	v.add(Item{Kind: Divider})
	v.add(Item{Kind: Text, Text: "Recent analyses", Style: StyleMuted})
	for _, a := range list {
		label := a.CreatedAt.UTC().Format("Jan 2 15:04") + " · " + string(a.Status)
		if a.Result != nil {
			label += " · " + strings.ToUpper(string(a.Result.Severity))
		}
		v.add(Item{Kind: Link, Text: label, URL: p.publicURL + "/analyses/" + a.ID})
	}
}
