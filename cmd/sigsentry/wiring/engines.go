package wiring

import (
	"log/slog"

	"github.com/sigsentry/hub/core/pipeline"
	"github.com/sigsentry/hub/core/triage"
)

// NewAnalyzer is the analysis engine. Until it exists, analyses fail with a
// message saying so (the pipeline marks them failed).
func NewAnalyzer() pipeline.Analyzer { return nil }

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
