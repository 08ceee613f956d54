package pluginhost_test

import (
	"context"
	"errors"
	"log/slog"

	"github.com/sigsentry/hub/adapters/pluginhost"
	"github.com/sigsentry/hub/plugins/sdk"
	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// The hub starts the host once, hands it to the binding use cases and the
// platform list, and routes desk requests through Desk.
func Example() {
	host := pluginhost.New(pluginhost.Options{
		Dir:       "./plugins",
		PublicURL: "https://sigsentry.example.com",
		Logger:    slog.Default(),
		Settings: func(id string, keys []sdk.ConfigKey) map[string]string {
			// platforms.<id> from the hub's configuration; keys the manifest
			// does not declare are dropped by the host.
			return map[string]string{"client_id": "…", "client_secret": "…"}
		},
	})
	ctx := context.Background()
	if err := host.Start(ctx); err != nil {
		panic(err)
	}
	defer func() { _ = host.Stop(ctx) }()

	// A webhook for /webhooks/intercom:
	desk, manifest, err := host.Desk("intercom")
	switch {
	case errors.Is(err, pluginhost.ErrUnknownPlatform):
		// 400 (the error carries core.ErrInvalid)
	case errors.Is(err, pluginhost.ErrUnavailable):
		// 503: the desk retries the delivery later
	case manifest.Has(sdk.CapWebhooks):
		resp, err := desk.HandleWebhook(ctx, &deskv1.HandleWebhookRequest{Endpoint: "events"})
		_, _ = resp, err
	}
}
