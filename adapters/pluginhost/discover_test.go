package pluginhost

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sigsentry/hub/plugins/sdk"
)

// fakeBinary is enough for discovery, which never runs what it checks.
const fakeBinary = "#!/bin/sh\nexit 0\n"

// layout writes <dir>/<id>/plugin.json and, unless exe is "", the binary
// named by the manifest with content exe. edit may change the manifest.
func layout(t *testing.T, dir, id, exe string, edit func(*sdk.Manifest)) string {
	t.Helper()
	folder := filepath.Join(dir, id)
	if err := os.MkdirAll(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	m := &sdk.Manifest{ID: id, Name: "Test " + id, Version: "0.0.1", ProtocolVersions: []int{sdk.ProtocolVersion},
		Executable: "sigsentry-" + id, Capabilities: []string{sdk.CapOAuth}}
	if edit != nil {
		edit(m)
	}
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(folder, sdk.ManifestFile), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if exe != "" {
		if err := os.WriteFile(filepath.Join(folder, filepath.FromSlash(m.Executable)), []byte(exe), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return folder
}

func hexSHA256(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestDiscoverAcceptsAValidPlugin(t *testing.T) {
	dir := t.TempDir()
	folder := layout(t, dir, "alpha", fakeBinary, nil)
	if err := os.WriteFile(filepath.Join(folder, "sigsentry-alpha.sha256"),
		[]byte(hexSHA256(fakeBinary)+"  sigsentry-alpha\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Not plugins: the SDK and proto folders live in plugins/ too.
	if err := os.MkdirAll(filepath.Join(dir, "sdk"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("hi"), 0o644); err != nil {
		t.Fatal(err)
	}
	rec, log := newLogRecorder(t)

	got, errs := Discover(dir, log)
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	if len(got) != 1 || got[0].Manifest.ID != "alpha" {
		t.Fatalf("candidates = %+v, want alpha", got)
	}
	if want := filepath.Join(folder, "sigsentry-alpha"); got[0].Executable != want {
		t.Errorf("Executable = %s, want %s", got[0].Executable, want)
	}
	if hex.EncodeToString(got[0].SHA256) != hexSHA256(fakeBinary) {
		t.Errorf("SHA256 = %x, want the binary's digest", got[0].SHA256)
	}
	if n := len(rec.find(func(r record) bool { return r.Level >= slog.LevelWarn })); n != 0 {
		t.Errorf("%d warnings or errors for a valid, pinned plugin", n)
	}
}

func TestDiscoverMissingDirIsNoPlugins(t *testing.T) {
	rec, log := newLogRecorder(t)
	got, errs := Discover(filepath.Join(t.TempDir(), "nope"), log)
	if len(got) != 0 || len(errs) != 0 {
		t.Fatalf("got %v, %v; want nothing", got, errs)
	}
	rec.waitFor(t, 0, "about the missing directory", func(r record) bool {
		return strings.Contains(r.Msg, "no plugins directory")
	})
}

func TestDiscoverRefusals(t *testing.T) {
	outside := t.TempDir()
	outsideBin := filepath.Join(outside, "evil")
	if err := os.WriteFile(outsideBin, []byte(fakeBinary), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		setup  func(t *testing.T, dir string)
		reason string // in the log line and the error
	}{
		{"dotdot escape", func(t *testing.T, dir string) {
			layout(t, dir, "escape", "", func(m *sdk.Manifest) { m.Executable = "../other/bin" })
		}, "leaves the plugin folder"},
		{"symlink escape", func(t *testing.T, dir string) {
			folder := layout(t, dir, "linked", "", nil)
			if err := os.Symlink(outsideBin, filepath.Join(folder, "sigsentry-linked")); err != nil {
				t.Fatal(err)
			}
		}, "outside the plugin folder"},
		{"symlinked subfolder escape", func(t *testing.T, dir string) {
			folder := layout(t, dir, "subdir", "", func(m *sdk.Manifest) { m.Executable = "bin/evil" })
			if err := os.Symlink(outside, filepath.Join(folder, "bin")); err != nil {
				t.Fatal(err)
			}
		}, "outside the plugin folder"},
		{"missing binary", func(t *testing.T, dir string) {
			layout(t, dir, "missing", "", nil)
		}, "does not exist; run `make build`"},
		{"not executable", func(t *testing.T, dir string) {
			folder := layout(t, dir, "noexec", fakeBinary, nil)
			if err := os.Chmod(filepath.Join(folder, "sigsentry-noexec"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "is not executable"},
		{"bad protocol", func(t *testing.T, dir string) {
			layout(t, dir, "future", fakeBinary, func(m *sdk.Manifest) { m.ProtocolVersions = []int{2, 3} })
		}, "speaks desk protocol versions [2 3] but this hub speaks 1"},
		{"checksum mismatch in manifest", func(t *testing.T, dir string) {
			layout(t, dir, "pinned", fakeBinary, func(m *sdk.Manifest) { m.SHA256 = hexSHA256("something else") })
		}, "but the manifest pins"},
		{"checksum mismatch in sidecar", func(t *testing.T, dir string) {
			folder := layout(t, dir, "stale", fakeBinary, nil)
			if err := os.WriteFile(filepath.Join(folder, "sigsentry-stale.sha256"),
				[]byte(hexSHA256("the old build")+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "sigsentry-stale.sha256 says"},
		{"garbled sidecar", func(t *testing.T, dir string) {
			folder := layout(t, dir, "garbled", fakeBinary, nil)
			if err := os.WriteFile(filepath.Join(folder, "sigsentry-garbled.sha256"), []byte("xyz\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "does not hold a sha256 hex digest"},
		{"id differs from folder", func(t *testing.T, dir string) {
			layout(t, dir, "folder", fakeBinary, func(m *sdk.Manifest) { m.ID = "other" })
		}, "invalid manifest"},
		{"unparseable manifest", func(t *testing.T, dir string) {
			folder := filepath.Join(dir, "broken")
			if err := os.MkdirAll(folder, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(folder, sdk.ManifestFile), []byte("{"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "invalid manifest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.setup(t, dir)
			layout(t, dir, "good", fakeBinary, nil) // the scan goes on past a refusal
			rec, log := newLogRecorder(t)

			got, errs := Discover(dir, log)
			if len(got) != 1 || got[0].Manifest.ID != "good" {
				t.Errorf("candidates = %v, want only good", got)
			}
			if len(errs) != 1 {
				t.Fatalf("errors = %v, want one", errs)
			}
			var refused *RefusedError
			if !errors.As(errs[0], &refused) || !strings.Contains(refused.Reason, tt.reason) {
				t.Fatalf("error = %v, want a RefusedError containing %q", errs[0], tt.reason)
			}
			lines := rec.find(func(r record) bool { return r.Msg == "desk plugin refused" })
			if len(lines) != 1 || lines[0].Level != slog.LevelError || !strings.Contains(lines[0].Attrs["reason"], tt.reason) {
				t.Errorf("refusal log lines = %v, want one error line with reason %q", lines, tt.reason)
			}
		})
	}
}

func TestDiscoverWarnsAboutAnUnpinnedBinary(t *testing.T) {
	dir := t.TempDir()
	layout(t, dir, "loose", fakeBinary, nil)
	rec, log := newLogRecorder(t)
	got, errs := Discover(dir, log)
	if len(got) != 1 || len(errs) != 0 {
		t.Fatalf("got %v, %v; want the plugin accepted", got, errs)
	}
	rec.waitFor(t, 0, "warning about the missing checksum", func(r record) bool {
		return r.Level == slog.LevelWarn && strings.Contains(r.Msg, "no pinned checksum")
	})
}

func TestDedupeRefusesASecondPluginWithTheSameID(t *testing.T) {
	m := &sdk.Manifest{ID: "alpha"}
	found := []Candidate{{Manifest: m, Dir: "/p/alpha"}, {Manifest: &sdk.Manifest{ID: "beta"}, Dir: "/p/beta"},
		{Manifest: m, Dir: "/q/alpha"}}
	var refused []*RefusedError
	got := dedupe(found, func(e *RefusedError) { refused = append(refused, e) })
	if len(got) != 2 || got[0].Dir != "/p/alpha" || got[1].Dir != "/p/beta" {
		t.Errorf("kept %v, want the first alpha and beta", got)
	}
	if len(refused) != 1 || refused[0].Dir != "/q/alpha" || !strings.Contains(refused[0].Reason, "already taken by the plugin in /p/alpha") {
		t.Errorf("refused %v, want /q/alpha naming /p/alpha", refused)
	}
}
