package binding

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"time"

	"github.com/sigsentry/hub/core"
)

// InstallStateTTL is how long an authorize link works.
const InstallStateTTL = 10 * time.Minute

// ProjectLookup is how bindings check that a project exists.
type ProjectLookup interface {
	ProjectExists(ctx context.Context, id string) error
}

// Manager holds the binding use cases.
type Manager struct {
	store    Store
	projects ProjectLookup
	desk     Desk
	log      *slog.Logger
	now      func() time.Time
}

// NewManager returns the binding use cases. desk may be nil while no desk
// plugin is loaded; installs are then refused with a clear error.
func NewManager(store Store, projects ProjectLookup, desk Desk, log *slog.Logger) *Manager {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Manager{store: store, projects: projects, desk: desk, log: log,
		now: func() time.Time { return time.Now().UTC() }}
}

// Install creates a pending binding and the authorize link that completes it.
func (m *Manager) Install(ctx context.Context, projectID, platform string) (*Binding, string, error) {
	if platform == "" {
		return nil, "", core.Invalid("platform", "is required")
	}
	if err := m.projects.ProjectExists(ctx, projectID); err != nil {
		return nil, "", err
	}
	if m.desk == nil {
		return nil, "", core.Invalid("platform", "platform %q is not loaded; check the plugins directory", platform)
	}
	b := NewPending(projectID, platform, m.now())
	state, err := newState()
	if err != nil {
		return nil, "", err
	}
	url, err := m.desk.AuthorizeURL(ctx, b, state)
	if err != nil {
		return nil, "", err
	}
	if err := m.store.CreateBinding(ctx, b); err != nil {
		return nil, "", fmt.Errorf("create binding: %w", err)
	}
	if err := m.store.SaveInstallState(ctx, HashState(state), b.ID, m.now().Add(InstallStateTTL)); err != nil {
		return nil, "", fmt.Errorf("save install state: %w", err)
	}
	return b, url, nil
}

// Get returns one binding.
func (m *Manager) Get(ctx context.Context, id string) (*Binding, error) {
	return m.store.GetBinding(ctx, id)
}

// List returns a project's bindings.
func (m *Manager) List(ctx context.Context, projectID string) ([]*Binding, error) {
	if err := m.projects.ProjectExists(ctx, projectID); err != nil {
		return nil, err
	}
	return m.store.ListBindings(ctx, projectID)
}

// Disconnect revokes the desk token (best effort) and makes the binding
// inactive: later webhooks for its workspace are ignored.
func (m *Manager) Disconnect(ctx context.Context, id string) (*Binding, error) {
	b, err := m.store.GetBinding(ctx, id)
	if err != nil {
		return nil, err
	}
	if b.Token != nil && m.desk != nil {
		if err := m.desk.Revoke(ctx, b); err != nil {
			m.log.WarnContext(ctx, "desk did not confirm token revocation; disconnecting anyway",
				"binding_id", b.ID, "platform", b.Platform, "error", err)
		}
	}
	b.Status = StatusInactive
	b.StatusReason = "disconnected by an admin"
	b.Token = nil
	b.UpdatedAt = m.now()
	if err := m.store.UpdateBinding(ctx, b); err != nil {
		return nil, fmt.Errorf("disconnect binding %s: %w", id, err)
	}
	return b, nil
}

// HashState is what the store keeps of an OAuth state: a leaked database does
// not let anyone complete a pending install.
func HashState(state string) string {
	sum := sha256.Sum256([]byte(state))
	return hex.EncodeToString(sum[:])
}

func newState() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("generate install state: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}
