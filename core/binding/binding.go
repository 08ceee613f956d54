package binding

import (
	"time"

	"github.com/sigsentry/hub/core"
)

// Status is where a binding is in its life.
type Status string

const (
	// StatusPending: created, waiting for the admin to finish the desk's OAuth install.
	StatusPending Status = "pending"
	// StatusActive: installed; webhooks are processed and results posted.
	StatusActive Status = "active"
	// StatusNeedsReinstall: the desk refused the token (401/403); an admin must install again.
	StatusNeedsReinstall Status = "needs_reinstall"
	// StatusInactive: disconnected or uninstalled; webhooks are ignored.
	StatusInactive Status = "inactive"
)

// Binding connects one project to one desk workspace.
type Binding struct {
	ID          string `json:"id"`
	ProjectID   string `json:"project_id"`
	Platform    string `json:"platform"`
	Status      Status `json:"status"`
	WorkspaceID string `json:"workspace_id"`
	Config      Config `json:"config"`
	// Desk holds non-secret facts the desk reported at install (installing
	// admin, region, API host). Plugins read them back on every call.
	Desk map[string]string `json:"desk"`
	// Token is the desk's OAuth token. Sealed at rest, never serialised.
	Token *Token `json:"-"`
	// StatusReason says, for a person, why the status is what it is.
	StatusReason string    `json:"status_reason,omitempty"`
	Activity     Activity  `json:"activity"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Token is an OAuth token as golang.org/x/oauth2 returns it.
type Token struct {
	AccessToken  string    `json:"access_token"`
	TokenType    string    `json:"token_type,omitempty"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	Expiry       time.Time `json:"expiry,omitempty"`
}

// Activity is what an operator checks first when a desk seems quiet.
type Activity struct {
	LastWebhookAt *time.Time `json:"last_webhook_at,omitempty"`
	LastPostedAt  *time.Time `json:"last_posted_at,omitempty"`
	LastError     string     `json:"last_error,omitempty"`
	LastErrorAt   *time.Time `json:"last_error_at,omitempty"`
}

// Connected reports whether the binding holds a workspace that may receive
// posts (active or waiting for a reinstall).
func (b *Binding) Connected() bool {
	return b.Status == StatusActive || b.Status == StatusNeedsReinstall
}

// Hint is the troubleshooting advice for the binding's status, as the
// dashboard and the desk panel show it.
func (b *Binding) Hint() string {
	switch b.Status {
	case StatusPending:
		return "Open the authorize link and approve the app in the desk to finish connecting."
	case StatusNeedsReinstall:
		return "The desk no longer accepts SigSentry's access token (the app was reinstalled, its permissions changed or the token was revoked). Connect the platform again to reinstall."
	case StatusInactive:
		return "This workspace is disconnected: webhooks are ignored and nothing is posted. Connect the platform again to resume."
	}
	return ""
}

// NewPending returns a binding waiting for its install.
func NewPending(projectID, platform string, now time.Time) *Binding {
	return &Binding{
		ID:        core.NewID(core.PrefixBinding),
		ProjectID: projectID,
		Platform:  platform,
		Status:    StatusPending,
		Config:    DefaultConfig(),
		Desk:      map[string]string{},
		CreatedAt: now,
		UpdatedAt: now,
	}
}
