package project

import (
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sigsentry/hub/core"
)

// Log source types the analysis engine can stream from.
const (
	SourceFile    = "file"
	SourceLoki    = "loki"
	SourceElastic = "elastic"
)

// File formats a file source can parse.
var fileFormats = map[string]bool{"json": true, "logfmt": true, "text": true}

// secretKeys are configuration keys that hold credentials. Whichever way they
// arrive (in config or in credentials), they are moved into Credentials, which
// is encrypted at rest and never returned by the API.
var secretKeys = map[string]bool{
	"password": true, "api_key": true, "token": true, "bearer_token": true,
	"secret": true, "client_secret": true, "access_token": true,
}

// LogSource is one place an analysis reads logs from.
type LogSource struct {
	ID        string         `json:"id"`
	ProjectID string         `json:"project_id"`
	Name      string         `json:"name"`
	Type      string         `json:"type"`
	Config    map[string]any `json:"config"`
	// Credentials hold secrets (passwords, API keys). They are sealed by the
	// store and never serialised: CredentialKeys says which are set.
	Credentials map[string]string `json:"-"`
	Active      bool              `json:"active"`
	CreatedAt   time.Time         `json:"created_at"`
	UpdatedAt   time.Time         `json:"updated_at"`
}

// CredentialKeys lists the names (never the values) of the stored secrets.
func (s *LogSource) CredentialKeys() []string {
	keys := make([]string, 0, len(s.Credentials))
	for k := range s.Credentials {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Normalize trims names and moves secret-looking keys from Config into
// Credentials.
func (s *LogSource) Normalize() {
	s.Name = strings.TrimSpace(s.Name)
	s.Type = strings.ToLower(strings.TrimSpace(s.Type))
	if s.Config == nil {
		s.Config = map[string]any{}
	}
	if s.Credentials == nil {
		s.Credentials = map[string]string{}
	}
	for k, v := range s.Config {
		if secretKeys[strings.ToLower(k)] {
			if str, ok := v.(string); ok && str != "" {
				s.Credentials[strings.ToLower(k)] = str
				delete(s.Config, k)
			}
			// A non-string secret stays in Config so that Validate refuses
			// it by name instead of dropping it silently.
		}
	}
}

// Validate checks the rules common to every source and those of its type.
func (s *LogSource) Validate() error {
	switch {
	case s.Name == "":
		return core.Invalid("name", "is required")
	case utf8.RuneCountInString(s.Name) > MaxNameLength:
		return core.Invalid("name", "must be at most %d characters", MaxNameLength)
	}
	for k := range s.Config {
		if secretKeys[strings.ToLower(k)] {
			return core.Invalid("config."+k, "a credential must be a non-empty string")
		}
	}
	for k := range s.Credentials {
		if !secretKeys[k] {
			return core.Invalid("credentials."+k, "unknown credential; use one of %s", strings.Join(credentialNames(), ", "))
		}
	}
	switch s.Type {
	case SourceFile:
		if err := requireString(s.Config, "path"); err != nil {
			return err
		}
		format, _ := s.Config["format"].(string)
		if format == "" {
			s.Config["format"] = "json"
		} else if !fileFormats[format] {
			return core.Invalid("config.format", "must be json, logfmt or text (got %q)", format)
		}
	case SourceLoki, SourceElastic:
		if err := requireString(s.Config, "url"); err != nil {
			return err
		}
		u, err := url.Parse(s.Config["url"].(string))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return core.Invalid("config.url", "must be an http(s) URL")
		}
		if u.User != nil {
			return core.Invalid("config.url", "must not embed credentials; put them in credentials")
		}
		key := "query"
		if s.Type == SourceElastic {
			key = "index"
		}
		if err := requireString(s.Config, key); err != nil {
			return err
		}
	case "":
		return core.Invalid("type", "is required (file, loki or elastic)")
	default:
		return core.Invalid("type", "must be file, loki or elastic (got %q)", s.Type)
	}
	return nil
}

func credentialNames() []string {
	names := make([]string, 0, len(secretKeys))
	for k := range secretKeys {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

func requireString(config map[string]any, key string) error {
	v, ok := config[key]
	if !ok {
		return core.Invalid("config."+key, "is required")
	}
	if str, ok := v.(string); !ok || strings.TrimSpace(str) == "" {
		return core.Invalid("config."+key, "must be a non-empty string")
	}
	return nil
}
