package pluginhost

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os/exec"
	"path/filepath"
	"slices"
	"time"

	"github.com/hashicorp/go-plugin"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// instance is one run of a plugin process, from handshake to exit.
type instance struct {
	client *plugin.Client
	cmd    *exec.Cmd
	desk   deskv1.DeskClient
	meta   *deskv1.Metadata
	// configProblem says which settings the plugin reported missing.
	configProblem string
	pid           int
	started       time.Time
	stdio         []*lineLogger
}

// exited reports whether the process has ended (go-plugin has reaped it).
func (i *instance) exited() bool { return i.client.Exited() }

// exitStatus says how the process ended ("signal: killed", "exit status 2").
// Only call it once exited() is true or stop has returned: go-plugin's
// Wait has then filled cmd.ProcessState, and the client's lock orders that
// write before this read.
func (i *instance) exitStatus() string {
	if ps := i.cmd.ProcessState; ps != nil {
		return ps.String()
	}
	return "exited"
}

// stop ends the process (go-plugin asks it to shut down, waits two seconds,
// then kills it) and waits until it is reaped and its output forwarded.
// Safe on a process that has already exited.
func (i *instance) stop() {
	i.client.Kill()
	for _, w := range i.stdio {
		w.Flush()
	}
}

// launch starts one run of the plugin and prepares it to serve: handshake,
// metadata check, Configure. It must run on the supervisor's locked thread
// (see sysProcAttr). An error marked permanent will not go away by retrying.
func (s *supervisor) launch(ctx context.Context) (*instance, error) {
	m := s.cand.Manifest
	settings := s.settings()
	red := newRedactor(m.Config, settings)

	cmd := exec.Command(s.cand.Executable)
	cmd.Dir = s.cand.Dir
	// Env stays empty: with SkipHostEnv, go-plugin adds only its handshake
	// variables, and the plugin learns its settings through Configure. The
	// hub's environment holds every other desk's secrets and the store's.
	cmd.Env = nil
	cmd.SysProcAttr = sysProcAttr()

	stdout := &lineLogger{log: s.log, level: slog.LevelWarn, redact: red,
		msg: "desk plugin wrote to stdout; plugins must log to stderr"}
	stderr := &lineLogger{log: s.log, level: slog.LevelInfo, redact: red, msg: "desk plugin stderr"}
	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  sdk.Handshake,
		Plugins:          sdk.PluginSet(),
		Cmd:              cmd,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		AutoMTLS:         true,
		SkipHostEnv:      true,
		// Checked by go-plugin right before exec, on every restart: a binary
		// replaced since discovery is refused rather than run.
		SecureConfig: &plugin.SecureConfig{Checksum: s.cand.SHA256, Hash: sha256.New()},
		StartTimeout: s.opts.StartTimeout,
		Logger:       newHCLogger(s.log, filepath.Base(s.cand.Executable), red),
		SyncStdout:   stdout,
		SyncStderr:   stderr,
	})
	inst := &instance{client: client, cmd: cmd, stdio: []*lineLogger{stdout, stderr}}
	if err := s.prepare(ctx, inst, settings); err != nil {
		inst.stop()
		return nil, err
	}
	return inst, nil
}

func (s *supervisor) prepare(ctx context.Context, inst *instance, settings map[string]string) error {
	m := s.cand.Manifest
	rpc, err := inst.client.Client()
	if errors.Is(err, plugin.ErrChecksumsDoNotMatch) {
		return permanent(fmt.Errorf("binary %s changed since the hub checked it (checksum mismatch); "+
			"run `make build` and restart the hub", s.cand.Executable))
	}
	if err != nil {
		return fmt.Errorf("start %s: %w", s.cand.Executable, err)
	}
	inst.started = s.opts.Clock.Now()
	if inst.cmd.Process != nil {
		inst.pid = inst.cmd.Process.Pid
	}
	raw, err := rpc.Dispense(sdk.PluginName)
	if err != nil {
		return fmt.Errorf("dispense the desk service: %w", err)
	}
	desk, ok := raw.(deskv1.DeskClient)
	if !ok {
		return permanent(fmt.Errorf("dispensed %T, not a desk client", raw))
	}
	inst.desk = desk

	callCtx, cancel := context.WithTimeout(ctx, s.opts.CallTimeout)
	defer cancel()
	md, err := desk.GetMetadata(callCtx, &deskv1.GetMetadataRequest{})
	if err != nil {
		return fmt.Errorf("GetMetadata: %w", err)
	}
	switch {
	case md.GetId() != m.ID:
		return permanent(fmt.Errorf("the binary says it is plugin %q but its manifest says %q", md.GetId(), m.ID))
	case md.GetProtocolVersion() != sdk.ProtocolVersion:
		return permanent(fmt.Errorf("the binary speaks desk protocol %d, not %d as its manifest says",
			md.GetProtocolVersion(), sdk.ProtocolVersion))
	}
	inst.meta = md

	resp, err := desk.Configure(callCtx, &deskv1.ConfigureRequest{Settings: settings})
	if err != nil {
		return fmt.Errorf("Configure: %w", err)
	}
	if e := resp.GetError(); e != nil {
		// The plugin runs but lacks settings (a fresh `make run` without
		// INTERCOM_* credentials): the hub stays ready and says what is
		// missing; calls that need the settings answer with the plugin's
		// own message. Restarting with the same settings cannot help.
		inst.configProblem = "not configured: " + e.GetMessage()
	}
	return nil
}

// settings returns the plugin's own settings and nothing else: only the keys
// its manifest declares, so a plugin never sees another desk's values.
func (s *supervisor) settings() map[string]string {
	m := s.cand.Manifest
	var all map[string]string
	if s.opts.Settings != nil {
		all = s.opts.Settings(m.ID, m.Config)
	}
	out := make(map[string]string, len(m.Config))
	for _, k := range m.Config {
		if v, ok := all[k.Key]; ok {
			out[k.Key] = v
		}
	}
	for _, k := range slices.Sorted(maps.Keys(all)) {
		if _, ok := out[k]; !ok {
			s.log.Warn("ignoring a setting the plugin does not declare in its manifest; check for a typo",
				"setting", k)
		}
	}
	return out
}
