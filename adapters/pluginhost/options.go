package pluginhost

import (
	"log/slog"
	"strings"
	"time"

	"github.com/sigsentry/hub/plugins/sdk"
)

// Options configure a Host. Only Dir is required.
type Options struct {
	// Dir is the plugins directory, scanned one level deep for
	// <id>/plugin.json. A missing directory means no plugins.
	Dir string
	// PublicURL is the hub's external base URL; OAuth redirects go to
	// PublicURL + "/oauth/<platform>/callback".
	PublicURL string
	// Settings returns a plugin's own settings, asked before every start.
	// keys are what the plugin's manifest declares; only those keys are
	// passed on. Nil means no settings.
	Settings func(id string, keys []sdk.ConfigKey) map[string]string
	// Logger receives the host's log and every plugin's (with plugin=<id>).
	// Nil discards.
	Logger *slog.Logger

	// CallTimeout bounds the quick calls (GetMetadata, Configure,
	// OAuthConfig, HandleWebhook, ParseCanvas, RenderCanvas, CheckHealth)
	// when the caller's context allows longer. Default 5 s: a desk waiting
	// on a webhook answer should not wait on a stuck plugin.
	CallTimeout time.Duration
	// SlowCallTimeout bounds the calls that reach the desk's API (Post,
	// SetAttributes, CompleteInstall, Disconnect). Default 30 s.
	SlowCallTimeout time.Duration
	// StartTimeout bounds one start's handshake. Default 10 s, under fx's
	// default start timeout of 15 s.
	StartTimeout time.Duration
	// PollInterval is how often a running plugin is checked for an exit.
	// Default 200 ms.
	PollInterval time.Duration
	// Restart is the restart policy; zero fields take their defaults.
	Restart RestartPolicy
	// Clock is the supervisors' time source. Default: the real clock.
	Clock Clock
}

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	o.PublicURL = strings.TrimRight(o.PublicURL, "/")
	o.CallTimeout = orDefault(o.CallTimeout, 5*time.Second)
	o.SlowCallTimeout = orDefault(o.SlowCallTimeout, 30*time.Second)
	o.StartTimeout = orDefault(o.StartTimeout, 10*time.Second)
	o.PollInterval = orDefault(o.PollInterval, 200*time.Millisecond)
	o.Restart = o.Restart.withDefaults()
	if o.Clock == nil {
		o.Clock = realClock{}
	}
	return o
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
