package pluginhost

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// Host runs the desk plugins. Create it with New, then Start; Stop ends
// every plugin process.
type Host struct {
	opts Options

	mu       sync.RWMutex
	started  bool
	stopped  bool
	cancel   context.CancelFunc
	plugins  map[string]*supervisor
	scanErrs []error // discovery failures that name no plugin
}

var (
	_ binding.Platforms = (*Host)(nil)
	_ binding.Desk      = (*Host)(nil)
)

// New returns a host that has not discovered or started anything yet.
func New(opts Options) *Host {
	return &Host{opts: opts.withDefaults(), plugins: map[string]*supervisor{}}
}

// Start discovers the plugins and starts each one, returning once every
// plugin has either started or failed its first attempt. A plugin that
// cannot start is logged and reported by Platforms and Ready, never fatal:
// the hub serves its other desks. ctx bounds only this wait; the plugins
// run until Stop. Start fails only when called twice.
func (h *Host) Start(ctx context.Context) error {
	h.mu.Lock()
	if h.started {
		h.mu.Unlock()
		return errors.New("plugin host already started")
	}
	h.started = true
	runCtx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel

	log := h.opts.Logger
	cands, errs := Discover(h.opts.Dir, log)
	for _, err := range errs {
		var r *RefusedError
		if errors.As(err, &r) && r.manifest != nil {
			h.plugins[r.ID] = refusedSupervisor(Candidate{Manifest: r.manifest, Dir: r.Dir}, r.Reason, &h.opts)
			continue
		}
		if r == nil {
			log.Error("desk plugins could not be discovered", "dir", h.opts.Dir, "error", err)
		}
		h.scanErrs = append(h.scanErrs, err)
	}
	var starting []*supervisor
	for _, c := range cands {
		s := newSupervisor(c, &h.opts)
		h.plugins[c.Manifest.ID] = s
		starting = append(starting, s)
		go s.run(runCtx)
	}
	h.mu.Unlock()

	for _, s := range starting {
		select {
		case <-s.first:
		case <-ctx.Done():
			// Not an error: the plugin goes on starting and reports itself
			// as restarting meanwhile. Returning nil also keeps Stop
			// reachable (fx runs OnStop only for hooks whose OnStart passed).
			log.Warn("desk plugin still starting; the hub starts without waiting for it",
				"plugin", s.cand.Manifest.ID, "error", ctx.Err())
		}
	}
	running := 0
	for _, p := range h.Platforms(ctx) {
		if p.Status == binding.PlatformRunning {
			running++
		}
	}
	log.Info("desk plugins started", "dir", h.opts.Dir, "running", running, "found", len(h.plugins))
	return nil
}

// Stop ends every plugin process: each is asked to shut down, then killed
// if it has not exited within two seconds. It returns when no plugin
// process is left, or with an error naming the plugins still stopping when
// ctx ends first (they are still killed; the parent-death signal covers a
// hub that exits right after).
func (h *Host) Stop(ctx context.Context) error {
	h.mu.Lock()
	if !h.started || h.stopped {
		h.mu.Unlock()
		return nil
	}
	h.stopped = true
	h.cancel()
	sups := slices.Collect(maps.Values(h.plugins))
	h.mu.Unlock()

	var waiting []string
	for _, s := range sups {
		select {
		case <-s.done:
		case <-ctx.Done():
			waiting = append(waiting, s.cand.Manifest.ID)
		}
	}
	if len(waiting) > 0 {
		slices.Sort(waiting)
		return fmt.Errorf("desk plugins %s still stopping: %w", strings.Join(waiting, ", "), ctx.Err())
	}
	return nil
}

// Platforms lists every plugin found, sorted by id, with its status:
// running, restarting (also while it first starts) or failed, with the
// reason. Plugins refused at discovery are listed as failed when their
// manifest named them.
func (h *Host) Platforms(context.Context) []binding.Platform {
	out := []binding.Platform{}
	for _, s := range h.sorted() {
		out = append(out, s.platform())
	}
	return out
}

// Ready is the plugins' /readyz check: nil when every plugin found is
// running. The error names each plugin that is not, and why.
func (h *Host) Ready(context.Context) error {
	h.mu.RLock()
	started, stopped, scanErrs := h.started, h.stopped, h.scanErrs
	h.mu.RUnlock()
	switch {
	case !started:
		return errors.New("desk plugins not started yet")
	case stopped:
		return errors.New("desk plugins stopped: the hub is shutting down")
	}
	var problems []string
	for _, err := range scanErrs {
		problems = append(problems, err.Error())
	}
	for _, s := range h.sorted() {
		if p := s.problem(); p != "" {
			problems = append(problems, p)
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("desk plugins not ready: %s", strings.Join(problems, "; "))
	}
	return nil
}

// Desk returns the client for calls to platform id, and its manifest (for
// its capabilities). The client routes each call to the plugin's current
// process, so it keeps working across restarts, and bounds it with the
// call's timeout. Errors: ErrUnknownPlatform when no such plugin was found;
// ErrUnavailable, at once, while it is not running.
func (h *Host) Desk(id string) (deskv1.DeskClient, *sdk.Manifest, error) {
	s, err := h.lookup(id)
	if err != nil {
		return nil, nil, err
	}
	if _, err := s.current(); err != nil {
		return nil, nil, err
	}
	return &deskClient{s: s}, s.cand.Manifest, nil
}

func (h *Host) lookup(id string) (*supervisor, error) {
	h.mu.RLock()
	s, ok := h.plugins[id]
	h.mu.RUnlock()
	if !ok {
		return nil, unknownPlatform(id)
	}
	return s, nil
}

func (h *Host) sorted() []*supervisor {
	h.mu.RLock()
	defer h.mu.RUnlock()
	out := make([]*supervisor, 0, len(h.plugins))
	for _, id := range slices.Sorted(maps.Keys(h.plugins)) {
		out = append(out, h.plugins[id])
	}
	return out
}
