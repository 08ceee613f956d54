package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/core/project"
	"github.com/sigsentry/hub/core/triage"
)

// TriageRequest is what the triage engine reads of a conversation.
type TriageRequest struct {
	Text        string
	At          time.Time
	Services    []project.Service
	Context     string
	Timezone    string
	BufferHours int
}

// TriageDecision is what the triage engine decides.
type TriageDecision struct {
	Severity        core.Severity
	Confidence      float64
	AffectedService *string
	Window          core.Window
	Evidence        []string
}

// Triager decides severity, service and window of a conversation.
type Triager interface {
	Triage(TriageRequest) TriageDecision
}

// BindingAccess is what processing needs of bindings.
type BindingAccess interface {
	GetBinding(ctx context.Context, id string) (*binding.Binding, error)
	// ConnectedID returns the id of a workspace's connected binding, or a
	// core.ErrNotFound error.
	ConnectedID(ctx context.Context, platform, workspaceID string) (string, error)
	RecordActivity(ctx context.Context, id string, a binding.Activity) error
}

// ProjectReader reads projects.
type ProjectReader interface {
	GetProject(ctx context.Context, id string) (*project.Project, error)
}

// Reinstaller marks a binding whose token the desk refused.
type Reinstaller interface {
	MarkNeedsReinstall(ctx context.Context, id, reason string) error
}

// Processor runs the jobs the ingester and the panel queue.
type Processor struct {
	bindings  BindingAccess
	reinstall Reinstaller
	projects  ProjectReader
	triages   triage.Store
	analyses  analysis.Store
	analyzer  Analyzer
	poster    Poster
	effects   Effects
	queue     Queue
	triager   Triager
	publicURL string
	log       *slog.Logger
	now       func() time.Time
}

// ProcessorDeps are the Processor's ports.
type ProcessorDeps struct {
	Bindings    BindingAccess
	Reinstaller Reinstaller
	Projects    ProjectReader
	Triages     triage.Store
	Analyses    analysis.Store
	Analyzer    Analyzer
	Poster      Poster
	Effects     Effects
	Queue       Queue
	Triager     Triager
	// PublicURL is the hub's external base; analysis links hang off it.
	PublicURL string
	Log       *slog.Logger
}

// NewProcessor returns the job processing use cases.
func NewProcessor(d ProcessorDeps) *Processor {
	log := d.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Processor{bindings: d.Bindings, reinstall: d.Reinstaller, projects: d.Projects,
		triages: d.Triages, analyses: d.Analyses, analyzer: d.Analyzer, poster: d.Poster,
		effects: d.Effects, queue: d.Queue, triager: d.Triager, publicURL: d.PublicURL, log: log,
		now: func() time.Time { return time.Now().UTC() }}
}

// Handle runs one job by its kind.
func (p *Processor) Handle(ctx context.Context, job Job) error {
	switch job.Kind {
	case KindEvent:
		return p.ProcessEvent(ctx, job)
	case KindAnalysis:
		return p.ProcessAnalysis(ctx, job)
	}
	return permanent("unknown job kind %q", job.Kind)
}

// AnalysisURL is where people read an analysis.
func (p *Processor) AnalysisURL(id string) string { return p.publicURL + "/analyses/" + id }

// permanent is a failure retrying cannot fix: the job is dead-lettered.
func permanent(format string, args ...any) error {
	return &DeskFailure{Kind: FailPermanent, Message: fmt.Sprintf(format, args...)}
}
