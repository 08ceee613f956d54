package analysis

import (
	"context"
	"time"

	"github.com/sigsentry/hub/core/project"
)

// Record is one log line as an analysis reads it. Message and Line are only
// valid during the callback that receives them: sources reuse their buffers
// so that millions of lines stream through in constant memory, and raw
// lines are never kept.
type Record struct {
	Time time.Time
	// Level is normalised to error, warn, info or debug; empty when unknown.
	Level string
	// Service is the emitting service as the source names it; empty when
	// the source does not say.
	Service string
	// Message is the log message (for JSON logs, the message field).
	Message []byte
	// Line is the whole line as stored, for identifier matching and evidence.
	Line []byte
}

// Source streams the records of one log source.
type Source interface {
	// Stream calls fn for every record with from <= Time < to, in the order
	// the source stores them (roughly by time). fn returning an error stops
	// the stream with that error. A source that fails part-way returns the
	// error; the records already streamed stay counted.
	Stream(ctx context.Context, from, to time.Time, fn func(*Record) error) error
}

// Sources opens log sources by their type (file, loki, elastic). Adapters
// implement it; an unknown type is a *core.Error naming config.type.
type Sources interface {
	Open(ctx context.Context, s *project.LogSource) (Source, error)
}
