package pluginhost

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sigsentry/hub/core/binding"
	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/sdktest"
	"github.com/sigsentry/hub/plugins/sdk/sdktest/testdesk"
)

// testdeskBinary is the real test desk plugin, built once for all tests.
var testdeskBinary string

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) != "" {
		// Re-executed as the hub that a test SIGKILLs (see orphan_test.go).
		os.Exit(runHelperHub())
	}
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	dir, err := os.MkdirTemp("", "pluginhost-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer func() { _ = os.RemoveAll(dir) }()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	testdeskBinary, err = sdktest.BuildPlugin(ctx, sdktest.TestdeskPackage, dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

// plugins lays out dir/testdesk the way `make build` leaves a plugin: the
// manifest, a copy of the binary and its .sha256 file. It returns dir.
func plugins(t testing.TB, dir string) string {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	folder := filepath.Join(dir, testdesk.ID)
	if err := os.MkdirAll(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	m := testdesk.Manifest()
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(folder, sdk.ManifestFile), data, 0o644); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(folder, m.Executable)
	copyFile(t, testdeskBinary, exe)
	sum, err := fileSHA256(exe)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(exe+SidecarSuffix, fmt.Appendf(nil, "%x  %s\n", sum, m.Executable), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// copyFile writes a copy of src to dst through a temporary file and a
// rename, which also replaces a binary that is running.
func copyFile(t testing.TB, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = in.Close() }()
	tmp := dst + ".tmp"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		t.Fatal(err)
	}
}

// fakeDesk serves a testdesk.Fake and returns it with the settings that
// point the plugin at it.
func fakeDesk(t testing.TB) (*testdesk.Fake, map[string]string) {
	fake := testdesk.NewFake()
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	return fake, testdesk.Settings(srv.URL)
}

// startHost starts a Host over dir with settings for testdesk and stops it
// when the test ends.
func startHost(t testing.TB, opts Options, settings map[string]string) (*Host, *logRecorder) {
	t.Helper()
	rec, log := newLogRecorder(t)
	opts.Logger = log
	if opts.Settings == nil {
		opts.Settings = func(id string, _ []sdk.ConfigKey) map[string]string {
			if id == testdesk.ID {
				return settings
			}
			return nil
		}
	}
	h := New(opts)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := h.Start(ctx); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := h.Stop(ctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return h, rec
}

// platformOf is the platform's status as Platforms reports it.
func platformOf(h *Host, id string) binding.Platform {
	for _, p := range h.Platforms(context.Background()) {
		if p.ID == id {
			return p
		}
	}
	return binding.Platform{}
}

// pidOf is the process id of the plugin's current run, 0 when none.
func pidOf(h *Host, id string) int {
	s, err := h.lookup(id)
	if err != nil {
		return 0
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.inst == nil {
		return 0
	}
	return s.inst.pid
}

// eventually polls cond until it holds or within passes.
func eventually(t testing.TB, within time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > within {
			t.Fatalf("not %s within %s", what, within)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return time.Since(start)
}

// procState is the state letter of pid in /proc (R, S, T, Z...), or 0 when
// there is no such process.
func procState(pid int) byte {
	return statState("/proc/" + strconv.Itoa(pid) + "/stat")
}

// frozen reports whether every thread of pid has stopped (SIGSTOP).
func frozen(pid int) bool {
	stats, err := filepath.Glob("/proc/" + strconv.Itoa(pid) + "/task/*/stat")
	if err != nil || len(stats) == 0 {
		return false
	}
	for _, p := range stats {
		if statState(p) != 'T' {
			return false
		}
	}
	return true
}

func statState(path string) byte {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	// The state follows the parenthesised command name: "pid (comm) S ...".
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	if i < 0 || i+2 >= len(s) {
		return '?'
	}
	return s[i+2]
}

// alive reports whether pid is a live process: not gone, and not a zombie
// waiting for a parent (in a container, pid 1 may never reap orphans).
func alive(pid int) bool {
	st := procState(pid)
	return st != 0 && st != 'Z'
}

// testNow is a fixed time for domain objects the tests build.
var testNow = time.Date(2026, 3, 10, 15, 20, 0, 0, time.UTC)
