package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func writeFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "sigsentry.yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestShippedFileLoadsToDefaults(t *testing.T) {
	cfg, err := Load("../../../configs/sigsentry.yaml", env(nil))
	if err != nil {
		t.Fatalf("shipped config must load: %v", err)
	}
	want := Defaults()
	if cfg.Addr != want.Addr || cfg.PublicURL != want.PublicURL || cfg.DataDir != want.DataDir ||
		cfg.PluginsDir != want.PluginsDir || cfg.HTTP.ShutdownTimeout != want.HTTP.ShutdownTimeout {
		t.Errorf("shipped file drifts from Defaults(): %+v", cfg)
	}
	if !cfg.Embedded() {
		t.Error("shipped configuration must be embedded (no Redis, no PostgreSQL)")
	}
	if got := cfg.Platforms["intercom"]["oauth_base"]; got != "https://app.intercom.com" {
		t.Errorf("intercom oauth_base = %q", got)
	}
}

func TestEnvironmentWinsOverFile(t *testing.T) {
	p := writeFile(t, "addr: \":9000\"\nplatforms:\n  intercom:\n    client_id: from-file\n")
	cfg, err := Load(p, env(map[string]string{
		"SIGSENTRY_ADDR": "127.0.0.1:7000", "SIGSENTRY_REDIS_URL": "redis://127.0.0.1:6379/2",
		"SIGSENTRY_PUBLIC_URL": "https://hub.example.com/", "INTERCOM_CLIENT_ID": "from-env",
		"SIGSENTRY_HTTP_SHUTDOWN_TIMEOUT": "3s",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:7000" || cfg.RedisURL != "redis://127.0.0.1:6379/2" || cfg.Embedded() {
		t.Errorf("env not applied: %+v", cfg)
	}
	if cfg.PublicURL != "https://hub.example.com" {
		t.Errorf("public_url keeps trailing slash: %q", cfg.PublicURL)
	}
	if cfg.HTTP.ShutdownTimeout.Duration != 3*time.Second {
		t.Errorf("shutdown timeout = %v", cfg.HTTP.ShutdownTimeout)
	}
	got := cfg.Platform("intercom", []string{"client_id", "client_secret"}, env(map[string]string{"INTERCOM_CLIENT_SECRET": "s3"}))
	if got["client_id"] != "from-env" || got["client_secret"] != "s3" {
		t.Errorf("platform settings = %v", got)
	}
}

func TestBadValuesNameTheKey(t *testing.T) {
	cases := []struct {
		env  map[string]string
		file string
		want string
	}{
		{env: map[string]string{"SIGSENTRY_ADDR": "8080"}, want: "addr (SIGSENTRY_ADDR"},
		{env: map[string]string{"SIGSENTRY_PUBLIC_URL": "localhost:8080"}, want: "public_url (SIGSENTRY_PUBLIC_URL"},
		{env: map[string]string{"SIGSENTRY_REDIS_URL": "127.0.0.1:6379"}, want: "redis_url (SIGSENTRY_REDIS_URL"},
		{env: map[string]string{"SIGSENTRY_DATABASE_URL": "mysql://x"}, want: "database_url (SIGSENTRY_DATABASE_URL"},
		{env: map[string]string{"SIGSENTRY_ADMIN_TOKEN": "short"}, want: "admin_token"},
		{env: map[string]string{"SIGSENTRY_LOG_LEVEL": "loud"}, want: "log.level"},
		{env: map[string]string{"SIGSENTRY_LOG_FORMAT": "xml"}, want: "log.format"},
		{env: map[string]string{"SIGSENTRY_HTTP_MAX_BODY_BYTES": "lots"}, want: "SIGSENTRY_HTTP_MAX_BODY_BYTES"},
		{env: map[string]string{"SIGSENTRY_HTTP_SHUTDOWN_TIMEOUT": "soon"}, want: "SIGSENTRY_HTTP_SHUTDOWN_TIMEOUT"},
		{file: "adress: \":80\"\n", want: "adress"},
		{file: "http:\n  shutdown_timeout: forever\n", want: "forever"},
	}
	for _, tc := range cases {
		p := writeFile(t, tc.file)
		_, err := Load(p, env(tc.env))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("env %v file %q: error %v, want it to mention %q", tc.env, tc.file, err, tc.want)
		}
	}
}

func TestMissingExplicitFileIsAnError(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "nope.yaml"), env(nil)); err == nil {
		t.Fatal("a config path that does not exist must fail")
	}
	if _, err := Load("", env(map[string]string{"SIGSENTRY_CONFIG": "/nonexistent/x.yaml"})); err == nil {
		t.Fatal("SIGSENTRY_CONFIG pointing nowhere must fail")
	}
}

func TestEmptyFileMeansDefaults(t *testing.T) {
	cfg, err := Load(writeFile(t, ""), env(nil))
	if err != nil || cfg.Addr != ":8080" {
		t.Fatalf("empty file: %v %+v", err, cfg)
	}
}

func TestLogFileRoots(t *testing.T) {
	cfg, err := Load(writeFile(t, ""), env(map[string]string{"SIGSENTRY_LOG_FILE_ROOTS": "/var/log/app:/srv/logs"}))
	if err != nil || len(cfg.LogFileRoots) != 2 || cfg.LogFileRoots[1] != "/srv/logs" {
		t.Fatalf("roots: %v %v", cfg.LogFileRoots, err)
	}
	if _, err := Load(writeFile(t, ""), env(map[string]string{"SIGSENTRY_LOG_FILE_ROOTS": "logs"})); err == nil ||
		!strings.Contains(err.Error(), "log_file_roots") {
		t.Errorf("relative root: %v", err)
	}
}
