package testdesk

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sync/atomic"
	"time"

	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// ID is the plugin's id, its folder name under plugins/ and its URL segment.
const ID = "testdesk"

// Version is the plugin's version, reported by GetMetadata and Manifest.
const Version = "1.0.0"

// Setting keys read by Configure.
const (
	SettingAPIBase      = "api_base"
	SettingClientID     = "client_id"
	SettingClientSecret = "client_secret"
	SettingStdoutNoise  = "stdout_noise"
)

// rawStdout is the process's real standard output, captured before
// go-plugin points os.Stdout at its own pipe, so that stdout_noise can write
// where a careless plugin would: the pipe the hub read the handshake from.
var rawStdout = os.Stdout

// Desk is the test desk plugin. It holds no state but its settings: the hub
// hands every call the credentials it needs.
type Desk struct {
	deskv1.UnimplementedDeskServer

	cfg  atomic.Pointer[config]
	http *http.Client
}

var _ deskv1.DeskServer = (*Desk)(nil)

// config is one accepted set of settings; Configure swaps it whole so that
// calls in flight keep a consistent view.
type config struct {
	apiBase      string
	clientID     string
	clientSecret string
}

// New returns an unconfigured Desk; the hub calls Configure before anything
// else.
func New() *Desk {
	// Clone the default transport but drop ProxyFromEnvironment: a plugin
	// reads no environment variables, and the hub starts it with none.
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.Proxy = nil
	return &Desk{http: &http.Client{Transport: transport, Timeout: 30 * time.Second}}
}

// Manifest is the plugin.json that goes beside the testdesk binary, for
// tests that lay out a plugins directory the way the hub discovers it.
func Manifest() sdk.Manifest {
	return sdk.Manifest{
		ID:               ID,
		Name:             "Test desk",
		Version:          Version,
		ProtocolVersions: []int{sdk.ProtocolVersion},
		Executable:       ID,
		Capabilities: []string{sdk.CapOAuth, sdk.CapWebhooks, sdk.CapCanvas, sdk.CapNotes,
			sdk.CapReplies, sdk.CapAttributes, sdk.CapDisconnect},
		Config: []sdk.ConfigKey{
			{Key: SettingAPIBase, Description: "Base URL of the desk's API", Required: true},
			{Key: SettingClientID, Description: "OAuth client id", Required: true},
			{Key: SettingClientSecret, Description: "OAuth client secret and webhook signing key", Secret: true, Required: true},
			{Key: SettingStdoutNoise, Description: `"true" prints junk to stdout inside Configure (tests only)`},
		},
	}
}

// GetMetadata reports the manifest's identity and every capability.
func (d *Desk) GetMetadata(context.Context, *deskv1.GetMetadataRequest) (*deskv1.Metadata, error) {
	m := Manifest()
	return &deskv1.Metadata{
		Id:              m.ID,
		Name:            m.Name,
		Version:         m.Version,
		ProtocolVersion: sdk.ProtocolVersion,
		Capabilities:    m.Capabilities,
	}, nil
}

// Configure validates and keeps the settings. A refused set leaves the
// previous one in place, so a bad reload does not break a working plugin.
func (d *Desk) Configure(_ context.Context, req *deskv1.ConfigureRequest) (*deskv1.ConfigureResponse, error) {
	s := req.GetSettings()
	for _, key := range []string{SettingAPIBase, SettingClientID, SettingClientSecret} {
		if s[key] == "" {
			return &deskv1.ConfigureResponse{Error: sdk.Invalid("setting %s is required", key)}, nil
		}
	}
	base, err := url.Parse(s[SettingAPIBase])
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return &deskv1.ConfigureResponse{Error: sdk.Invalid("setting %s: want an http(s) URL, got %q", SettingAPIBase, s[SettingAPIBase])}, nil
	}
	if s[SettingStdoutNoise] == "true" {
		// Both paths a stray print can take: os.Stdout (go-plugin's stdio
		// stream since the handshake) and the original descriptor.
		fmt.Fprintln(os.Stdout, "testdesk: junk on os.Stdout after the handshake")
		fmt.Fprintln(rawStdout, "testdesk: junk on the raw stdout after the handshake")
	}
	d.cfg.Store(&config{
		apiBase:      base.String(),
		clientID:     s[SettingClientID],
		clientSecret: s[SettingClientSecret],
	})
	return &deskv1.ConfigureResponse{}, nil
}

// CheckHealth answers without touching the network: the hub asks often, and
// the desk being down is reported by the calls that need it.
func (d *Desk) CheckHealth(context.Context, *deskv1.CheckHealthRequest) (*deskv1.CheckHealthResponse, error) {
	if d.cfg.Load() == nil {
		return &deskv1.CheckHealthResponse{Ok: false, Message: "not configured yet"}, nil
	}
	return &deskv1.CheckHealthResponse{Ok: true, Message: "ok"}, nil
}

// settings returns the current configuration, or a desk error when the hub
// has not called Configure yet.
func (d *Desk) settings() (*config, *deskv1.DeskError) {
	c := d.cfg.Load()
	if c == nil {
		return nil, sdk.Invalid("testdesk is not configured: Configure must come first")
	}
	return c, nil
}
