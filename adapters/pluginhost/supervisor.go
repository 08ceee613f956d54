package pluginhost

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// supervisor owns one plugin: it starts it, notices when it exits, restarts
// it with backoff and gives up after repeated crashes. Calls find the
// current run through current().
type supervisor struct {
	cand Candidate
	opts *Options
	log  *slog.Logger

	first     chan struct{} // closed once the first start attempt has an outcome
	firstOnce sync.Once
	done      chan struct{} // closed when run returns and no process is left

	mu      sync.RWMutex
	status  string // one of binding.Platform*
	reason  string // why it is restarting or failed
	meta    *deskv1.Metadata
	inst    *instance // nil while not running
	stopped bool
}

func newSupervisor(c Candidate, opts *Options) *supervisor {
	return &supervisor{
		cand: c, opts: opts, log: opts.Logger.With("plugin", c.Manifest.ID),
		first: make(chan struct{}), done: make(chan struct{}),
		status: binding.PlatformRestarting, reason: "starting",
	}
}

// refusedSupervisor stands for a plugin that discovery refused: it is
// reported as failed, and nothing runs.
func refusedSupervisor(c Candidate, reason string, opts *Options) *supervisor {
	s := newSupervisor(c, opts)
	s.status, s.reason = binding.PlatformFailed, reason
	close(s.first)
	close(s.done)
	return s
}

// run supervises the plugin until ctx ends (the host stops); it returns only
// when no process of the plugin is left.
func (s *supervisor) run(ctx context.Context) {
	// Never unlocked: every run of the plugin is started from this thread,
	// and the parent-death signal fires when this thread ends (see
	// sysProcAttr). The thread ends with this goroutine, after the process.
	runtime.LockOSThread()
	defer close(s.done)

	crashes := restarts{policy: s.opts.Restart}
	for {
		inst, err := s.launch(ctx)
		var ranFor time.Duration
		switch {
		case ctx.Err() != nil:
			if inst != nil {
				inst.stop()
			}
			s.setStopped()
			return
		case err != nil && isPermanent(err):
			// Logged before the status changes, so that whoever sees the
			// status can find the line.
			s.log.Error("desk plugin failed to start and will not be restarted", "error", err)
			s.setFailed(err.Error())
			return
		case err != nil:
			// Counted like a crash, so a binary that can never start ends up
			// failed instead of being retried forever.
			err = fmt.Errorf("start failed: %w", err)
		default:
			s.log.Info("desk plugin running", "version", inst.meta.GetVersion(), "pid", inst.pid)
			if inst.configProblem != "" {
				s.log.Warn("desk plugin runs without required settings; installs and webhooks will fail until they are set",
					"problem", inst.configProblem)
			}
			s.setRunning(inst)
			s.watch(ctx, inst)
			s.setDown()
			inst.stop()
			if ctx.Err() != nil {
				s.setStopped()
				s.log.Info("desk plugin stopped", "pid", inst.pid)
				return
			}
			ranFor = s.opts.Clock.Now().Sub(inst.started)
			err = fmt.Errorf("process %d exited (%s) after %s", inst.pid, inst.exitStatus(), ranFor.Round(time.Millisecond))
		}

		wait, n, failed := crashes.crashed(s.opts.Clock.Now(), ranFor)
		if failed {
			reason := fmt.Sprintf("crashed %d times within %s; last: %v", n, s.opts.Restart.Window, err)
			s.log.Error("desk plugin failed; not restarting it until the hub restarts", "reason", reason)
			s.setFailed(reason)
			return
		}
		s.log.Warn("desk plugin crashed; restarting", "error", err, "restart_in", wait, "crashes", n)
		s.setRestarting(err.Error())
		select {
		case <-ctx.Done():
			s.setStopped()
			return
		case <-s.opts.Clock.After(wait):
		}
	}
}

// watch returns when the process exits or ctx ends. go-plugin reports an
// exit only through Exited(), so it is polled; a 200 ms poll notices a crash
// well within the second the hub promises.
func (s *supervisor) watch(ctx context.Context, inst *instance) {
	tick := time.NewTicker(s.opts.PollInterval)
	defer tick.Stop()
	for !inst.exited() {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (s *supervisor) setRunning(inst *instance) {
	s.mu.Lock()
	s.status, s.reason, s.inst, s.meta = binding.PlatformRunning, inst.configProblem, inst, inst.meta
	s.mu.Unlock()
	s.firstOnce.Do(func() { close(s.first) })
}

// setDown makes calls fail fast, and the status say so, the moment an exit
// is noticed, before the process is reaped and the crash accounted.
func (s *supervisor) setDown() {
	s.mu.Lock()
	s.status, s.reason, s.inst = binding.PlatformRestarting, "process exited", nil
	s.mu.Unlock()
}

func (s *supervisor) setRestarting(reason string) {
	s.mu.Lock()
	s.status, s.reason, s.inst = binding.PlatformRestarting, reason, nil
	s.mu.Unlock()
	s.firstOnce.Do(func() { close(s.first) })
}

func (s *supervisor) setFailed(reason string) {
	s.mu.Lock()
	s.status, s.reason, s.inst = binding.PlatformFailed, reason, nil
	s.mu.Unlock()
	s.firstOnce.Do(func() { close(s.first) })
}

func (s *supervisor) setStopped() {
	s.mu.Lock()
	s.stopped, s.inst = true, nil
	s.mu.Unlock()
	s.firstOnce.Do(func() { close(s.first) })
}

// current returns the running instance, or ErrUnavailable at once so that a
// webhook for a plugin that is down is answered 503 instead of waiting.
func (s *supervisor) current() (*instance, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	id := s.cand.Manifest.ID
	switch {
	case s.inst != nil:
		return s.inst, nil
	case s.stopped:
		return nil, unavailable(nil, id, "is stopped: the hub is shutting down")
	case s.status == binding.PlatformFailed:
		return nil, unavailable(nil, id, "has failed and is not running; the hub's log says why")
	default:
		return nil, unavailable(nil, id, "is restarting; retry later")
	}
}

// platform is the plugin as GET /api/v1/platforms shows it: name, version
// and capabilities from the running binary when known, else the manifest.
func (s *supervisor) platform() binding.Platform {
	s.mu.RLock()
	defer s.mu.RUnlock()
	m := s.cand.Manifest
	p := binding.Platform{ID: m.ID, Name: m.Name, Version: m.Version, Status: s.status,
		Capabilities: m.Capabilities}
	if s.meta != nil {
		p.Name, p.Version, p.Capabilities = s.meta.GetName(), s.meta.GetVersion(), s.meta.GetCapabilities()
	}
	// Running plugins may carry a reason too: the settings they lack.
	p.Error = s.reason
	return p
}

// problem says why the plugin is not ready, or "" when it is.
func (s *supervisor) problem() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	switch {
	case s.stopped:
		return fmt.Sprintf("%s is stopped", s.cand.Manifest.ID)
	case s.status == binding.PlatformRunning:
		return ""
	default:
		return fmt.Sprintf("%s is %s: %s", s.cand.Manifest.ID, s.status, s.reason)
	}
}
