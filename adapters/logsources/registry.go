package logsources

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/sigsentry/hub/adapters/elastic"
	"github.com/sigsentry/hub/adapters/httpsource"
	"github.com/sigsentry/hub/adapters/logfile"
	"github.com/sigsentry/hub/adapters/logline"
	"github.com/sigsentry/hub/adapters/loki"
	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/analysis"
	"github.com/sigsentry/hub/core/project"
)

// Options configure a Registry. The zero value is usable.
type Options struct {
	// HTTPClient sends the requests of Loki and Elasticsearch sources.
	// Default: httpsource.NewClient(), which bounds connecting, the TLS
	// handshake and the wait for response headers.
	HTTPClient *http.Client
	// FileRoots, when set, are the only directories file sources may read
	// under: whoever can configure a source could otherwise read any file
	// the hub can (and see its lines through Sample). Symbolic links inside
	// a root are followed. Empty: any absolute path.
	FileRoots []string
	// Now is the clock Sample looks back from. Default time.Now.
	Now func() time.Time
	// SampleTimeout bounds one Sample call. Default 20 s.
	SampleTimeout time.Duration
}

// DefaultSampleTimeout bounds Sample when Options.SampleTimeout is 0: a
// person is waiting on the "test connection" button.
const DefaultSampleTimeout = 20 * time.Second

// Registry opens log sources by type. It is safe for concurrent use.
type Registry struct {
	opts Options
}

var _ analysis.Sources = (*Registry)(nil)

// New returns a registry with opts.
func New(opts Options) *Registry {
	if opts.HTTPClient == nil {
		opts.HTTPClient = httpsource.NewClient()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.SampleTimeout <= 0 {
		opts.SampleTimeout = DefaultSampleTimeout
	}
	return &Registry{opts: opts}
}

// Source is what every source opened here offers beyond analysis.Source.
type Source interface {
	analysis.Source
	// Stats counts the lines read and skipped by every Stream so far.
	Stats() logline.Stats
}

// Open returns the source ls describes. Its configuration is checked first:
// a mistake is a *core.Error naming the setting (config.path,
// credentials.password); an unknown type names config.type, as
// analysis.Sources asks. Opening does no I/O; Stream and Sample do.
func (r *Registry) Open(ctx context.Context, ls *project.LogSource) (analysis.Source, error) {
	return r.open(ls)
}

func (r *Registry) open(ls *project.LogSource) (Source, error) {
	switch ls.Type {
	case project.SourceFile:
		cfg, err := logfile.ParseConfig(ls)
		if err != nil {
			return nil, err
		}
		if err := r.checkRoots(cfg.Path); err != nil {
			return nil, err
		}
		return logfile.New(cfg), nil
	case project.SourceLoki:
		return loki.Open(ls, r.opts.HTTPClient)
	case project.SourceElastic:
		return elastic.Open(ls, r.opts.HTTPClient)
	}
	return nil, core.Invalid("config.type", "must be file, loki or elastic (got %q)", ls.Type)
}

// checkRoots refuses a file glob outside Options.FileRoots.
func (r *Registry) checkRoots(pattern string) error {
	if len(r.opts.FileRoots) == 0 {
		return nil
	}
	clean := filepath.Clean(pattern)
	for _, root := range r.opts.FileRoots {
		root = filepath.Clean(root)
		if strings.HasPrefix(clean, root+string(filepath.Separator)) {
			return nil
		}
	}
	return core.Invalid("config.path", "must be under %s (the directories this hub may read logs from)",
		strings.Join(r.opts.FileRoots, ", "))
}

// Stats returns the counts of a source opened by a Registry; false for any
// other source.
func Stats(src analysis.Source) (logline.Stats, bool) {
	s, ok := src.(Source)
	if !ok {
		return logline.Stats{}, false
	}
	return s.Stats(), true
}
