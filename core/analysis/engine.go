package analysis

import (
	"context"
	"errors"
	"fmt"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/project"
)

// ProjectData is what the engine reads of a project.
type ProjectData interface {
	GetProject(ctx context.Context, id string) (*project.Project, error)
	ListLogSources(ctx context.Context, projectID string) ([]*project.LogSource, error)
}

// Engine runs analyses: it streams every active log source of the project
// over the incident window and an equal baseline before it, mines templates,
// compares counts, looks for the customer's identifiers and explains what it
// found. It is deterministic for the same logs and keeps no raw line beyond
// a few quoted examples.
type Engine struct {
	projects ProjectData
	sources  Sources
}

// NewEngine returns the analysis engine.
func NewEngine(projects ProjectData, sources Sources) *Engine {
	return &Engine{projects: projects, sources: sources}
}

// Analyze implements the pipeline's Analyzer: it fills a.Result and sets
// a.Status to complete, or partial when a log source failed, or failed when
// none could be read.
func (e *Engine) Analyze(ctx context.Context, a *Analysis) error {
	p, err := e.projects.GetProject(ctx, a.ProjectID)
	if err != nil {
		return fmt.Errorf("get project %s: %w", a.ProjectID, err)
	}
	sources, err := e.projects.ListLogSources(ctx, a.ProjectID)
	if err != nil {
		return fmt.Errorf("list log sources of %s: %w", a.ProjectID, err)
	}
	text := ""
	if a.Conversation != nil {
		text = a.Conversation.Excerpt
	}
	res, status, err := e.Run(ctx, RunInput{Window: a.Window, Text: text, Service: a.Service,
		Services: p.Services, Sources: sources})
	if err != nil {
		return err
	}
	a.Result, a.Status = res, status
	return nil
}

// RunInput is what one run reads; bin/sigsentry analyze builds it from flags.
type RunInput struct {
	Window   core.Window
	Text     string
	Service  string
	Services []project.Service
	Sources  []*project.LogSource
}

// Run streams the sources and builds the result.
func (e *Engine) Run(ctx context.Context, in RunInput) (*Result, Status, error) {
	if !in.Window.End.After(in.Window.Start) {
		return nil, StatusFailed, errors.New("analysis window is empty")
	}
	c := newCollector(in.Window, ExtractIdentifiers(in.Text))
	var failures []SourceError
	read := 0
	for _, ls := range in.Sources {
		if !ls.Active {
			continue
		}
		if err := e.stream(ctx, ls, c); err != nil {
			if ctx.Err() != nil {
				return nil, StatusFailed, ctx.Err()
			}
			failures = append(failures, SourceError{Source: ls.Name, Error: err.Error()})
			continue
		}
		read++
	}
	if read == 0 && len(failures) == 0 {
		return nil, StatusFailed, errors.New("the project has no active log source; add one in the dashboard or API")
	}
	if read == 0 {
		res := explain(c, in)
		res.SourceErrors = failures
		return res, StatusFailed, nil
	}
	res := explain(c, in)
	res.SourceErrors = failures
	if len(failures) > 0 {
		return res, StatusPartial, nil
	}
	return res, StatusComplete, nil
}

func (e *Engine) stream(ctx context.Context, ls *project.LogSource, c *collector) error {
	src, err := e.sources.Open(ctx, ls)
	if err != nil {
		return err
	}
	fallback := ls.Name
	if v, ok := ls.Config["service"].(string); ok && v != "" {
		fallback = v
	}
	return src.Stream(ctx, c.baseline.Start, c.window.End, func(r *Record) error {
		if r.Service == "" {
			// A source that does not name services still names a place.
			r.Service = fallback
		}
		c.add(r)
		return nil
	})
}
