package pluginhost

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sigsentry/hub/core"
	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
	"github.com/sigsentry/hub/plugins/sdk/sdktest/testdesk"
)

func TestStartRunsThePluginAndReportsIt(t *testing.T) {
	fake, settings := fakeDesk(t)
	h, rec := startHost(t, Options{Dir: plugins(t, "")}, settings)

	p := platformOf(h, testdesk.ID)
	if p.Status != binding.PlatformRunning || p.Name != "Test desk" || p.Version != testdesk.Version || p.Error != "" {
		t.Fatalf("platform = %+v, want Test desk %s running", p, testdesk.Version)
	}
	if err := h.Ready(context.Background()); err != nil {
		t.Errorf("Ready: %v", err)
	}
	desk, m, err := h.Desk(testdesk.ID)
	if err != nil {
		t.Fatalf("Desk: %v", err)
	}
	if m.ID != testdesk.ID {
		t.Errorf("manifest id = %q", m.ID)
	}
	md, err := desk.GetMetadata(context.Background(), &deskv1.GetMetadataRequest{})
	if err != nil || md.GetId() != testdesk.ID || md.GetProtocolVersion() != 1 {
		t.Fatalf("GetMetadata = %v, %v", md, err)
	}
	// The settings reached the plugin through Configure: it posts to the
	// fake desk it was pointed at.
	resp, err := desk.Post(context.Background(), &deskv1.PostRequest{Credentials: testdesk.FakeCredentials(),
		ConversationId: testdesk.FakeConversationID, Visibility: deskv1.PostRequest_INTERNAL, Body: "hello",
		IdempotencyKey: "k1"})
	if err != nil || resp.GetError() != nil {
		t.Fatalf("Post = %v, %v", resp, err)
	}
	if n := fake.PostCount(testdesk.FakeConversationID); n != 1 {
		t.Errorf("fake desk holds %d posts, want 1", n)
	}

	// The plugin's own log lines (go-plugin's server logs "plugin address"
	// from inside the plugin) arrive in the hub's log with plugin=<id>.
	rec.waitFor(t, 5*time.Second, "from the plugin with plugin=testdesk", func(r record) bool {
		return r.Msg == "plugin address" && r.Attrs["plugin"] == testdesk.ID
	})
	for _, r := range rec.find(func(record) bool { return true }) {
		if strings.Contains(r.String(), testdesk.FakeClientSecret) {
			t.Errorf("a log line holds the client secret: %v", r)
		}
	}
}

func TestUnknownPlatform(t *testing.T) {
	h, _ := startHost(t, Options{Dir: t.TempDir()}, nil)
	_, _, err := h.Desk("nope")
	if !errors.Is(err, ErrUnknownPlatform) || core.ErrorCode(err) != core.ErrInvalid || core.ErrorField(err) != "platform" {
		t.Fatalf("Desk(nope) = %v; want ErrUnknownPlatform, invalid platform", err)
	}
	if got := h.Platforms(context.Background()); len(got) != 0 {
		t.Errorf("Platforms = %v, want none", got)
	}
	if err := h.Ready(context.Background()); err != nil {
		t.Errorf("Ready with no plugins: %v", err)
	}
}

