package binding

import (
	"context"
	"time"
)

// Store keeps bindings and their install states. Missing ids yield a
// *core.Error with code core.ErrNotFound. Implementations seal Token at rest
// and refuse (core.ErrConflict) a second connected binding for the same
// platform and workspace, so that one workspace's webhooks reach exactly one
// project.
type Store interface {
	CreateBinding(ctx context.Context, b *Binding) error
	UpdateBinding(ctx context.Context, b *Binding) error
	GetBinding(ctx context.Context, id string) (*Binding, error)
	ListBindings(ctx context.Context, projectID string) ([]*Binding, error)
	// FindByWorkspace returns the connected (active or needs_reinstall)
	// binding of a desk workspace.
	FindByWorkspace(ctx context.Context, platform, workspaceID string) (*Binding, error)
	// ConnectedID is FindByWorkspace for callers that need only the id: it
	// opens no token and decodes no configuration, which is most of the
	// lookup's cost on the webhook path.
	ConnectedID(ctx context.Context, platform, workspaceID string) (string, error)
	// RecordActivity merges non-nil activity fields into the binding without
	// touching anything else, so that the pipeline cannot overwrite an
	// admin's concurrent configuration change.
	RecordActivity(ctx context.Context, id string, a Activity) error

	// SaveInstallState remembers an OAuth state (stored as a hash) for a
	// pending binding until expires.
	SaveInstallState(ctx context.Context, stateHash, bindingID string, expires time.Time) error
	// ConsumeInstallState deletes the state and returns its binding id, or
	// core.ErrNotFound when it is unknown, used or expired at now: a state
	// works once.
	ConsumeInstallState(ctx context.Context, stateHash string, now time.Time) (string, error)
}

// Desk is the part of a support desk the binding use cases need. The plugin
// host implements it; platforms without a loaded plugin are unknown.
type Desk interface {
	// AuthorizeURL returns the page where an admin approves the install.
	AuthorizeURL(ctx context.Context, b *Binding, state string) (string, error)
	// Revoke tells the desk to forget the binding's token. Best effort: a
	// binding is disconnected even when the desk cannot be reached.
	Revoke(ctx context.Context, b *Binding) error
}
