package sdk

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// ManifestFile is the name of the manifest in each plugins/<id>/ folder.
const ManifestFile = "plugin.json"

// Capabilities a desk can declare, in its manifest and in Metadata. The hub
// only makes calls that a capability covers.
const (
	CapOAuth      = "oauth"      // OAuthConfig, CompleteInstall
	CapWebhooks   = "webhooks"   // HandleWebhook
	CapCanvas     = "canvas"     // ParseCanvas, RenderCanvas
	CapNotes      = "notes"      // Post with INTERNAL
	CapReplies    = "replies"    // Post with PUBLIC
	CapAttributes = "attributes" // SetAttributes
	CapDisconnect = "disconnect" // Disconnect
)

// Manifest describes a plugin before it runs: the hub reads it to decide
// whether to start the binary at all.
type Manifest struct {
	// ID names the desk in URLs (/webhooks/{id}) and configuration
	// (platforms.<id>); it must equal the plugin's folder name.
	ID string `json:"id"`
	// Name is what people read ("Intercom").
	Name    string `json:"name"`
	Version string `json:"version"`
	// ProtocolVersions lists the sigsentry.desk major versions the binary
	// speaks; the hub starts it only when its own ProtocolVersion is listed.
	ProtocolVersions []int `json:"protocol_versions"`
	// Executable is the binary's path relative to the plugin folder. It may
	// not leave the folder.
	Executable string `json:"executable"`
	// SHA256, when set, is the hex digest the binary must have. Operators
	// pin it for binaries they did not build; `make build` writes a
	// <executable>.sha256 file beside binaries it builds, checked the same way.
	SHA256       string   `json:"sha256,omitempty"`
	Capabilities []string `json:"capabilities"`
	// Config lists the settings the plugin reads; the hub passes exactly
	// these from platforms.<id> and <ID>_<KEY> environment variables.
	Config []ConfigKey `json:"config"`
}

// ConfigKey documents one plugin setting.
type ConfigKey struct {
	Key         string `json:"key"`
	Description string `json:"description"`
	Secret      bool   `json:"secret,omitempty"`
	Required    bool   `json:"required,omitempty"`
}

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{1,31}$`)

// ReadManifest reads and validates dir/plugin.json.
func ReadManifest(dir string) (*Manifest, error) {
	path := filepath.Join(dir, ManifestFile)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	var m Manifest
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	if err := m.Validate(filepath.Base(dir)); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &m, nil
}

// Validate checks the manifest of the plugin in folder folderName.
func (m *Manifest) Validate(folderName string) error {
	switch {
	case !idPattern.MatchString(m.ID):
		return fmt.Errorf("id %q: want lowercase letters, digits and dashes, 2-32 characters", m.ID)
	case m.ID != folderName:
		return fmt.Errorf("id %q must equal the folder name %q", m.ID, folderName)
	case m.Name == "":
		return fmt.Errorf("name is required")
	case m.Version == "":
		return fmt.Errorf("version is required")
	case len(m.ProtocolVersions) == 0:
		return fmt.Errorf("protocol_versions is required")
	case m.Executable == "":
		return fmt.Errorf("executable is required")
	}
	if filepath.IsAbs(m.Executable) || !filepath.IsLocal(m.Executable) {
		return fmt.Errorf("executable %q leaves the plugin folder", m.Executable)
	}
	if m.SHA256 != "" && !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(m.SHA256) {
		return fmt.Errorf("sha256: want 64 lowercase hex digits")
	}
	// Unknown capabilities are allowed: a newer plugin may offer calls this
	// hub does not make yet, and additive change must not need a new major.
	for i, k := range m.Config {
		if k.Key == "" || strings.ContainsAny(k.Key, " =") {
			return fmt.Errorf("config[%d].key %q is not a valid key", i, k.Key)
		}
	}
	return nil
}

// Speaks reports whether the plugin speaks protocol major version v.
func (m *Manifest) Speaks(v int) bool { return slices.Contains(m.ProtocolVersions, v) }

// Has reports whether the plugin declares capability c.
func (m *Manifest) Has(c string) bool { return slices.Contains(m.Capabilities, c) }
