package binding

import (
	"context"
	"errors"
	"fmt"

	"github.com/sigsentry/hub/core"
)

// Install is what a desk reports once an admin approved the app.
type Install struct {
	Token         Token
	WorkspaceID   string
	WorkspaceName string
	Desk          map[string]string
	// Notices are things an admin must still do by hand, in words.
	Notices []string
}

// Installer completes a desk's OAuth install: it exchanges the code for a
// token and asks the desk which workspace the token opens. The plugin host
// implements it with golang.org/x/oauth2 and the desk plugin.
type Installer interface {
	CompleteInstall(ctx context.Context, b *Binding, code string, attributes []string) (*Install, error)
}

// CompleteInstall finishes the install that state was issued for. A state
// works once and only for its platform. Installing a workspace that is
// already connected to the same project refreshes that binding (the
// reinstall after needs_reinstall); a workspace connected to another project
// is refused, so one workspace's conversations reach exactly one project.
func (m *Manager) CompleteInstall(ctx context.Context, inst Installer, platform, state, code string) (*Binding, []string, error) {
	if state == "" || code == "" {
		return nil, nil, core.Invalid("state", "the desk did not send back a code and state; start the install again")
	}
	id, err := m.store.ConsumeInstallState(ctx, HashState(state), m.now())
	if err != nil {
		if core.ErrorCode(err) == core.ErrNotFound {
			return nil, nil, core.Invalid("state", "this install link is unknown, used or expired (links work once, for %s); start the install again", InstallStateTTL)
		}
		return nil, nil, fmt.Errorf("consume install state: %w", err)
	}
	b, err := m.store.GetBinding(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if b.Platform != platform {
		return nil, nil, core.Invalid("state", "this install link belongs to %s, not %s", b.Platform, platform)
	}
	res, err := inst.CompleteInstall(ctx, b, code, attributeNames(b.Config))
	if err != nil {
		return nil, nil, err
	}
	if res.WorkspaceID == "" {
		return nil, nil, fmt.Errorf("desk %s reported no workspace id", platform)
	}
	target := b
	existing, err := m.store.FindByWorkspace(ctx, platform, res.WorkspaceID)
	switch {
	case err == nil && existing.ProjectID != b.ProjectID:
		return nil, nil, core.Conflict("workspace %s is already connected to another project; disconnect it there first", res.WorkspaceID)
	case err == nil:
		target = existing
	case core.ErrorCode(err) != core.ErrNotFound:
		return nil, nil, fmt.Errorf("find binding of workspace %s: %w", res.WorkspaceID, err)
	}
	now := m.now()
	target.Status = StatusActive
	target.StatusReason = ""
	target.WorkspaceID = res.WorkspaceID
	target.Token = &res.Token
	target.Desk = res.Desk
	if target.Desk == nil {
		target.Desk = map[string]string{}
	}
	if res.WorkspaceName != "" {
		target.Desk["workspace_name"] = res.WorkspaceName
	}
	target.UpdatedAt = now
	if err := m.store.UpdateBinding(ctx, target); err != nil {
		return nil, nil, fmt.Errorf("activate binding %s: %w", target.ID, err)
	}
	if target != b {
		b.Status = StatusInactive
		b.StatusReason = "superseded by the reinstall of binding " + target.ID
		b.UpdatedAt = now
		if err := m.store.UpdateBinding(ctx, b); err != nil && !errors.Is(err, context.Canceled) {
			m.log.WarnContext(ctx, "could not retire the pending binding of a reinstall", "binding_id", b.ID, "error", err)
		}
	}
	return target, res.Notices, nil
}

// MarkNeedsReinstall records that the desk refused the binding's token.
func (m *Manager) MarkNeedsReinstall(ctx context.Context, id, reason string) error {
	b, err := m.store.GetBinding(ctx, id)
	if err != nil {
		return err
	}
	if b.Status != StatusActive {
		return nil
	}
	b.Status = StatusNeedsReinstall
	b.StatusReason = reason
	b.UpdatedAt = m.now()
	return m.store.UpdateBinding(ctx, b)
}

// Uninstalled records that the desk told us the app was removed from the
// workspace: the binding becomes inactive and its token is forgotten.
func (m *Manager) Uninstalled(ctx context.Context, platform, workspaceID string) (*Binding, error) {
	b, err := m.store.FindByWorkspace(ctx, platform, workspaceID)
	if err != nil {
		return nil, err
	}
	b.Status = StatusInactive
	b.StatusReason = "the app was uninstalled from the workspace"
	b.Token = nil
	b.UpdatedAt = m.now()
	if err := m.store.UpdateBinding(ctx, b); err != nil {
		return nil, fmt.Errorf("mark binding %s uninstalled: %w", b.ID, err)
	}
	return b, nil
}

// attributeNames lists the desk attributes the mapping writes.
func attributeNames(c Config) []string {
	names := make([]string, 0, len(c.AttributeMapping))
	for _, f := range Mappable {
		if a, ok := c.AttributeMapping[f]; ok {
			names = append(names, a)
		}
	}
	return names
}
