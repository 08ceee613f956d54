package wiring

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/sigsentry/hub/cmd/sigsentry/config"
)

// AdminToken is the bearer token of the admin API and the dashboard.
type AdminToken string

// adminTokenFile is where a generated token is kept between starts.
const adminTokenFile = "admin.token"

// EnsureAdminToken returns the configured token, or the one generated on an
// earlier start, or generates, saves (mode 0600) and prints a new one to out.
// The token is printed exactly once, on the start that creates it; it never
// goes to the structured log.
func EnsureAdminToken(cfg *config.Config, out io.Writer, log *slog.Logger) (AdminToken, error) {
	if cfg.AdminToken != "" {
		return AdminToken(cfg.AdminToken), nil
	}
	path := filepath.Join(cfg.DataDir, adminTokenFile)
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		tok := strings.TrimSpace(string(data))
		if len(tok) < 16 {
			return "", fmt.Errorf("admin token file %s is too short; delete it to generate a new one", path)
		}
		log.Info("admin token read from the data directory", "path", path)
		return AdminToken(tok), nil
	case !errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("read admin token: %w", err)
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("generate admin token: %w", err)
	}
	tok := "sst_" + base64.RawURLEncoding.EncodeToString(b[:])
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return "", fmt.Errorf("create data directory: %w", err)
	}
	// O_EXCL: two hubs starting at once on one data dir must not both win.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return EnsureAdminToken(cfg, out, log)
	}
	if err != nil {
		return "", fmt.Errorf("save admin token: %w", err)
	}
	if _, err := f.WriteString(tok + "\n"); err != nil {
		f.Close()
		return "", fmt.Errorf("save admin token: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("save admin token: %w", err)
	}
	fmt.Fprintf(out, "\n  Admin token (shown once, saved to %s):\n\n    %s\n\n"+
		"  Use it as 'Authorization: Bearer <token>' for /api/v1 and to log in to the dashboard.\n\n", path, tok)
	return AdminToken(tok), nil
}