func TestKilledPluginIsRestarted(t *testing.T) {
	_, settings := fakeDesk(t)
	h, rec := startHost(t, Options{Dir: plugins(t, "")}, settings)
	desk, _, err := h.Desk(testdesk.ID)
	if err != nil {
		t.Fatal(err)
	}
	pid := pidOf(h, testdesk.ID)
	if pid == 0 {
		t.Fatal("no pid for a running plugin")
	}

	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	took := eventually(t, 2*time.Second, "noticed", func() bool { return platformOf(h, testdesk.ID).Status != binding.PlatformRunning })
	if took > time.Second {
		t.Errorf("crash noticed after %s, want within a second", took)
	}

	// Down: calls fail fast with ErrUnavailable (503 for the desk), and so
	// does /readyz.
	start := time.Now()
	_, err = desk.CheckHealth(context.Background(), &deskv1.CheckHealthRequest{})
	if !errors.Is(err, ErrUnavailable) || core.ErrorCode(err) != core.ErrUnavailable {
		t.Errorf("CheckHealth while down = %v; want ErrUnavailable", err)
	}
	if time.Since(start) > 100*time.Millisecond {
		t.Errorf("a call while down took %s; want it to fail fast", time.Since(start))
	}
	if _, _, err := h.Desk(testdesk.ID); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Desk while down = %v; want ErrUnavailable", err)
	}
	if err := h.Ready(context.Background()); err == nil || !strings.Contains(err.Error(), "testdesk is restarting") {
		t.Errorf("Ready while down = %v; want testdesk restarting", err)
	}
	rec.waitFor(t, time.Second, "about the crash", func(r record) bool {
		return r.Msg == "desk plugin crashed; restarting" && r.Level == slog.LevelWarn &&
			r.Attrs["plugin"] == testdesk.ID && strings.Contains(r.Attrs["error"], "signal: killed")
	})

	// Back after the 1 s backoff, with a new process; the client from
	// before the crash follows it.
	eventually(t, 10*time.Second, "running again", func() bool { return platformOf(h, testdesk.ID).Status == binding.PlatformRunning })
	if newPid := pidOf(h, testdesk.ID); newPid == pid || newPid == 0 {
		t.Errorf("pid after restart = %d, was %d", newPid, pid)
	}
	resp, err := desk.CheckHealth(context.Background(), &deskv1.CheckHealthRequest{})
	if err != nil || !resp.GetOk() {
		t.Errorf("CheckHealth after restart = %v, %v; want ok (Configure ran again)", resp, err)
	}
	if err := h.Ready(context.Background()); err != nil {
		t.Errorf("Ready after restart: %v", err)
	}
}

func TestRepeatedCrashesMarkThePluginFailed(t *testing.T) {
	_, settings := fakeDesk(t)
	h, rec := startHost(t, Options{Dir: plugins(t, ""),
		Restart: RestartPolicy{Initial: 20 * time.Millisecond, Max: 40 * time.Millisecond, MaxCrashes: 3, Window: time.Minute},
	}, settings)

	for i := range 3 {
		var pid int
		eventually(t, 10*time.Second, "running", func() bool { pid = pidOf(h, testdesk.ID); return pid != 0 })
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			t.Fatalf("kill %d: %v", i, err)
		}
		eventually(t, 2*time.Second, "noticed", func() bool { return pidOf(h, testdesk.ID) != pid })
	}
	eventually(t, 2*time.Second, "failed", func() bool { return platformOf(h, testdesk.ID).Status == binding.PlatformFailed })
	p := platformOf(h, testdesk.ID)
	if !strings.Contains(p.Error, "crashed 3 times within 1m0s") {
		t.Errorf("failed platform error = %q; want the crash count", p.Error)
	}
	if err := h.Ready(context.Background()); err == nil || !strings.Contains(err.Error(), "testdesk is failed") {
		t.Errorf("Ready = %v; want it to name the failed plugin", err)
	}
	if _, _, err := h.Desk(testdesk.ID); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Desk = %v; want ErrUnavailable", err)
	}
	rec.waitFor(t, 0, "about the failure", func(r record) bool {
		return r.Level == slog.LevelError && strings.Contains(r.Msg, "desk plugin failed") && r.Attrs["plugin"] == testdesk.ID
	})
	// It stays down: no process is started any more.
	time.Sleep(200 * time.Millisecond)
	if pid := pidOf(h, testdesk.ID); pid != 0 {
		t.Errorf("a failed plugin runs again as %d", pid)
	}
}

