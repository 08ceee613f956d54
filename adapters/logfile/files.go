package logfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/sigsentry/hub/core"
)

// rotatedSuffixes extend the configured glob to the names rotation tools
// give old files: app.log.gz, app.log.1, app.log.2.gz (logrotate) and
// app.log-20240105.gz (logrotate dateext).
var rotatedSuffixes = []string{"", ".gz", ".[0-9]*", "-[0-9]*"}

// mtimeSlack is how far before the window a file's last write may be and
// the file still be read. A file's lines are written no later than its
// modification time, but clocks differ (an NFS server, a container's log
// driver), so pruning keeps a margin.
const mtimeSlack = 10 * time.Minute

type logFile struct {
	path  string
	mtime time.Time
	size  int64
}

// matchFiles returns the regular files matching pattern and its rotated
// names, oldest first so that records stream roughly in time order.
func matchFiles(pattern string) ([]logFile, error) {
	seen := map[string]bool{}
	var files []logFile
	for _, suffix := range rotatedSuffixes {
		names, err := filepath.Glob(pattern + suffix)
		if err != nil {
			return nil, core.Invalid("config.path", "is not a valid glob: %v", err)
		}
		for _, name := range names {
			if seen[name] {
				continue
			}
			seen[name] = true
			info, err := os.Stat(name)
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					continue // rotated away between the glob and the stat
				}
				return nil, &core.Error{Code: core.ErrUnavailable, Message: "cannot read " + name + ": " + reason(err)}
			}
			if info.Mode().IsRegular() {
				files = append(files, logFile{path: name, mtime: info.ModTime(), size: info.Size()})
			}
		}
	}
	if len(files) == 0 {
		return nil, &core.Error{Code: core.ErrUnavailable, Message: "no file matches " + pattern + " (config.path)"}
	}
	sort.Slice(files, func(i, j int) bool {
		if !files[i].mtime.Equal(files[j].mtime) {
			return files[i].mtime.Before(files[j].mtime)
		}
		return files[i].path < files[j].path
	})
	return files, nil
}

// endsBefore reports whether f was last written before from, so that none
// of its lines can be in the window.
func (f logFile) endsBefore(from time.Time) bool {
	return f.mtime.Before(from.Add(-mtimeSlack))
}

// reason names a file error in words, without the path the caller adds.
func reason(err error) string {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "permission denied (the hub's user cannot read it)"
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
