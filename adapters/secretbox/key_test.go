package secretbox_test

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sigsentry/hub/adapters/secretbox"
)

func TestParseKeyAcceptsEveryBase64Spelling(t *testing.T) {
	key := bytes.Repeat([]byte{0xfb, 0xff, 0x3e}, 11)[:32] // bytes that encode to + / - _
	for _, enc := range []*base64.Encoding{
		base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding,
	} {
		s := enc.EncodeToString(key)
		got, err := secretbox.ParseKey("  " + s + "\n")
		if err != nil {
			t.Fatalf("ParseKey(%q): %v", s, err)
		}
		if !bytes.Equal(got, key) {
			t.Fatalf("ParseKey(%q) = %x, want %x", s, got, key)
		}
	}
}

func TestParseKeyErrorsSayWhatIsWrongWithoutTheKey(t *testing.T) {
	short := base64.StdEncoding.EncodeToString([]byte("sixteen byte key"))
	for input, want := range map[string]string{
		"":                      "empty",
		"   ":                   "empty",
		"not*base64!secret":     "not valid base64",
		short:                   "decodes to 16 bytes",
		strings.Repeat("A", 88): "decodes to 66 bytes",
	} {
		_, err := secretbox.ParseKey(input)
		if err == nil {
			t.Fatalf("ParseKey(%q) accepted", input)
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("ParseKey(%q) = %q, want it to mention %q", input, err, want)
		}
		if strings.TrimSpace(input) != "" && strings.Contains(err.Error(), strings.TrimSpace(input)) {
			t.Errorf("error %q repeats the key", err)
		}
	}
}

func TestLoadOrCreateKeyCreatesThenReloads(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "hub")
	key, created, err := secretbox.LoadOrCreateKey(dir)
	if err != nil || !created || len(key) != secretbox.KeySize {
		t.Fatalf("first call: %d-byte key, created %v, err %v", len(key), created, err)
	}
	info, err := os.Stat(filepath.Join(dir, secretbox.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("key file mode %04o, want 0600", perm)
	}
	if d, _ := os.Stat(dir); d.Mode().Perm() != 0o700 {
		t.Errorf("data dir mode %04o, want 0700", d.Mode().Perm())
	}
	again, created, err := secretbox.LoadOrCreateKey(dir)
	if err != nil || created || !bytes.Equal(again, key) {
		t.Fatalf("second call: same key %v, created %v, err %v", bytes.Equal(again, key), created, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("data dir holds %d entries, want only the key file", len(entries))
	}
}

func TestLoadOrCreateKeyReadsAnOperatorsKey(t *testing.T) {
	dir := t.TempDir()
	key := bytes.Repeat([]byte{7}, 32)
	path := filepath.Join(dir, secretbox.KeyFile)
	if err := os.WriteFile(path, []byte(base64.RawURLEncoding.EncodeToString(key)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, created, err := secretbox.LoadOrCreateKey(dir)
	if err != nil || created || !bytes.Equal(got, key) {
		t.Fatalf("got %x, created %v, err %v", got, created, err)
	}
}

func TestLoadOrCreateKeyRefusesBadFiles(t *testing.T) {
	t.Run("readable by others", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, secretbox.KeyFile)
		os.WriteFile(path, []byte(base64.StdEncoding.EncodeToString(make([]byte, 32))), 0o600)
		os.Chmod(path, 0o644)
		_, _, err := secretbox.LoadOrCreateKey(dir)
		if err == nil || !strings.Contains(err.Error(), "chmod 600") {
			t.Fatalf("err = %v, want a refusal that says chmod 600", err)
		}
	})
	t.Run("not a key", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, secretbox.KeyFile), []byte("c2hvcnQ=\n"), 0o600)
		_, _, err := secretbox.LoadOrCreateKey(dir)
		if err == nil || !strings.Contains(err.Error(), "decodes to 5 bytes") {
			t.Fatalf("err = %v, want the length problem", err)
		}
	})
}

func TestLoadOrCreateKeyConcurrentStartsAgree(t *testing.T) {
	dir := t.TempDir()
	const n = 8
	keys := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { keys[i], _, errs[i] = secretbox.LoadOrCreateKey(dir) })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("call %d: %v", i, errs[i])
		}
		if !bytes.Equal(keys[i], keys[0]) {
			t.Fatalf("call %d got a different key than call 0", i)
		}
	}
}
