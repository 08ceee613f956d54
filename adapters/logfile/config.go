package logfile

import (
	"path/filepath"

	"github.com/sigsentry/hub/adapters/logline"
	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/project"
)

// Config is a file source's settings, read from project.LogSource.Config.
type Config struct {
	// Path is a glob (filepath.Match syntax) of the files to read.
	Path string
	// Parser says how lines are written (format, field names, layout).
	Parser logline.Options
	// MaxLineBytes is the longest line read; longer lines are skipped and
	// counted. Default 1 MiB.
	MaxLineBytes int
}

// DefaultMaxLineBytes bounds a line so that one runaway line (a dumped
// request body, a binary file matched by mistake) cannot take the memory.
const DefaultMaxLineBytes = 1 << 20

// ParseConfig reads and checks a file source's configuration. Mistakes come
// back as *core.Error naming config.<key>.
func ParseConfig(ls *project.LogSource) (Config, error) {
	c := logline.NewConfig(ls.Config)
	cfg := Config{Path: c.String("path", "")}
	formatName := c.String("format", "json")
	format, ok := logline.ParseFormat(formatName)
	if !ok || format == logline.Auto {
		c.Fail("format", "must be json, logfmt or text (got %q)", formatName)
	}
	cfg.Parser = c.ParserOptions(format)
	cfg.MaxLineBytes = c.Int("max_line_bytes", DefaultMaxLineBytes, 1024, 64<<20)
	if err := c.Err(); err != nil {
		return Config{}, err
	}
	if cfg.Path == "" {
		return Config{}, core.Invalid("config.path", "is required: a file or glob such as /var/log/app/*.jsonl")
	}
	if !filepath.IsAbs(cfg.Path) {
		return Config{}, core.Invalid("config.path", "must be an absolute path (got %q)", cfg.Path)
	}
	if _, err := filepath.Match(cfg.Path, ""); err != nil {
		return Config{}, core.Invalid("config.path", "is not a valid glob: %v", err)
	}
	return cfg, nil
}
