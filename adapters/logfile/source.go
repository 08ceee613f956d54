package logfile

import (
	"context"
	"time"

	"github.com/sigsentry/hub/adapters/logline"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/project"
)

// Source streams the lines of the files that a glob matches. It is safe for
// concurrent use: each Stream has its own buffers.
type Source struct {
	cfg Config
	logline.Tally
}

var _ analysis.Source = (*Source)(nil)

// New returns a source for cfg (see ParseConfig).
func New(cfg Config) *Source {
	if cfg.MaxLineBytes <= 0 {
		cfg.MaxLineBytes = DefaultMaxLineBytes
	}
	return &Source{cfg: cfg}
}

// Open reads ls's configuration and returns its source.
func Open(ls *project.LogSource) (*Source, error) {
	cfg, err := ParseConfig(ls)
	if err != nil {
		return nil, err
	}
	return New(cfg), nil
}

// Stream calls fn for every line with from <= time < to, file by file from
// the oldest. Files last written before the window are not opened. Lines
// that cannot be read (no or bad timestamp, wrong format, too long) are
// skipped and counted in Stats.
func (s *Source) Stream(ctx context.Context, from, to time.Time, fn func(*analysis.Record) error) error {
	if !from.Before(to) {
		return nil // an empty window
	}
	files, err := matchFiles(s.cfg.Path)
	if err != nil {
		return err
	}
	sc := newScanner(s.cfg, from, to, fn)
	defer s.addStats(&sc.stats)
	for _, f := range files {
		if f.endsBefore(from) {
			sc.stats.FilesPruned++
			continue
		}
		if err := sc.readFile(ctx, f.path); err != nil {
			return err
		}
	}
	return nil
}

func (s *Source) addStats(st *logline.Stats) { s.Add(*st) }
