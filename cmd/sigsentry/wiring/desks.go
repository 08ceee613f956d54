package wiring

import (
	"context"
	"log/slog"
	"os"

	"go.uber.org/fx"

	"github.com/sigsentry/hub/adapters/pluginhost"
	"github.com/sigsentry/hub/cmd/sigsentry/config"
	"github.com/sigsentry/hub/plugins/sdk"
)

// NewPluginHost discovers the desk plugins and runs them for the app's
// lifetime. Each plugin receives only the settings its manifest declares,
// from platforms.<id> and <ID>_<KEY> environment variables.
func NewPluginHost(lc fx.Lifecycle, cfg *config.Config, log *slog.Logger) *pluginhost.Host {
	h := pluginhost.New(pluginhost.Options{
		Dir:       cfg.PluginsDir,
		PublicURL: cfg.PublicURL,
		Logger:    log,
		Settings: func(id string, keys []sdk.ConfigKey) map[string]string {
			names := make([]string, len(keys))
			for i, k := range keys {
				names[i] = k.Key
			}
			return cfg.Platform(id, names, os.Getenv)
		},
	})
	lc.Append(fx.Hook{
		OnStart: func(ctx context.Context) error { return h.Start(ctx) },
		OnStop:  func(ctx context.Context) error { return h.Stop(ctx) },
	})
	return h
}
