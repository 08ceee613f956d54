package analysis

import (
	"context"
	"errors"
	"fmt"
	"time"

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

// reserveShare is the part of a run's time (its context's deadline) kept
// for what follows the sources: explaining, saving and posting the result.
const reserveShare = 5 // one fifth

// Run streams the sources and builds the result.
//
// When ctx has a deadline, the sources share four fifths of the time left,
// one after the other: each gets an equal part of what the ones before it
// left, so that a server that hangs or trickles costs its own share and
// the others are still read. A source cut off there is a failed source
// (the result is partial), not a failed analysis.
func (e *Engine) Run(ctx context.Context, in RunInput) (*Result, Status, error) {
	if !in.Window.End.After(in.Window.Start) {
		return nil, StatusFailed, errors.New("analysis window is empty")
	}
	c := newCollector(in.Window, ExtractIdentifiers(in.Text))
	var active []*project.LogSource
	for _, ls := range in.Sources {
		if ls.Active {
			active = append(active, ls)
		}
	}
	var readUntil time.Time // zero: no deadline
	if dl, ok := ctx.Deadline(); ok {
		readUntil = dl.Add(-time.Until(dl) / reserveShare)
	}
	var failures []SourceError
	read := 0
	for i, ls := range active {
		sctx, cancel := ctx, context.CancelFunc(func() {})
		var share time.Duration
		if !readUntil.IsZero() {
			share = time.Until(readUntil) / time.Duration(len(active)-i)
			sctx, cancel = context.WithTimeout(ctx, share)
		}
		err := e.stream(sctx, ls, c)
		cut := errors.Is(sctx.Err(), context.DeadlineExceeded)
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return nil, StatusFailed, ctx.Err()
			}
			msg := sourceErrorMessage(err)
			if cut {
				msg += fmt.Sprintf(" (stopped after %v, its share of the time an analysis may spend reading logs; "+
					"a longer queue.lease_time gives analyses more)", share.Round(time.Millisecond))
			}
			failures = append(failures, SourceError{Source: ls.Name, Error: msg})
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

// sourceErrorMessage is what a person reads of a source's failure: the
// message adapters write for people (a *core.Error: "loki at http://loki:3100
// did not answer in time"), without the transport's internals after it;
// any other error as it is.
func sourceErrorMessage(err error) string {
	var ce *core.Error
	if errors.As(err, &ce) {
		return ce.Error()
	}
	return err.Error()
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
