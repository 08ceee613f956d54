package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// DefaultPath is read when no path is given and the file exists.
const DefaultPath = "configs/sigsentry.yaml"

// Load reads path (or DefaultPath when path is empty and that file exists),
// applies the environment through getenv and validates the result.
func Load(path string, getenv func(string) string) (*Config, error) {
	cfg := Defaults()
	explicit := path != ""
	if path == "" {
		path = getenv("SIGSENTRY_CONFIG")
		explicit = path != ""
	}
	if path == "" {
		path = DefaultPath
	}
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		// An empty file decodes as io.EOF: it means "all defaults".
		if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("config file %s: %w", path, err)
		}
		cfg.source = path
	case errors.Is(err, fs.ErrNotExist) && !explicit:
		cfg.source = "defaults"
	default:
		return nil, fmt.Errorf("config file %s: %w", path, err)
	}
	if err := cfg.applyEnv(getenv); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

func (c *Config) applyEnv(getenv func(string) string) error {
	strs := map[string]*string{
		"SIGSENTRY_ADDR": &c.Addr, "SIGSENTRY_PUBLIC_URL": &c.PublicURL,
		"SIGSENTRY_DATA_DIR": &c.DataDir, "SIGSENTRY_ADMIN_TOKEN": &c.AdminToken,
		"SIGSENTRY_ENCRYPTION_KEY": &c.EncryptionKey, "SIGSENTRY_REDIS_URL": &c.RedisURL,
		"SIGSENTRY_DATABASE_URL": &c.DatabaseURL, "SIGSENTRY_PLUGINS_DIR": &c.PluginsDir,
		"SIGSENTRY_LOG_LEVEL": &c.Log.Level, "SIGSENTRY_LOG_FORMAT": &c.Log.Format,
	}
	for name, dst := range strs {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	if v := getenv("SIGSENTRY_LOG_FILE_ROOTS"); v != "" {
		c.LogFileRoots = strings.Split(v, ":")
	}
	if v := getenv("SIGSENTRY_HTTP_MAX_BODY_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("config: SIGSENTRY_HTTP_MAX_BODY_BYTES: want a number of bytes, got %q", v)
		}
		c.HTTP.MaxBodyBytes = n
	}
	if v := getenv("SIGSENTRY_HTTP_SHUTDOWN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("config: SIGSENTRY_HTTP_SHUTDOWN_TIMEOUT: want a duration such as 15s, got %q", v)
		}
		c.HTTP.ShutdownTimeout = Duration{d}
	}
	if v := getenv("SIGSENTRY_QUEUE_LEASE_TIME"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("config: SIGSENTRY_QUEUE_LEASE_TIME: want a duration such as 3m, got %q", v)
		}
		c.Queue.LeaseTime = Duration{d}
	}
	for id := range c.Platforms {
		for key := range c.Platforms[id] {
			if v := getenv(envName(id, key)); v != "" {
				c.Platforms[id][key] = v
			}
		}
	}
	return nil
}

func envName(id, key string) string {
	return strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(id + "_" + key))
}

// Validate names the key (and its variable) of the first bad value.
func (c *Config) Validate() error {
	bad := func(key, env, format string, args ...any) error {
		return fmt.Errorf("config: %s (%s, from %s): %s", key, env, c.source, fmt.Sprintf(format, args...))
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return bad("addr", "SIGSENTRY_ADDR", "want host:port such as :8080, got %q", c.Addr)
	}
	if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return bad("public_url", "SIGSENTRY_PUBLIC_URL", "want an absolute http(s) URL, got %q", c.PublicURL)
	}
	c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	if c.DataDir == "" {
		return bad("data_dir", "SIGSENTRY_DATA_DIR", "must not be empty")
	}
	if c.AdminToken != "" && len(c.AdminToken) < 16 {
		return bad("admin_token", "SIGSENTRY_ADMIN_TOKEN", "must be at least 16 characters (leave empty to generate one)")
	}
	if c.RedisURL != "" {
		if u, err := url.Parse(c.RedisURL); err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") {
			return bad("redis_url", "SIGSENTRY_REDIS_URL", "want redis://host:port/db")
		}
	}
	if c.DatabaseURL != "" {
		if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			return bad("database_url", "SIGSENTRY_DATABASE_URL", "want postgres://user:password@host:port/db")
		}
	}
	if c.PluginsDir == "" {
		return bad("plugins_dir", "SIGSENTRY_PLUGINS_DIR", "must not be empty")
	}
	for _, root := range c.LogFileRoots {
		if !filepath.IsAbs(root) {
			return bad("log_file_roots", "SIGSENTRY_LOG_FILE_ROOTS", "want absolute directories, got %q", root)
		}
	}
	if _, err := c.Log.SlogLevel(); err != nil {
		return bad("log.level", "SIGSENTRY_LOG_LEVEL", "want debug, info, warn or error, got %q", c.Log.Level)
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		return bad("log.format", "SIGSENTRY_LOG_FORMAT", "want text or json, got %q", c.Log.Format)
	}
	if c.HTTP.MaxBodyBytes < 1024 || c.HTTP.MaxBodyBytes > 64<<20 {
		return bad("http.max_body_bytes", "SIGSENTRY_HTTP_MAX_BODY_BYTES", "want 1024 to 67108864 bytes, got %d", c.HTTP.MaxBodyBytes)
	}
	if c.HTTP.ShutdownTimeout.Duration <= 0 {
		return bad("http.shutdown_timeout", "SIGSENTRY_HTTP_SHUTDOWN_TIMEOUT", "must be positive")
	}
	if c.Queue.LeaseTime.Duration < time.Second {
		return bad("queue.lease_time", "SIGSENTRY_QUEUE_LEASE_TIME", "want at least 1s, got %v", c.Queue.LeaseTime.Duration)
	}
	return nil
}

// SlogLevel converts the configured level.
func (l Log) SlogLevel() (slog.Level, error) {
	var lv slog.Level
	err := lv.UnmarshalText([]byte(l.Level))
	return lv, err
}
