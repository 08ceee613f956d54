package pluginhost

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/sigsentry/hub/plugins/sdk"
)

// Candidate is a plugin that passed discovery: its manifest is valid, its
// binary is inside its folder, speaks this hub's protocol and has the
// checksum it must have. Nothing of it has run yet.
type Candidate struct {
	Manifest *sdk.Manifest
	// Dir is the plugin's folder (<plugins dir>/<id>), absolute.
	Dir string
	// Executable is the binary's absolute path with symlinks resolved; it
	// lies inside Dir (after resolving Dir's own symlinks).
	Executable string
	// SHA256 is the binary's digest, checked again by go-plugin at every
	// start so that a binary swapped after discovery is never run.
	SHA256 []byte
}

// Discover scans dir/*/plugin.json, one level deep, and returns the plugins
// it may start. Each folder it refuses is logged once, with the reason and
// what to do, and returned as a *RefusedError; the scan goes on with the
// others. Folders without a plugin.json (plugins/sdk, plugins/proto) are not
// plugins and are skipped quietly. A missing dir means no plugins.
func Discover(dir string, log *slog.Logger) ([]Candidate, []error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, []error{fmt.Errorf("plugins directory %q: %w", dir, err)}
	}
	entries, err := os.ReadDir(abs)
	if errors.Is(err, fs.ErrNotExist) {
		log.Info("no plugins directory; no desk plugins loaded", "dir", abs)
		return nil, nil
	}
	if err != nil {
		return nil, []error{fmt.Errorf("read plugins directory: %w", err)}
	}

	var (
		found []Candidate
		errs  []error
	)
	refuse := func(e *RefusedError) {
		log.Error("desk plugin refused", "plugin", e.ID, "dir", e.Dir, "reason", e.Reason)
		errs = append(errs, e)
	}
	for _, e := range entries {
		folder := filepath.Join(abs, e.Name())
		if !hasManifest(folder) {
			log.Debug("not a plugin folder: no "+sdk.ManifestFile, "dir", folder)
			continue
		}
		c, rerr := inspect(folder, log)
		if rerr != nil {
			refuse(rerr)
			continue
		}
		log.Debug("desk plugin found", "plugin", c.Manifest.ID, "version", c.Manifest.Version,
			"executable", c.Executable)
		found = append(found, *c)
	}
	return dedupe(found, refuse), errs
}

// dedupe keeps the first plugin of each id and refuses the others: the
// host runs one process per id and routes /webhooks/{id} to it. In one flat
// scan a second folder with the same id cannot pass the manifest's "id is
// the folder name" rule, so this guards the host's invariant against a
// change to that rule rather than a layout an operator can make today.
func dedupe(found []Candidate, refuse func(*RefusedError)) []Candidate {
	seen := map[string]string{} // id → folder that claimed it first
	out := found[:0]
	for _, c := range found {
		if first, dup := seen[c.Manifest.ID]; dup {
			refuse(&RefusedError{Dir: c.Dir, ID: c.Manifest.ID, manifest: c.Manifest,
				Reason: fmt.Sprintf("id %q is already taken by the plugin in %s; remove one of them", c.Manifest.ID, first)})
			continue
		}
		seen[c.Manifest.ID] = c.Dir
		out = append(out, c)
	}
	return out
}

func hasManifest(folder string) bool {
	fi, err := os.Stat(filepath.Join(folder, sdk.ManifestFile))
	return err == nil && fi.Mode().IsRegular()
}

// inspect runs every check that can be made without starting the binary,
// cheapest first.
func inspect(folder string, log *slog.Logger) (*Candidate, *RefusedError) {
	m, err := sdk.ReadManifest(folder)
	if err != nil {
		return nil, &RefusedError{Dir: folder, Reason: fmt.Sprintf("invalid manifest: %v", err)}
	}
	refused := func(format string, args ...any) *RefusedError {
		return &RefusedError{Dir: folder, ID: m.ID, Reason: fmt.Sprintf(format, args...), manifest: m}
	}
	if !m.Speaks(sdk.ProtocolVersion) {
		return nil, refused("it speaks desk protocol versions %v but this hub speaks %d; "+
			"install a release of the plugin built for this hub", m.ProtocolVersions, sdk.ProtocolVersion)
	}
	exe, err := resolveExecutable(folder, m.Executable)
	if err != nil {
		return nil, refused("%v", err)
	}
	sum, err := verifyChecksum(exe, filepath.Join(folder, m.Executable), m.SHA256)
	if err != nil {
		return nil, refused("%v", err)
	}
	if sum.pinnedBy == "" {
		log.Warn("desk plugin has no pinned checksum (no sha256 in the manifest, no .sha256 file); "+
			"starting the binary as it is now. `make build` writes the .sha256 file",
			"plugin", m.ID, "executable", exe)
	}
	return &Candidate{Manifest: m, Dir: folder, Executable: exe, SHA256: sum.digest}, nil
}

// resolveExecutable returns the binary's real path, refusing one that is
// missing, not executable, or outside the plugin folder. The manifest check
// already refuses "../x" and absolute paths; symlinks are resolved here so a
// link inside the folder cannot point the hub at a binary elsewhere.
func resolveExecutable(folder, executable string) (string, error) {
	realFolder, err := filepath.EvalSymlinks(folder)
	if err != nil {
		return "", fmt.Errorf("resolve plugin folder: %w", err)
	}
	path := filepath.Join(folder, executable)
	real, err := filepath.EvalSymlinks(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("executable %s does not exist; run `make build` to build the plugins", path)
	}
	if err != nil {
		return "", fmt.Errorf("resolve executable %s: %w", path, err)
	}
	if rel, err := filepath.Rel(realFolder, real); err != nil || !filepath.IsLocal(rel) {
		return "", fmt.Errorf("executable %s resolves to %s, outside the plugin folder %s", path, real, realFolder)
	}
	fi, err := os.Stat(real)
	if err != nil {
		return "", fmt.Errorf("executable %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("executable %s is not a regular file", path)
	}
	if fi.Mode().Perm()&0o111 == 0 {
		return "", fmt.Errorf("executable %s is not executable (mode %s); run `make build` to build the plugins",
			path, fi.Mode().Perm())
	}
	return real, nil
}
