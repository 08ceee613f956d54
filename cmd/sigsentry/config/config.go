package config

import (
	"time"
)

// Config is every setting of the hub. Field comments name the YAML key and
// the environment variable; configs/sigsentry.yaml explains each one.
type Config struct {
	Addr          string `yaml:"addr"`           // SIGSENTRY_ADDR
	PublicURL     string `yaml:"public_url"`     // SIGSENTRY_PUBLIC_URL
	DataDir       string `yaml:"data_dir"`       // SIGSENTRY_DATA_DIR
	AdminToken    string `yaml:"admin_token"`    // SIGSENTRY_ADMIN_TOKEN
	EncryptionKey string `yaml:"encryption_key"` // SIGSENTRY_ENCRYPTION_KEY
	RedisURL      string `yaml:"redis_url"`      // SIGSENTRY_REDIS_URL
	DatabaseURL   string `yaml:"database_url"`   // SIGSENTRY_DATABASE_URL
	PluginsDir    string `yaml:"plugins_dir"`    // SIGSENTRY_PLUGINS_DIR
	// LogFileRoots limits file log sources to these directories
	// (SIGSENTRY_LOG_FILE_ROOTS, separated by ":"). Empty: any path.
	LogFileRoots []string `yaml:"log_file_roots"`
	Log          Log      `yaml:"log"`
	HTTP         HTTP     `yaml:"http"`
	Queue        Queue    `yaml:"queue"`
	// Platforms holds each desk plugin's own settings by plugin id.
	Platforms map[string]map[string]string `yaml:"platforms"`

	// source says where the file came from, for error messages.
	source string
}

// Log configures the structured log.
type Log struct {
	Level  string `yaml:"level"`  // SIGSENTRY_LOG_LEVEL: debug, info, warn, error
	Format string `yaml:"format"` // SIGSENTRY_LOG_FORMAT: text or json
}

// HTTP configures the server.
type HTTP struct {
	MaxBodyBytes    int64    `yaml:"max_body_bytes"`   // SIGSENTRY_HTTP_MAX_BODY_BYTES
	ShutdownTimeout Duration `yaml:"shutdown_timeout"` // SIGSENTRY_HTTP_SHUTDOWN_TIMEOUT
}

// Queue configures the job queue (embedded or Redis).
type Queue struct {
	// LeaseTime is how long a job leased by a worker stays its own: a job
	// whose hub died runs again elsewhere (or after a restart) once it has
	// passed. Each job gets two thirds of it to finish.
	LeaseTime Duration `yaml:"lease_time"` // SIGSENTRY_QUEUE_LEASE_TIME
}

// Duration reads "15s" style values from YAML.
type Duration struct{ time.Duration }

// UnmarshalText parses a Go duration string.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return err
	}
	d.Duration = v
	return nil
}

// Defaults returns the settings used when neither file nor environment says
// otherwise.
func Defaults() Config {
	return Config{
		Addr:       ":8080",
		PublicURL:  "http://localhost:8080",
		DataDir:    "./data",
		PluginsDir: "./plugins",
		Log:        Log{Level: "info", Format: "text"},
		HTTP:       HTTP{MaxBodyBytes: 1 << 20, ShutdownTimeout: Duration{15 * time.Second}},
		Queue:      Queue{LeaseTime: Duration{3 * time.Minute}},
		Platforms: map[string]map[string]string{
			"intercom": {"oauth_base": "https://app.intercom.com"},
		},
	}
}

// Embedded reports whether the hub runs without external servers.
func (c *Config) Embedded() bool { return c.RedisURL == "" && c.DatabaseURL == "" }

// Platform returns the settings of one desk plugin. Environment variables
// named <ID>_<KEY> (INTERCOM_CLIENT_SECRET) win over the file, so the
// contract's INTERCOM_* variables work for Intercom and the same rule serves
// any desk dropped in later.
func (c *Config) Platform(id string, keys []string, getenv func(string) string) map[string]string {
	out := map[string]string{}
	for k, v := range c.Platforms[id] {
		if v != "" {
			out[k] = v
		}
	}
	for _, k := range keys {
		if v := getenv(envName(id, k)); v != "" {
			out[k] = v
		}
	}
	return out
}
