package logsources

import (
	"context"
	"errors"
	"fmt"

	"github.com/sigsentry/hub/adapters/elastic"
	"github.com/sigsentry/hub/adapters/logfile"
	"github.com/sigsentry/hub/adapters/logline"
	"github.com/sigsentry/hub/adapters/loki"
	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/project"
)

// SampleLine is one line as "test connection" shows it: time, level,
// service, message (cut at logline.SampleMessageLimit, Truncated set), and
// Problem when an analysis would skip the line, saying which setting to
// change.
type SampleLine = logline.Sample

// MaxSample bounds how many lines Sample returns.
const MaxSample = 1000

// Sample reads up to n recent lines of ls, oldest first: for files the last
// lines of the newest matching file, for Loki and Elasticsearch the newest
// lines of the last hour (or, if there are none, of the last day). An empty
// list with no error means the source answers but has nothing recent.
// Failures are *core.Error a person can act on ("no file matches …", "loki
// answered 401 Unauthorized: check credentials.bearer_token", "connection
// refused to http://…").
func (r *Registry) Sample(ctx context.Context, ls *project.LogSource, n int) ([]SampleLine, error) {
	if n < 1 || n > MaxSample {
		return nil, core.Invalid("n", "must be from 1 to %d", MaxSample)
	}
	src, err := r.open(ls)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, r.opts.SampleTimeout)
	defer cancel()
	var lines []SampleLine
	switch s := src.(type) {
	case *logfile.Source:
		lines, err = s.Sample(ctx, n)
	case *loki.Source:
		lines, err = s.Sample(ctx, r.opts.Now(), n)
	case *elastic.Source:
		lines, err = s.Sample(ctx, r.opts.Now(), n)
	}
	if err != nil {
		return nil, explain(ctx, err)
	}
	if lines == nil {
		lines = []SampleLine{}
	}
	return lines, nil
}

// explain makes sure a failure reads as something to act on: the sources
// return *core.Error already; what else gets here (a deadline) is named.
func explain(ctx context.Context, err error) error {
	var ce *core.Error
	switch {
	case errors.As(err, &ce):
		return err
	case errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil:
		return fmt.Errorf("%w: %w", &core.Error{Code: core.ErrUnavailable,
			Message: "the source did not answer within the test's time limit"}, err)
	}
	return fmt.Errorf("%w: %w", &core.Error{Code: core.ErrUnavailable, Message: err.Error()}, err)
}