func TestMissingSettingsKeepThePluginRunningAndSayWhat(t *testing.T) {
	_, settings := fakeDesk(t)
	delete(settings, testdesk.SettingClientID)
	h, rec := startHost(t, Options{Dir: plugins(t, "")}, settings)

	p := platformOf(h, testdesk.ID)
	if p.Status != binding.PlatformRunning || !strings.Contains(p.Error, "setting client_id is required") {
		t.Fatalf("platform = %+v; want running, with the plugin's message about the missing setting", p)
	}
	// A fresh hub without desk credentials is still ready to serve.
	if err := h.Ready(context.Background()); err != nil {
		t.Errorf("Ready = %v; want ready", err)
	}
	rec.waitFor(t, 0, "about the missing settings", func(r record) bool {
		return r.Level == slog.LevelWarn && strings.Contains(r.Attrs["problem"], "client_id")
	})
}

func TestStdoutNoiseIsLoggedAndHarmless(t *testing.T) {
	_, settings := fakeDesk(t)
	settings[testdesk.SettingStdoutNoise] = "true"
	h, rec := startHost(t, Options{Dir: plugins(t, "")}, settings)

	if p := platformOf(h, testdesk.ID); p.Status != binding.PlatformRunning {
		t.Fatalf("platform = %+v; want running despite stdout noise", p)
	}
	rec.waitFor(t, 5*time.Second, "with the stray stdout at warn", func(r record) bool {
		return r.Level == slog.LevelWarn && strings.Contains(r.Msg, "wrote to stdout") &&
			r.Attrs["plugin"] == testdesk.ID && strings.Contains(r.Attrs["line"], "junk on os.Stdout")
	})
	desk, _, err := h.Desk(testdesk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := desk.CheckHealth(context.Background(), &deskv1.CheckHealthRequest{}); err != nil || !resp.GetOk() {
		t.Errorf("CheckHealth = %v, %v", resp, err)
	}
}

func TestPluginDoesNotInheritTheEnvironment(t *testing.T) {
	const secret = "hunter2-from-the-hub-environment"
	t.Setenv("SIGSENTRY_TEST_DB_PASSWORD", secret)
	_, settings := fakeDesk(t)
	h, _ := startHost(t, Options{Dir: plugins(t, "")}, settings)

	pid := pidOf(h, testdesk.ID)
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/environ")
	if err != nil {
		t.Skipf("cannot read the plugin's environment: %v", err)
	}
	allowed := map[string]bool{"SIGSENTRY_DESK_PLUGIN": true, "PLUGIN_MIN_PORT": true, "PLUGIN_MAX_PORT": true,
		"PLUGIN_PROTOCOL_VERSIONS": true, "PLUGIN_CLIENT_CERT": true}
	for _, kv := range strings.Split(strings.TrimRight(string(data), "\x00"), "\x00") {
		key, _, _ := strings.Cut(kv, "=")
		if !allowed[key] {
			t.Errorf("plugin environment holds %s; want only go-plugin's handshake variables", key)
		}
	}
	if strings.Contains(string(data), secret) {
		t.Error("the hub's secret environment variable reached the plugin")
	}
}

func TestStopLeavesNoProcess(t *testing.T) {
	_, settings := fakeDesk(t)
	h, rec := startHost(t, Options{Dir: plugins(t, "")}, settings)
	pid := pidOf(h, testdesk.ID)
	if !alive(pid) {
		t.Fatalf("plugin %d not running before Stop", pid)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.Stop(ctx); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if _, err := os.Stat("/proc/" + strconv.Itoa(pid)); err == nil {
		t.Errorf("plugin process %d still exists after Stop", pid)
	}
	if _, _, err := h.Desk(testdesk.ID); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Desk after Stop = %v; want ErrUnavailable", err)
	}
	if err := h.Ready(context.Background()); err == nil {
		t.Error("Ready after Stop = nil")
	}
	if got := rec.find(func(r record) bool { return strings.Contains(r.Msg, "crashed") }); len(got) != 0 {
		t.Errorf("Stop was logged as a crash: %v", got)
	}
}

func TestBinarySwappedAfterDiscoveryIsNotRun(t *testing.T) {
	_, settings := fakeDesk(t)
	dir := plugins(t, "")
	h, _ := startHost(t, Options{Dir: dir}, settings)
	pid := pidOf(h, testdesk.ID)

	// Replace the binary with another build (same code, one byte more) the
	// way an attacker or a careless deploy would, then make the hub restart it.
	exe := dir + "/" + testdesk.ID + "/" + testdesk.Manifest().Executable
	copyFile(t, testdeskBinary, exe)
	f, err := os.OpenFile(exe, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.Write([]byte{0})
	_ = f.Close()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}

	eventually(t, 10*time.Second, "failed", func() bool { return platformOf(h, testdesk.ID).Status == binding.PlatformFailed })
	if p := platformOf(h, testdesk.ID); !strings.Contains(p.Error, "checksum mismatch") {
		t.Errorf("error = %q; want a checksum mismatch", p.Error)
	}
}

func TestPerCallDeadlines(t *testing.T) {
	_, settings := fakeDesk(t)
	h, _ := startHost(t, Options{Dir: plugins(t, ""), CallTimeout: 200 * time.Millisecond,
		SlowCallTimeout: 600 * time.Millisecond}, settings)
	desk, _, err := h.Desk(testdesk.ID)
	if err != nil {
		t.Fatal(err)
	}
	// A frozen plugin neither answers nor exits: only the deadline ends a call.
	pid := pidOf(h, testdesk.ID)
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = syscall.Kill(pid, syscall.SIGCONT) }()
	// kill returns before every thread of the plugin has stopped.
	eventually(t, 2*time.Second, "stopped", func() bool { return frozen(pid) })

	start := time.Now()
	_, err = desk.CheckHealth(context.Background(), &deskv1.CheckHealthRequest{})
	took := time.Since(start)
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "did not answer CheckHealth within 200ms") {
		t.Errorf("CheckHealth = %v; want ErrUnavailable after the quick deadline", err)
	}
	if took < 200*time.Millisecond || took > 550*time.Millisecond {
		t.Errorf("CheckHealth returned after %s; want about 200ms", took)
	}

	start = time.Now()
	_, err = desk.Post(context.Background(), &deskv1.PostRequest{Credentials: testdesk.FakeCredentials(),
		ConversationId: testdesk.FakeConversationID, Visibility: deskv1.PostRequest_INTERNAL, Body: "x", IdempotencyKey: "k"})
	took = time.Since(start)
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "did not answer Post within 600ms") {
		t.Errorf("Post = %v; want ErrUnavailable after the slow deadline", err)
	}
	if took < 600*time.Millisecond || took > 1500*time.Millisecond {
		t.Errorf("Post returned after %s; want about 600ms", took)
	}

	// A caller's own shorter deadline is the caller's failure, not the plugin's.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := desk.CheckHealth(ctx, &deskv1.CheckHealthRequest{}); errors.Is(err, ErrUnavailable) ||
		!errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("CheckHealth with the caller's deadline = %v; want context.DeadlineExceeded, not ErrUnavailable", err)
	}

	// Timeouts are not crashes: thawed, the same process serves again.
	if err := syscall.Kill(pid, syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	if resp, err := desk.CheckHealth(context.Background(), &deskv1.CheckHealthRequest{}); err != nil || !resp.GetOk() {
		t.Errorf("CheckHealth after SIGCONT = %v, %v", resp, err)
	}
	if p := platformOf(h, testdesk.ID); p.Status != binding.PlatformRunning || pidOf(h, testdesk.ID) != pid {
		t.Errorf("platform after timeouts = %+v, pid %d; want the same process running", p, pidOf(h, testdesk.ID))
	}
}

func TestStartDoesNotWaitBeyondItsContext(t *testing.T) {
	_, settings := fakeDesk(t)
	h := New(Options{Dir: plugins(t, ""), Settings: func(string, []sdk.ConfigKey) map[string]string { return settings }})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := h.Start(ctx); err != nil {
		t.Fatalf("Start with an ended context = %v; want nil, the plugin starting on its own", err)
	}
	t.Cleanup(func() { _ = h.Stop(context.Background()) })
	eventually(t, 10*time.Second, "running", func() bool { return platformOf(h, testdesk.ID).Status == binding.PlatformRunning })
	if err := h.Start(context.Background()); err == nil {
		t.Error("a second Start = nil; want an error")
	}
}
