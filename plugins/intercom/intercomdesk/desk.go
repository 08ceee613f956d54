package intercomdesk

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// Version of this plugin, reported in GetMetadata.
const Version = "0.1.0"

// APIVersion is pinned on every request (FACTS §1): without the header the
// version chosen in the app's Developer Hub settings applies, which an admin
// may change under us.
const APIVersion = "2.16"

// Settings keys, from platforms.intercom in the hub's configuration.
const (
	SettingClientID       = "client_id"
	SettingClientSecret   = "client_secret"
	SettingAPIBase        = "api_base"
	SettingOAuthBase      = "oauth_base"
	SettingAppPackageCode = "app_package_code"
)

// Desk implements the desk protocol for Intercom.
type Desk struct {
	deskv1.UnimplementedDeskServer

	mu       sync.RWMutex
	settings settings
	http     *http.Client
}

type settings struct {
	clientID, clientSecret string
	apiBase                string // empty: the regional host from /me
	oauthBase              string
	appPackageCode         string
}

// New returns an unconfigured Intercom desk.
func New() *Desk {
	return &Desk{http: &http.Client{Timeout: 20 * time.Second}}
}

// GetMetadata says who the plugin is.
func (d *Desk) GetMetadata(context.Context, *deskv1.GetMetadataRequest) (*deskv1.Metadata, error) {
	return &deskv1.Metadata{
		Id: "intercom", Name: "Intercom", Version: Version, ProtocolVersion: sdk.ProtocolVersion,
		Capabilities: []string{sdk.CapOAuth, sdk.CapWebhooks, sdk.CapCanvas, sdk.CapNotes,
			sdk.CapReplies, sdk.CapAttributes, sdk.CapDisconnect},
	}, nil
}

// Configure takes the plugin's settings; the client secret verifies every
// webhook and canvas request, so nothing works without it.
func (d *Desk) Configure(_ context.Context, req *deskv1.ConfigureRequest) (*deskv1.ConfigureResponse, error) {
	s := settings{
		clientID:       strings.TrimSpace(req.Settings[SettingClientID]),
		clientSecret:   strings.TrimSpace(req.Settings[SettingClientSecret]),
		apiBase:        strings.TrimRight(strings.TrimSpace(req.Settings[SettingAPIBase]), "/"),
		oauthBase:      strings.TrimRight(strings.TrimSpace(req.Settings[SettingOAuthBase]), "/"),
		appPackageCode: strings.TrimSpace(req.Settings[SettingAppPackageCode]),
	}
	if s.oauthBase == "" {
		s.oauthBase = "https://app.intercom.com"
	}
	var missing []string
	if s.clientID == "" {
		missing = append(missing, "INTERCOM_CLIENT_ID (platforms.intercom.client_id)")
	}
	if s.clientSecret == "" {
		missing = append(missing, "INTERCOM_CLIENT_SECRET (platforms.intercom.client_secret)")
	}
	d.mu.Lock()
	d.settings = s
	d.mu.Unlock()
	if len(missing) > 0 {
		return &deskv1.ConfigureResponse{Error: sdk.Invalid("missing settings: %s; copy them from the Intercom Developer Hub (your app → Authentication)",
			strings.Join(missing, ", "))}, nil
	}
	return &deskv1.ConfigureResponse{}, nil
}

// CheckHealth answers whether the plugin has what it needs to serve.
func (d *Desk) CheckHealth(context.Context, *deskv1.CheckHealthRequest) (*deskv1.CheckHealthResponse, error) {
	s := d.current()
	if s.clientSecret == "" {
		return &deskv1.CheckHealthResponse{Ok: false, Message: "not configured: client secret missing"}, nil
	}
	return &deskv1.CheckHealthResponse{Ok: true}, nil
}

func (d *Desk) current() settings {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.settings
}

// apiBaseFor is the REST host of a workspace: the configured base for every
// region when set (tests, proxies), else the regional host recorded at
// install (FACTS §1: US, EU and AU have their own hosts).
func (s settings) apiBaseFor(desk map[string]string) string {
	if s.apiBase != "" {
		return s.apiBase
	}
	if b := desk["api_base"]; b != "" {
		return b
	}
	return "https://api.intercom.io"
}

// regionalBase maps /me's app.region onto the REST host.
func regionalBase(region string) string {
	switch strings.ToUpper(region) {
	case "EU":
		return "https://api.eu.intercom.io"
	case "AU":
		return "https://api.au.intercom.io"
	}
	return "https://api.intercom.io"
}
