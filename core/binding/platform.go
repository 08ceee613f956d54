package binding

import "context"

// Platform states as the plugin host reports them.
const (
	PlatformRunning    = "running"
	PlatformRestarting = "restarting"
	PlatformFailed     = "failed"
)

// Platform is a support desk SigSentry can connect to: one loaded desk plugin.
type Platform struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Version      string   `json:"version"`
	Status       string   `json:"status"`
	Capabilities []string `json:"capabilities,omitempty"`
	// Error says why a failed platform failed.
	Error string `json:"error,omitempty"`
}

// Platforms lists the loaded desks. The plugin host implements it.
type Platforms interface {
	Platforms(ctx context.Context) []Platform
}
