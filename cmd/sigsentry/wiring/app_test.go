package wiring

import (
	"bytes"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/fx"

	"github.com/sigsentry/hub/cmd/sigsentry/config"
)

func testConfig(t *testing.T) *config.Config {
	t.Helper()
	cfg, err := config.Load("", func(k string) string {
		switch k {
		case "SIGSENTRY_DATA_DIR":
			return t.TempDir()
		case "SIGSENTRY_ADDR":
			return "127.0.0.1:0"
		case "SIGSENTRY_CONFIG":
			return "../../../configs/sigsentry.yaml"
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestGraphIsComplete catches a missing or duplicate provider before a
// start-up would.
func TestGraphIsComplete(t *testing.T) {
	cfg := testConfig(t)
	if err := fx.ValidateApp(Options(cfg, slog.New(slog.DiscardHandler), io.Discard)); err != nil {
		t.Fatal(err)
	}
}

func TestAdminTokenGeneratedOnceAndKept(t *testing.T) {
	cfg := testConfig(t)
	log := slog.New(slog.DiscardHandler)
	var first, second bytes.Buffer
	tok1, err := EnsureAdminToken(cfg, &first, log)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(first.String(), string(tok1)) {
		t.Error("a generated token must be printed on the start that creates it")
	}
	info, err := os.Stat(filepath.Join(cfg.DataDir, adminTokenFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("token file: %v mode %v", err, info.Mode())
	}
	tok2, err := EnsureAdminToken(cfg, &second, log)
	if err != nil || tok2 != tok1 {
		t.Fatalf("second start: %q %v, want %q", tok2, err, tok1)
	}
	if second.Len() != 0 {
		t.Errorf("token printed again: %q", second.String())
	}
	cfg.AdminToken = "configured-token-0123456789"
	var third bytes.Buffer
	if tok, _ := EnsureAdminToken(cfg, &third, log); tok != "configured-token-0123456789" || third.Len() != 0 {
		t.Errorf("configured token must win silently, got %q", tok)
	}
}
