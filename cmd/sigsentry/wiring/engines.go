package wiring

import (
	"context"
	"log/slog"

	"github.com/sigsentry/hub/adapters/httpapi"
	"github.com/sigsentry/hub/adapters/logsources"
	"github.com/sigsentry/hub/cmd/sigsentry/config"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/pipeline"
	"github.com/sigsentry/hub/core/project"
	"github.com/sigsentry/hub/core/triage"
)

// NewLogSources opens the projects' log sources (file, Loki, Elasticsearch)
// for analyses and connection tests. log_file_roots keeps file sources (and
// their "test connection") inside the directories an operator allows.
func NewLogSources(cfg *config.Config) *logsources.Registry {
	return logsources.New(logsources.Options{FileRoots: cfg.LogFileRoots})
}

// NewAnalyzer is the analysis engine over the store and the log sources.
func NewAnalyzer(store Store, sources *logsources.Registry) pipeline.Analyzer {
	return analysis.NewEngine(store, sources)
}

// triager runs core/triage for the pipeline, resolving the customer's time
// zone once per name.
type triager struct {
	zones *triage.Zones
	log   *slog.Logger
}

// NewTriager is the triage engine the pipeline uses.
func NewTriager(log *slog.Logger) pipeline.Triager {
	return &triager{zones: &triage.Zones{}, log: log}
}

func (t *triager) Triage(r pipeline.TriageRequest) pipeline.TriageDecision {
	in := triage.Input{Text: r.Text, CreatedAt: r.At, TimeBufferHours: r.BufferHours}
	if r.Timezone != "" {
		loc, err := t.zones.Load(r.Timezone)
		if err != nil {
			t.log.Debug("unknown customer time zone; using UTC", "timezone", r.Timezone)
		} else {
			in.Location = loc
		}
	}
	d := triage.Triage(in, r.Services)
	return pipeline.TriageDecision{Severity: d.Severity, Confidence: d.Confidence,
		AffectedService: d.AffectedService, Window: d.Window, Evidence: d.Evidence}
}

// apiSampler serves the API's "test connection" from the log sources.
type apiSampler struct{ reg *logsources.Registry }

func (a apiSampler) SampleLines(ctx context.Context, s *project.LogSource, n int) ([]httpapi.SampleLine, error) {
	lines, err := a.reg.Sample(ctx, s, n)
	out := make([]httpapi.SampleLine, len(lines))
	for i, l := range lines {
		out[i] = httpapi.SampleLine(l)
	}
	return out, err
}
